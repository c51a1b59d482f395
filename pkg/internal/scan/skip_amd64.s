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

// The results of skip16 and skip32 (AX is the current block, DI the
// delimiters still to go) and of quote16 and quote32.

// SKIPARGS loads the arguments of skip16 and skip32 but comma.
#define SKIPARGS \
	MOVQ data+0(FP), SI; \
	MOVQ p+8(FP), AX; \
	MOVQ n+16(FP), DX; \
	MOVQ k+24(FP), DI

// SKIPFOUND: the delimiter is bit R10 of the block.
#define SKIPFOUND \
	LEAQ 1(AX)(R10*1), AX; \
	MOVQ AX, pos+40(FP); \
	MOVQ $0, rem+48(FP); \
	MOVQ $1, st+56(FP)

// SKIPSTOPPED: the first stop is bit CX of the block, a newline (3) if
// it is set in R12, else a quote (2).
#define SKIPSTOPPED \
	LEAQ (AX)(CX*1), AX; \
	MOVQ AX, pos+40(FP); \
	MOVQ DI, rem+48(FP); \
	MOVQ $2, BX; \
	BTQ  CX, R12; \
	ADCQ $0, BX; \
	MOVQ BX, st+56(FP)

// SKIPSHORT: the data ends (or too little of it is left) at R.
#define SKIPSHORT(R) \
	MOVQ R, pos+40(FP); \
	MOVQ DI, rem+48(FP); \
	MOVQ $0, st+56(FP)

// QUOTEFOUND: the quote is the lowest bit of R9 in the block at AX, R12
// the block's newlines, R13 whether one came in the blocks before.
#define QUOTEFOUND \
	BSFQ  R9, CX; \
	MOVQ  $1, R11; \
	SHLQ  CX, R11; \
	DECQ  R11; \
	ANDQ  R11, R12; \
	ORQ   R12, R13; \
	LEAQ  (AX)(CX*1), AX; \
	MOVQ  AX, pos+24(FP); \
	MOVB  $1, found+32(FP); \
	TESTQ R13, R13; \
	SETNE nl+33(FP)

// QUOTESHORT: no quote before R, where the data ends or too little of it
// is left.
#define QUOTESHORT(R) \
	MOVQ  R, pos+24(FP); \
	MOVB  $0, found+32(FP); \
	TESTQ R13, R13; \
	SETNE nl+33(FP)

// func skip16(data *byte, p, n, k int, comma byte) (pos, rem, st int)
//
// Looks at data[p:n] sixteen bytes at a time for the k-th delimiter,
// stopping at the first quote or '\n'. st is 1 when the delimiter comes
// first (pos is just after it, rem 0); 2 when a quote comes first and 3
// when a '\n' does (pos is where, rem how many delimiters were still to
// go); 0 when fewer than sixteen bytes are left (pos: where to go on, rem:
// the delimiters still to go).
TEXT ·skip16(SB), NOSPLIT, $0-64
	SKIPARGS
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
	SKIPFOUND
	RET

stopped:
	SKIPSTOPPED
	RET

short:
	SKIPSHORT(AX)
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
	PMOVMSKB X0, R9  // quotes
	PMOVMSKB X3, R12 // newlines
	TESTQ   R9, R9
	JNZ     qfound
	ORQ     R12, R13
	MOVQ    BX, AX
	JMP     qloop

qfound:
	QUOTEFOUND
	RET

qshort:
	QUOTESHORT(AX)
	RET

// The AVX2 twins of skip16 and quote16 look at 32 bytes at a time and
// finish the data themselves: the last block is the 32 bytes that end at
// n, their bytes before p shifted out of the masks. The caller checks
// that p+32 <= n. POPCNT (which every AVX2 CPU has) counts a block's
// delimiters at once.

// The bytes to broadcast, read from memory: moving them from a general
// register to X is a legacy SSE instruction, and mixing those with AVX
// made skip32 ten times slower than skip16 on our machines.
DATA quote<>+0(SB)/1, $0x22
GLOBL quote<>(SB), RODATA|NOPTR, $1
DATA newline<>+0(SB)/1, $0x0a
GLOBL newline<>(SB), RODATA|NOPTR, $1

// MASKS32 loads the 32 bytes at (SI)(R) and sets R8 to the delimiters
// (Y1), R9 to the quotes (Y2) and R12 to the newlines (Y4) among them.
#define MASKS32(R) \
	VMOVDQU   (SI)(R*1), Y0; \
	VPCMPEQB  Y1, Y0, Y3; \
	VPCMPEQB  Y2, Y0, Y5; \
	VPCMPEQB  Y4, Y0, Y6; \
	VPMOVMSKB Y3, R8; \
	VPMOVMSKB Y5, R9; \
	VPMOVMSKB Y6, R12

// LASTBLOCK loads the 32 bytes that end at DX into the masks, shifted so
// that bit 0 is the byte at AX, and sets BX to DX.
#define LASTBLOCK \
	LEAQ    -32(DX), CX; \
	MASKS32(CX); \
	MOVQ    AX, CX; \
	SUBQ    DX, CX; \
	ADDQ    $32, CX; \
	SHRQ    CX, R8; \
	SHRQ    CX, R9; \
	SHRQ    CX, R12; \
	MOVQ    DX, BX

