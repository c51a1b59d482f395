#include "textflag.h"

// SSE2 (part of the amd64 baseline, so there is no CPU check) for the two
// searches of the scanner that look at many bytes: skipping a run of
// fields, and finding a closing quote.

// BCAST fills X with the low byte of R.
#define BCAST(R, X) \
	MOVQ       R, X; \
	PUNPCKLBW  X, X; \
	PSHUFLW    $0, X, X; \
	PUNPCKLQDQ X, X

// func skip16(data *byte, p, n, k int, comma byte) (pos, rem, st int)
//
// Looks at data[p:n] sixteen bytes at a time for the k-th delimiter,
// stopping at the first quote or '\n'. st is 1 when the delimiter comes
// first (pos is just after it, rem 0); 2 when a quote comes first and 3
// when a '\n' does (pos is where, rem how many delimiters were still to
// go); 0 when fewer than sixteen bytes are left (pos: where to go on, rem:
// the delimiters still to go).
TEXT ·skip16(SB), NOSPLIT, $0-64
	MOVQ    data+0(FP), SI
	MOVQ    p+8(FP), AX
	MOVQ    n+16(FP), DX
	MOVQ    k+24(FP), DI
	MOVBQZX comma+32(FP), BX
	BCAST(BX, X1)
	MOVQ    $0x22, BX
	BCAST(BX, X2)
	MOVQ    $0x0a, BX
	BCAST(BX, X4)

loop:
	LEAQ    16(AX), BX
	CMPQ    BX, DX
	JGT     short
	MOVOU   (SI)(AX*1), X0
	MOVO    X0, X3
	MOVO    X0, X5
	PCMPEQB X1, X0
	PCMPEQB X2, X3
	PCMPEQB X4, X5
	PMOVMSKB X0, R8  // delimiters
	PMOVMSKB X3, R9  // quotes
	PMOVMSKB X5, R12 // newlines
	ORQ     R12, R9  // stops
	TESTQ   R9, R9
	JZ      kloop
	// Only the delimiters before the first stop count.
	BSFQ    R9, CX
	MOVQ    $1, R11
	SHLQ    CX, R11
	DECQ    R11
	ANDQ    R11, R8

kloop:
	TESTQ   R8, R8
	JZ      next
	DECQ    DI
	JZ      found
	LEAQ    -1(R8), R11
	ANDQ    R11, R8
	JMP     kloop

next:
	TESTQ   R9, R9
	JNZ     stopped
	MOVQ    BX, AX
	JMP     loop

found:
	BSFQ    R8, R10
	LEAQ    1(AX)(R10*1), AX
	MOVQ    AX, pos+40(FP)
	MOVQ    $0, rem+48(FP)
	MOVQ    $1, st+56(FP)
	RET

stopped:
	// CX is the first stop: a newline (3) or a quote (2)?
	LEAQ    (AX)(CX*1), AX
	MOVQ    AX, pos+40(FP)
	MOVQ    DI, rem+48(FP)
	MOVQ    $2, BX
	BTQ     CX, R12
	ADCQ    $0, BX
	MOVQ    BX, st+56(FP)
	RET

short:
	MOVQ    AX, pos+40(FP)
	MOVQ    DI, rem+48(FP)
	MOVQ    $0, st+56(FP)
	RET

// func quote16(data *byte, p, n int) (pos int, found, nl bool)
//
// Looks at data[p:n] sixteen bytes at a time for the first '"'. found
// says whether it was found (at pos) before fewer than sixteen bytes were
// left (pos: where to go on); nl whether a '\n' came before pos.
TEXT ·quote16(SB), NOSPLIT, $0-34
	MOVQ    data+0(FP), SI
	MOVQ    p+8(FP), AX
	MOVQ    n+16(FP), DX
	MOVQ    $0x22, BX
	BCAST(BX, X2)
	MOVQ    $0x0a, BX
	BCAST(BX, X4)
	XORQ    R13, R13

qloop:
	LEAQ    16(AX), BX
	CMPQ    BX, DX
	JGT     qshort
	MOVOU   (SI)(AX*1), X0
	MOVO    X0, X3
	PCMPEQB X2, X0
	PCMPEQB X4, X3
	PMOVMSKB X0, R8
	PMOVMSKB X3, R9
	TESTQ   R8, R8
	JNZ     qfound
	ORQ     R9, R13
	MOVQ    BX, AX
	JMP     qloop

qfound:
	BSFQ    R8, CX
	MOVQ    $1, R11
	SHLQ    CX, R11
	DECQ    R11
	ANDQ    R11, R9
	ORQ     R9, R13
	LEAQ    (AX)(CX*1), AX
	MOVQ    AX, pos+24(FP)
	MOVB    $1, found+32(FP)
	TESTQ   R13, R13
	SETNE   nl+33(FP)
	RET

qshort:
	MOVQ    AX, pos+24(FP)
	MOVB    $0, found+32(FP)
	TESTQ   R13, R13
	SETNE   nl+33(FP)
	RET
