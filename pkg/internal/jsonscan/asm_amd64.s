#include "textflag.h"

// The stop masks of mask.go: for each 64 bytes, one bit per byte that is
// '"', '\\' or below 0x20.

// Sixteen copies of each byte the masks look for.
DATA quotes<>+0(SB)/8, $0x2222222222222222
DATA quotes<>+8(SB)/8, $0x2222222222222222
GLOBL quotes<>(SB), RODATA|NOPTR, $16
DATA backslashes<>+0(SB)/8, $0x5c5c5c5c5c5c5c5c
DATA backslashes<>+8(SB)/8, $0x5c5c5c5c5c5c5c5c
GLOBL backslashes<>(SB), RODATA|NOPTR, $16
DATA controls<>+0(SB)/8, $0x1f1f1f1f1f1f1f1f
DATA controls<>+8(SB)/8, $0x1f1f1f1f1f1f1f1f
GLOBL controls<>(SB), RODATA|NOPTR, $16

// MASK16 sets R to the stops of the 16 bytes at off(SI) (X1-X3: quotes,
// backslashes, controls).
#define MASK16(off, R) \
	MOVOU    off(SI), X5; \
	MOVOU    X5, X6; \
	PCMPEQB  X1, X6; \
	MOVOU    X5, X7; \
	PCMPEQB  X2, X7; \
	POR      X7, X6; \
	MOVOU    X5, X7; \
	PMINUB   X3, X7; \
	PCMPEQB  X5, X7; \
	POR      X7, X6; \
	PMOVMSKB X6, R

// func masks16(b *byte, m *uint64, n int)
//
// stopMasks with SSE2 (part of the amd64 baseline).
TEXT ·masks16(SB), NOSPLIT, $0-24
	MOVQ  b+0(FP), SI
	MOVQ  m+8(FP), DI
	MOVQ  n+16(FP), CX
	XORQ  AX, AX
	MOVOU quotes<>(SB), X1
	MOVOU backslashes<>(SB), X2
	MOVOU controls<>(SB), X3

loop16:
	CMPQ     AX, CX
	JGE      done16
	MASK16(0, R8)
	MASK16(16, R9)
	MASK16(32, R10)
	MASK16(48, R11)
	SHLQ     $16, R9
	SHLQ     $32, R10
	SHLQ     $48, R11
	ORQ      R9, R8
	ORQ      R11, R10
	ORQ      R10, R8
	MOVQ     R8, (DI)(AX*8)
	INCQ     AX
	ADDQ     $64, SI
	JMP      loop16

done16:
	RET

// MASK32 sets R to the stops of the 32 bytes at off(SI) (Y1-Y3: quotes,
// backslashes, controls).
#define MASK32(off, R) \
	VMOVDQU   off(SI), Y5; \
	VPCMPEQB  Y5, Y1, Y6; \
	VPCMPEQB  Y5, Y2, Y7; \
	VPOR      Y7, Y6, Y6; \
	VPMINUB   Y5, Y3, Y7; \
	VPCMPEQB  Y5, Y7, Y7; \
	VPOR      Y7, Y6, Y6; \
	VPMOVMSKB Y6, R

// func masks32(b *byte, m *uint64, n int)
//
// stopMasks with AVX2.
TEXT ·masks32(SB), NOSPLIT, $0-24
	MOVQ           b+0(FP), SI
	MOVQ           m+8(FP), DI
	MOVQ           n+16(FP), CX
	XORQ           AX, AX
	VBROADCASTI128 quotes<>(SB), Y1
	VBROADCASTI128 backslashes<>(SB), Y2
	VBROADCASTI128 controls<>(SB), Y3

loop32:
	CMPQ  AX, CX
	JGE   done32
	MASK32(0, R8)
	MASK32(32, R9)
	SHLQ  $32, R9
	ORQ   R9, R8
	MOVQ  R8, (DI)(AX*8)
	INCQ  AX
	ADDQ  $64, SI
	JMP   loop32

done32:
	VZEROUPPER
	RET

// Simple escapes: 1 at '"', '/', '\\', 'b', 'f', 'n', 'r' and 't'
// (escape's two-byte cases).
DATA escapes<>+0x20(SB)/8, $0x0000000000010000
DATA escapes<>+0x28(SB)/8, $0x0100000000000000
DATA escapes<>+0x58(SB)/8, $0x0000000100000000
DATA escapes<>+0x60(SB)/8, $0x0001000000010000
DATA escapes<>+0x68(SB)/8, $0x0001000000000000
DATA escapes<>+0x70(SB)/8, $0x0000000100010000
GLOBL escapes<>(SB), RODATA|NOPTR, $256

// func members(b *byte, n, i int, seq *pattern, nseq, p int, mask *uint64, lo, words int, spans *span, nspans int, ends *int, nends int) (ni, np int, end bool, lines int)
//
// Scanner.compact's loop (see runGo, which it must match): the members of the
// object from b[i], the p-th, for as long as they are as seq predicts and
// plain. mask holds the masks of words lo to lo+words-1. Registers: SI b,
// DX n, R8 n-16, AX i, BX p, R14 &seq[p], R10 mask, R12 spans; DI the
// value's index, R15 the index after it. With nends > 0, Run's loop (see
// linesGo): the lines that follow too, each's spans after the last's.
TEXT ·members(SB), NOSPLIT, $0-136
	MOVQ $0, lines+128(FP)
	MOVQ b+0(FP), SI
	MOVQ n+8(FP), DX
	LEAQ -16(DX), R8
	MOVQ i+16(FP), AX
	MOVQ p+40(FP), BX
	LEAQ (BX)(BX*2), R14
	SHLQ $4, R14
	ADDQ seq+24(FP), R14
	MOVQ mask+48(FP), R10
	MOVQ spans+72(FP), R12

