#include "textflag.h"

// func skip16(data *byte, p, end, k int, comma byte) (pos, rem, st int)
//
// Looks at data[p:end] sixteen bytes at a time (SSE2, part of the amd64
// baseline) for the k-th delimiter. st is 1 when it was found with no
// quote before it (pos is just after it), 2 when a quote comes first, and
// 0 when fewer than sixteen bytes are left (pos and rem: where to go on
// and how many delimiters are still to skip).
TEXT ·skip16(SB), NOSPLIT, $0-64
	MOVQ    data+0(FP), SI
	MOVQ    p+8(FP), AX
	MOVQ    end+16(FP), DX
	MOVQ    k+24(FP), CX
	MOVBQZX comma+32(FP), BX
	MOVQ    BX, X1
	PUNPCKLBW X1, X1
	PSHUFLW $0, X1, X1
	PUNPCKLQDQ X1, X1
	MOVQ    $0x22, BX
	MOVQ    BX, X2
	PUNPCKLBW X2, X2
	PSHUFLW $0, X2, X2
	PUNPCKLQDQ X2, X2

loop:
	LEAQ    16(AX), BX
	CMPQ    BX, DX
	JGT     done
	MOVOU   (SI)(AX*1), X0
	MOVO    X0, X3
	PCMPEQB X1, X0
	PCMPEQB X2, X3
	PMOVMSKB X0, R8
	PMOVMSKB X3, R9

kloop:
	TESTQ   R8, R8
	JZ      nocomma
	BSFQ    R8, R10
	DECQ    CX
	JZ      found
	LEAQ    -1(R8), R11
	ANDQ    R11, R8
	JMP     kloop

nocomma:
	TESTQ   R9, R9
	JNZ     fail
	MOVQ    BX, AX
	JMP     loop

found:
	// A quote before the delimiter at R10 fails.
	MOVQ    R10, CX
	MOVQ    $1, R11
	SHLQ    CX, R11
	DECQ    R11
	TESTQ   R9, R11
	JNZ     fail
	LEAQ    1(AX)(R10*1), AX
	MOVQ    AX, pos+40(FP)
	MOVQ    $0, rem+48(FP)
	MOVQ    $1, st+56(FP)
	RET

fail:
	MOVQ    $0, pos+40(FP)
	MOVQ    $0, rem+48(FP)
	MOVQ    $2, st+56(FP)
	RET

done:
	MOVQ    AX, pos+40(FP)
	MOVQ    CX, rem+48(FP)
	MOVQ    $0, st+56(FP)
	RET