// func skip32(data *byte, p, n, k int, comma byte) (pos, rem, st int)
//
// skip16 with AVX2, to the end of the data: st 0 means pos is n.
TEXT ·skip32(SB), NOSPLIT, $0-64
	SKIPARGS
	VPBROADCASTB comma+32(FP), Y1
	VPBROADCASTB quote<>(SB), Y2
	VPBROADCASTB newline<>(SB), Y4

sloop:
	LEAQ    32(AX), BX
	CMPQ    BX, DX
	JGT     slast
	MASKS32(AX)

sblock:
	// AX is the block's first byte, BX where the next block starts.
	MOVQ    R9, R13
	ORQ     R12, R13 // stops
	JZ      scount
	// Only the delimiters before the first stop count.
	BSFQ    R13, CX
	MOVQ    $1, R11
	SHLQ    CX, R11
	DECQ    R11
	ANDQ    R11, R8

scount:
	POPCNTQ R8, R10
	CMPQ    R10, DI
	JGE     sfound
	SUBQ    R10, DI
	TESTQ   R13, R13
	JNZ     sstopped
	MOVQ    BX, AX
	JMP     sloop

slast:
	CMPQ    AX, DX
	JGE     sshort
	LASTBLOCK
	JMP     sblock

sfound:
	// The DI-th delimiter of R8: drop the DI-1 before it.
	DECQ    DI
	JZ      sat
	LEAQ    -1(R8), R11
	ANDQ    R11, R8
	JMP     sfound

sat:
	BSFQ    R8, R10
	SKIPFOUND
	VZEROUPPER
	RET

sstopped:
	SKIPSTOPPED
	VZEROUPPER
	RET

sshort:
	SKIPSHORT(DX)
	VZEROUPPER
	RET

// func quote32(data *byte, p, n int) (pos int, found, nl bool)
//
// quote16 with AVX2, to the end of the data: when found is false, pos is
// n.
TEXT ·quote32(SB), NOSPLIT, $0-34
	MOVQ         data+0(FP), SI
	MOVQ         p+8(FP), AX
	MOVQ         n+16(FP), DX
	// MASKS32 also compares with Y1: make it the quote too.
	VPBROADCASTB quote<>(SB), Y2
	VMOVDQU      Y2, Y1
	VPBROADCASTB newline<>(SB), Y4
	XORQ         R13, R13

qloop32:
	LEAQ    32(AX), BX
	CMPQ    BX, DX
	JGT     qlast32
	MASKS32(AX)

qblock32:
	TESTQ   R9, R9
	JNZ     qfound32
	ORQ     R12, R13
	MOVQ    BX, AX
	JMP     qloop32

qlast32:
	CMPQ    AX, DX
	JGE     qshort32
	LASTBLOCK
	JMP     qblock32

qfound32:
	QUOTEFOUND
	VZEROUPPER
	RET

qshort32:
	QUOTESHORT(DX)
	VZEROUPPER
	RET

// func count32(data *byte, n int) (quotes, newlines int, nul, high bool)
//
// The quotes and newlines of data[0:n&^31], 32 bytes at a time, and
// whether a NUL byte or one from 0x80 on is among them: the chunk
// pre-pass's four questions in one read of the bytes.
TEXT ·count32(SB), NOSPLIT, $0-34
	MOVQ         data+0(FP), SI
	MOVQ         n+8(FP), DX
	ANDQ         $-32, DX
	XORQ         AX, AX
	XORQ         R8, R8
	XORQ         R9, R9
	VPBROADCASTB quote<>(SB), Y2
	VPBROADCASTB newline<>(SB), Y4
	VPXOR        Y1, Y1, Y1 // zero bytes, to find NULs
	VPXOR        Y8, Y8, Y8 // the NULs seen
	VPXOR        Y9, Y9, Y9 // every byte ORed: its high bits

cloop:
	CMPQ      AX, DX
	JGE       cdone
	VMOVDQU   (SI)(AX*1), Y0
	VPCMPEQB  Y2, Y0, Y3
	VPCMPEQB  Y4, Y0, Y5
	VPCMPEQB  Y1, Y0, Y6
	VPOR      Y6, Y8, Y8
	VPOR      Y0, Y9, Y9
	VPMOVMSKB Y3, R10
	VPMOVMSKB Y5, R11
	POPCNTL   R10, R10
	POPCNTL   R11, R11
	ADDQ      R10, R8
	ADDQ      R11, R9
	ADDQ      $32, AX
	JMP       cloop

cdone:
	MOVQ      R8, quotes+16(FP)
	MOVQ      R9, newlines+24(FP)
	VPMOVMSKB Y8, R10
	TESTL     R10, R10
	SETNE     nul+32(FP)
	VPMOVMSKB Y9, R10
	TESTL     R10, R10
	SETNE     high+33(FP)
	VZEROUPPER
	RET

DATA cr<>+0(SB)/1, $0x0d
GLOBL cr<>(SB), RODATA|NOPTR, $1