member:
	CMPQ    BX, nseq+32(FP)
	JAE     stop
	CMPQ    AX, R8
	JGT     stop
	// The key: the pattern's sixteen bytes.
	MOVQ    (SI)(AX*1), CX
	XORQ    0(R14), CX
	ANDQ    16(R14), CX
	MOVQ    8(SI)(AX*1), DI
	XORQ    8(R14), DI
	ANDQ    24(R14), DI
	ORQ     DI, CX
	JNZ     stop
	// The value: at most 15 bytes on (maxPattern), so before n.
	MOVQ    32(R14), DI
	ADDQ    AX, DI
	MOVBLZX (SI)(DI*1), CX
	CMPL    CX, $0x22
	JNE     integer
	LEAQ    1(DI), R15

find:
	// A string: the first stop at or after R15 in the window's words.
	MOVQ  R15, R9
	SHRQ  $6, R9
	SUBQ  lo+56(FP), R9
	CMPQ  R9, words+64(FP)
	JAE   stop
	MOVQ  (R10)(R9*8), R11
	MOVQ  R15, CX
	SHRQ  CX, R11
	BSFQ  R11, R11
	JZ    nextword
	ADDQ  R11, R15

closed:
	// (A stop is a byte of b: the masks pad b with bytes that stop none.)
	MOVBLZX (SI)(R15*1), CX
	CMPL    CX, $0x22
	JNE     escaped
	INCQ    DI
	MOVL    $1, R9

store:
	// The value is [DI, R15), its slot the pattern's; R15+R9 is the
	// index after it (R9 1 after a string, for its closing quote).
	MOVQ 40(R14), R13
	CMPQ R13, nspans+80(FP)
	JAE  separator
	SHLQ $4, R13
	MOVQ DI, 0(R12)(R13*1)
	MOVQ R15, 8(R12)(R13*1)

separator:
	ADDQ    R9, R15
	CMPQ    R15, DX
	JGE     stop
	MOVBLZX (SI)(R15*1), CX
	CMPL    CX, $0x2c
	JNE     last
	LEAQ    1(R15), AX
	INCQ    BX
	ADDQ    $48, R14 // (the size of a pattern)
	JMP     member

last:
	CMPL CX, $0x7d
	JNE  stop
	INCQ BX
	LEAQ 1(R15), AX
	CMPQ nends+96(FP), $0
	JNE  lineend

ended:
	MOVQ AX, ni+104(FP)
	MOVQ BX, np+112(FP)
	MOVB $1, end+120(FP)
	RET

stop:
	MOVQ AX, ni+104(FP)
	MOVQ BX, np+112(FP)
	MOVB $0, end+120(FP)
	RET

lineend:
	// A line read: it ends at AX, '\n' or the end of b; the next one is
	// read when it starts with '{'.
	CMPQ AX, DX
	JEQ  endline
	CMPB (SI)(AX*1), $0x0a
	JNE  ended

endline:
	MOVQ lines+128(FP), R9
	MOVQ ends+88(FP), R13
	MOVQ AX, (R13)(R9*8)
	INCQ R9
	MOVQ R9, lines+128(FP)
	CMPQ R9, nends+96(FP)
	JAE  ended
	LEAQ 2(AX), R9
	CMPQ R9, DX
	JGE  ended
	CMPB -1(SI)(R9*1), $0x7b
	JNE  ended
	MOVQ R9, AX
	XORL BX, BX
	MOVQ seq+24(FP), R14
	MOVQ nspans+80(FP), R13
	SHLQ $4, R13
	ADDQ R13, R12
	JMP  member

nextword:
	INCQ  R9
	CMPQ  R9, words+64(FP)
	JAE   stop
	MOVQ  (R10)(R9*8), R11
	BSFQ  R11, R11
	JZ    nextword
	ADDQ  lo+56(FP), R9
	SHLQ  $6, R9
	LEAQ  (R9)(R11*1), R15
	JMP   closed

escaped:
	// A simple escape in a string whose value is not wanted is skipped;
	// anything else stops the loop.
	CMPL    CX, $0x5c
	JNE     stop
	MOVQ    40(R14), R13
	CMPQ    R13, nspans+80(FP)
	JB      stop
	ADDQ    $2, R15
	CMPQ    R15, DX
	JGT     stop
	MOVBLZX -1(SI)(R15*1), CX
	LEAQ    escapes<>(SB), R9
	CMPB    (R9)(CX*1), $0
	JEQ     stop
	JMP     find

integer:
	// '1' to '9' and digits; or null.
	CMPL CX, $0x6e
	JEQ  null
	SUBL $0x31, CX
	CMPL CX, $8
	JA   stop
	LEAQ 1(DI), R15

digit:
	CMPQ    R15, DX
	JGE     stop
	MOVBLZX (SI)(R15*1), CX
	SUBL    $0x30, CX
	CMPL    CX, $9
	JA      digits
	INCQ    R15
	JMP     digit

digits:
	// (A fraction or an exponent fails the separator's check.)
	XORL R9, R9
	JMP  store

null:
	// An empty span; R9 the index after null.
	LEAQ 4(DI), R9
	CMPQ R9, DX
	JGT  stop
	CMPL (SI)(DI*1), $0x6c6c756e
	JNE  stop
	XORL DI, DI
	XORL R15, R15
	JMP  store