// MASK64(Y) sets AX to the mask of the bytes of Y0:Y8 equal to those of
// Y (clobbers Y3, BX).
#define MASK64(Y) \
	VPCMPEQB  Y, Y0, Y3; \
	VPMOVMSKB Y3, AX; \
	VPCMPEQB  Y, Y8, Y3; \
	VPMOVMSKB Y3, BX; \
	SHLQ      $32, BX; \
	ORQ       BX, AX

// func classify64(data *byte, blocks int, comma byte, out *uint64, st *[4]uint64) (done int, bad uint64)
//
// classifyGo with AVX2: see classify in bitmap.go. out's three arrays are
// stride (130) words apart.
TEXT ·classify64(SB), NOSPLIT, $0-56
	MOVQ         data+0(FP), SI
	MOVQ         blocks+8(FP), CX
	MOVQ         out+24(FP), DI
	MOVQ         st+32(FP), AX
	MOVQ         0(AX), R13  // in quotes at the end of the block before: all ones
	MOVQ         8(AX), R14  // a field starts at bit 0
	MOVQ         16(AX), R15 // a closing quote just before
	MOVQ         24(AX), DX  // a '\r' outside quotes just before
	VPBROADCASTB comma+16(FP), Y1
	VPBROADCASTB quote<>(SB), Y2
	VPBROADCASTB newline<>(SB), Y4
	VPBROADCASTB cr<>(SB), Y7

kloop:
	TESTQ   CX, CX
	JZ      kdone
	VMOVDQU (SI), Y0
	VMOVDQU 32(SI), Y8
	MASK64(Y2)
	MOVQ    AX, R8 // quotes
	MASK64(Y1)
	MOVQ    AX, R9 // delimiters
	MASK64(Y4)
	MOVQ    AX, R10 // newlines
	MASK64(Y7)
	MOVQ    AX, R11 // carriage returns
	// R12: in quotes, the parity of the quotes so far.
	MOVQ    R8, R12
	MOVQ    R12, AX
	SHLQ    $1, AX
	XORQ    AX, R12
	MOVQ    R12, AX
	SHLQ    $2, AX
	XORQ    AX, R12
	MOVQ    R12, AX
	SHLQ    $4, AX
	XORQ    AX, R12
	MOVQ    R12, AX
	SHLQ    $8, AX
	XORQ    AX, R12
	MOVQ    R12, AX
	SHLQ    $16, AX
	XORQ    AX, R12
	MOVQ    R12, AX
	SHLQ    $32, AX
	XORQ    AX, R12
	XORQ    R13, R12
	MOVQ    R12, R13
	SARQ    $63, R13
	MOVQ    R12, AX
	NOTQ    AX      // outside quotes
	ORQ     R10, R9
	ANDQ    AX, R9  // separators
	MOVQ    R10, BX
	ANDQ    R12, BX // newlines inside quotes
	ANDQ    AX, R10 // newlines outside
	MOVQ    R9, 0(DI)
	MOVQ    R10, 1040(DI)
	MOVQ    BX, 2080(DI)
	MOVQ    R8, BX
	ANDQ    R12, BX // opening quotes
	ANDQ    AX, R8  // closing quotes
	MOVQ    R11, R12
	ANDQ    AX, R12 // carriage returns outside quotes
	MOVQ    R9, AX
	SHLQ    $1, AX
	ORQ     R14, AX // field starts
	MOVQ    R9, R14
	SHRQ    $63, R14
	MOVQ    R8, R10
	SHRQ    $63, R10
	SHLQ    $1, R8
	ORQ     R15, R8 // after a closing quote
	MOVQ    R10, R15
	ORQ     R8, AX
	NOTQ    AX
	ANDQ    BX, AX  // bad: an opening quote elsewhere than at a field start
	ORQ     R11, R9
	ORQ     BX, R9
	NOTQ    R9
	ANDQ    R8, R9
	ORQ     R9, AX  // or a closing quote followed by something else
	MOVQ    R12, R10
	SHRQ    $63, R10
	SHLQ    $1, R12
	ORQ     DX, R12 // after a carriage return outside quotes
	MOVQ    R10, DX
	MOVQ    1040(DI), R10
	ORQ     2080(DI), R10
	NOTQ    R10
	ANDQ    R12, R10
	ORQ     R10, AX // or one not followed by a newline
	ADDQ    $64, SI
	ADDQ    $8, DI
	DECQ    CX
	TESTQ   AX, AX
	JZ      kloop
	MOVQ    blocks+8(FP), BX
	SUBQ    CX, BX
	DECQ    BX
	MOVQ    BX, done+40(FP)
	MOVQ    AX, bad+48(FP)
	JMP     kstate

kdone:
	MOVQ    blocks+8(FP), BX
	MOVQ    BX, done+40(FP)
	MOVQ    $0, bad+48(FP)

kstate:
	MOVQ    st+32(FP), AX
	MOVQ    R13, 0(AX)
	MOVQ    R14, 8(AX)
	MOVQ    R15, 16(AX)
	MOVQ    DX, 24(AX)
	VZEROUPPER
	RET
