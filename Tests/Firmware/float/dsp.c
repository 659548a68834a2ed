/*
 * dsp.c - q7/q15 kernels written with the ARMv7E-M DSP instructions (ACLE
 * intrinsics from <arm_acle.h>, inline asm for PKHBT/PKHTB), each checked
 * against a plain-C version of the same kernel.
 *
 * Kernels (inputs from a fixed-seed LCG, several rounds with different seeds):
 *   q15_dot     64-bit dot product of q15 vectors, SMLALD (+ SMLAD on a
 *               range-limited copy), odd length for the scalar tail
 *   q15_fir     32-tap q15 FIR, samples paired with unaligned word loads,
 *               SMLADX (time-reversed pairs), SSAT to q15
 *   q15_cmul    q15 complex multiply: SMUSD (real), SMLALDX (imag), SMUAD
 *               (|a|^2), SSAT, PKHBT/PKHTB packing
 *   q7_dot      int8 dot product: SXTB16 + ROR 8 + SMLAD (CMSIS-NN style)
 *   conv_int8   3x3 int8 convolution, HWC, 8 -> 8 channels, with the q7 dot
 *               product over each kernel row and requantisation with SSAT
 *   q15_add     saturating q15 vector add (QADD16) and subtract (QSUB16),
 *               q7 saturating add (QADD8)
 *
 * Output: "dsp: <kernel> checksum 0x........" for each kernel (a checksum of
 * the plain-C results; the firmware first checks that the DSP version gives
 * the same outputs element by element), then "PASS dsp".
 *
 * Built with -DHOST_REFERENCE for the host (cc -O2), only the plain-C path
 * is compiled and the same checksum lines are printed: the test asserts the
 * firmware prints exactly the host's checksums.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifdef HOST_REFERENCE
#include <stdlib.h>
#define TEST_NAME "dsp"
static __attribute__((unused)) void fail(const char *what)
{
    printf("FAIL dsp: %s\n", what);
    exit(1);
}
#else
#define TEST_NAME "dsp"
#include "check.h"
#include <arm_acle.h>
#endif

#define ROUNDS 4

/* ---- deterministic inputs --------------------------------------------- */

static uint32_t lcg_state;

static uint32_t lcg(void)
{
    lcg_state = lcg_state * 1664525u + 1013904223u;
    return lcg_state;
}

static int16_t rand_q15(void) { return (int16_t)(lcg() >> 16); }
static int8_t rand_q7(void) { return (int8_t)(lcg() >> 24); }
static int16_t rand_range(int lim) { return (int16_t)((int32_t)(lcg() >> 8) % (2 * lim + 1) - lim); }

/* FNV-1a over 32-bit values, byte order fixed, so host and target agree. */
static uint32_t fnv(uint32_t h, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        h ^= (v >> (8 * i)) & 0xffu;
        h *= 16777619u;
    }
    return h;
}

static int32_t sat(int32_t v, int bits)
{
    int32_t hi = (1 << (bits - 1)) - 1, lo = -(1 << (bits - 1));
    return v > hi ? hi : v < lo ? lo : v;
}

/* ---- sizes and buffers ------------------------------------------------- */

#define DOT_N    255
#define FIR_TAPS 32
#define FIR_N    200
#define CMUL_N   64
#define Q7_N     258
#define ADD_N    130
#define IN_H 12
#define IN_W 12
#define CH   8
#define KH   3
#define KW   3
#define OUT_H (IN_H - KH + 1)
#define OUT_W (IN_W - KW + 1)
#define ROW  (KW * CH)       /* contiguous bytes of one kernel row in HWC: 24 */

static int16_t va[DOT_N + 1], vb[DOT_N + 1], vsmall[DOT_N + 1];
static int16_t fir_x[FIR_N + FIR_TAPS], fir_h[FIR_TAPS];
static int16_t fir_ref[FIR_N];
static int16_t ca[2 * CMUL_N], cb[2 * CMUL_N];
static int16_t cmul_ref[3 * CMUL_N];
static int8_t p7[Q7_N + 3], q7[Q7_N + 3];
static int8_t conv_in[IN_H][IN_W][CH], conv_w[CH][KH][KW][CH];
static int32_t conv_bias[CH];
static int8_t conv_ref[OUT_H][OUT_W][CH];
static int16_t add_a[ADD_N], add_b[ADD_N], add_ref[2 * ADD_N];
static int8_t add7_a[ADD_N], add7_b[ADD_N], add7_ref[ADD_N];
#ifndef HOST_REFERENCE
static int16_t fir_dsp[FIR_N], cmul_dsp[3 * CMUL_N], add_dsp[2 * ADD_N];
static int8_t conv_dsp[OUT_H][OUT_W][CH], add7_dsp[ADD_N];
#endif

/* ---- plain-C reference kernels ----------------------------------------- */

static int64_t ref_q15_dot(const int16_t *a, const int16_t *b, int n)
{
    int64_t acc = 0;
    for (int i = 0; i < n; i++) acc += (int32_t)a[i] * b[i];
    return acc;
}

/* y[n] = sat16((sum_k h[k] x[n + TAPS - 1 - k] + 2^14) >> 15) */
static void ref_q15_fir(const int16_t *x, const int16_t *h, int16_t *y, int n)
{
    for (int i = 0; i < n; i++) {
        int32_t acc = 1 << 14;
        for (int k = 0; k < FIR_TAPS; k++) acc += (int32_t)h[k] * x[i + FIR_TAPS - 1 - k];
        y[i] = (int16_t)sat(acc >> 15, 16);
    }
}

/* out: re, im (q15, saturated) and |a|^2 >> 15 (q15, saturated) per element */
static void ref_q15_cmul(const int16_t *a, const int16_t *b, int16_t *out, int n)
{
    for (int i = 0; i < n; i++) {
        int32_t ar = a[2 * i], ai = a[2 * i + 1], br = b[2 * i], bi = b[2 * i + 1];
        out[3 * i] = (int16_t)sat((ar * br - ai * bi) >> 15, 16);
        out[3 * i + 1] = (int16_t)sat((int32_t)(((int64_t)ar * bi + (int64_t)ai * br) >> 15), 16);
        out[3 * i + 2] = (int16_t)sat((int32_t)(((int64_t)ar * ar + (int64_t)ai * ai) >> 16), 16);
    }
}

static int32_t ref_q7_dot(const int8_t *a, const int8_t *b, int n)
{
    int32_t acc = 0;
    for (int i = 0; i < n; i++) acc += (int32_t)a[i] * b[i];
    return acc;
}

/* Requantisation: (acc * mult + 2^(shift-1)) >> shift, + zero point, to int8. */
#define CONV_MULT  1477
#define CONV_SHIFT 20
#define CONV_ZP    (-3)

static int32_t requant(int32_t acc)
{
    int64_t v = ((int64_t)acc * CONV_MULT + (1 << (CONV_SHIFT - 1))) >> CONV_SHIFT;
    return (int32_t)v + CONV_ZP;
}

static void ref_conv(void)
{
    for (int oy = 0; oy < OUT_H; oy++)
        for (int ox = 0; ox < OUT_W; ox++)
            for (int oc = 0; oc < CH; oc++) {
                int32_t acc = conv_bias[oc];
                for (int ky = 0; ky < KH; ky++)
                    for (int kx = 0; kx < KW; kx++)
                        for (int ic = 0; ic < CH; ic++)
                            acc += (int32_t)conv_in[oy + ky][ox + kx][ic] * conv_w[oc][ky][kx][ic];
                conv_ref[oy][ox][oc] = (int8_t)sat(requant(acc), 8);
            }
}

static void ref_add(void)
{
    for (int i = 0; i < ADD_N; i++) {
        add_ref[2 * i] = (int16_t)sat(add_a[i] + add_b[i], 16);
        add_ref[2 * i + 1] = (int16_t)sat(add_a[i] - add_b[i], 16);
        add7_ref[i] = (int8_t)sat(add7_a[i] + add7_b[i], 8);
    }
}

/* ---- DSP-instruction kernels (target only) ----------------------------- */

#ifndef HOST_REFERENCE
static inline uint32_t ld32(const void *p)
{
    uint32_t v;
    memcpy(&v, p, 4);   /* an (unaligned) LDR on Cortex-M4 */
    return v;
}

static inline void st32(void *p, uint32_t v) { memcpy(p, &v, 4); }

static inline uint32_t pkhbt(uint32_t lo, uint32_t hi)   /* lo[15:0] | hi[15:0] << 16 */
{
    uint32_t r;
    __asm__("pkhbt %0, %1, %2, lsl #16" : "=r"(r) : "r"(lo), "r"(hi));
    return r;
}

static inline uint32_t pkhtb(uint32_t hi, uint32_t lo)   /* hi[31:16] | lo[31:16] >> 16 */
{
    uint32_t r;
    __asm__("pkhtb %0, %1, %2, asr #16" : "=r"(r) : "r"(hi), "r"(lo));
    return r;
}

static inline uint32_t ror8(uint32_t x) { return (x >> 8) | (x << 24); }

static int64_t dsp_q15_dot(const int16_t *a, const int16_t *b, int n)
{
    int64_t acc = 0;
    int i = 0;
    for (; i + 2 <= n; i += 2) acc = __smlald(ld32(a + i), ld32(b + i), acc);
    for (; i < n; i++) acc += (int32_t)a[i] * b[i];
    return acc;
}

/* 32-bit SMLAD: valid while the sum stays in range (inputs limited). */
static int32_t dsp_q15_dot32(const int16_t *a, const int16_t *b, int n)
{
    int32_t acc = 0;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
        acc = __smlad(ld32(a + i), ld32(b + i), acc);
        acc = __smlad(ld32(a + i + 2), ld32(b + i + 2), acc);
    }
    for (; i < n; i++) acc += (int32_t)a[i] * b[i];
    return acc;
}

static void dsp_q15_fir(const int16_t *x, const int16_t *h, int16_t *y, int n)
{
    for (int i = 0; i < n; i++) {
        int32_t acc = 1 << 14;
        const int16_t *xp = x + i + FIR_TAPS - 1;   /* newest sample for k = 0 */
        for (int k = 0; k < FIR_TAPS; k += 2) {
            /* coefficient pair (h[k], h[k+1]) against samples (x[.-k-1], x[.-k]):
               SMLADX crosses them: h[k]*x[.-k] + h[k+1]*x[.-k-1]. */
            acc = __smladx(ld32(h + k), ld32(xp - k - 1), acc);
        }
        y[i] = (int16_t)__ssat(acc >> 15, 16);
    }
}

static void dsp_q15_cmul(const int16_t *a, const int16_t *b, int16_t *out, int n)
{
    for (int i = 0; i < n; i++) {
        uint32_t wa = ld32(a + 2 * i), wb = ld32(b + 2 * i);        /* re low, im high */
        int32_t re = __smusd(wa, wb);                                 /* ar*br - ai*bi */
        int64_t im = __smlaldx(wa, wb, 0);                            /* ar*bi + ai*br, 64-bit */
        int32_t mag = __smuad(wa, wa);                                /* ar^2 + ai^2 */
        uint32_t res = pkhbt((uint32_t)__ssat(re >> 15, 16), (uint32_t)__ssat((int32_t)(im >> 15), 16));
        st32(out + 3 * i, res);
        /* |a|^2 can exceed INT32_MAX only for (-32768, -32768): SMUAD then
           wraps (and sets Q); mirror the reference with a 64-bit path there. */
        int32_t m16;
        if (wa == 0x80008000u) {
            m16 = 32767;
        } else {
            m16 = __ssat(mag >> 16, 16);
        }
        /* PKHTB: take m16 into the top half, then extract it again. */
        uint32_t packed = pkhtb((uint32_t)m16 << 16, res);
        out[3 * i + 2] = (int16_t)(packed >> 16);
        if ((uint16_t)packed != (uint16_t)(res >> 16)) fail("PKHTB low half");
    }
}

static int32_t dsp_q7_dot(const int8_t *a, const int8_t *b, int n)
{
    int32_t acc = 0;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
        uint32_t wa = ld32(a + i), wb = ld32(b + i);
        /* bytes 0,2 and bytes 1,3 sign-extended to halfword pairs */
        acc = __smlad(__sxtb16(wa), __sxtb16(wb), acc);
        acc = __smlad(__sxtb16(ror8(wa)), __sxtb16(ror8(wb)), acc);
    }
    for (; i < n; i++) acc += (int32_t)a[i] * b[i];
    return acc;
}

static void dsp_conv(void)
{
    for (int oy = 0; oy < OUT_H; oy++)
        for (int ox = 0; ox < OUT_W; ox++)
            for (int oc = 0; oc < CH; oc++) {
                int32_t acc = conv_bias[oc];
                for (int ky = 0; ky < KH; ky++)
                    acc += dsp_q7_dot(&conv_in[oy + ky][ox][0], &conv_w[oc][ky][0][0], ROW);
                /* requantise: SMULL-based scaling, then SSAT to int8 */
                conv_dsp[oy][ox][oc] = (int8_t)__ssat(requant(acc), 8);
            }
}

static void dsp_add(void)
{
    for (int i = 0; i + 2 <= ADD_N; i += 2) {
        uint32_t a = ld32(add_a + i), b = ld32(add_b + i);
        uint32_t s = __qadd16(a, b), d = __qsub16(a, b);
        add_dsp[2 * i] = (int16_t)s;
        add_dsp[2 * i + 1] = (int16_t)d;
        add_dsp[2 * i + 2] = (int16_t)(s >> 16);
        add_dsp[2 * i + 3] = (int16_t)(d >> 16);
    }
    for (int i = 0; i + 4 <= ADD_N; i += 4) st32(add7_dsp + i, __qadd8(ld32(add7_a + i), ld32(add7_b + i)));
    for (int i = ADD_N & ~3; i < ADD_N; i++) add7_dsp[i] = (int8_t)sat(add7_a[i] + add7_b[i], 8);
}

static void compare16(const int16_t *got, const int16_t *want, int n, const char *what)
{
    for (int i = 0; i < n; i++) {
        if (got[i] != want[i]) {
            printf("  %s[%d]: DSP %d, plain C %d\n", what, i, got[i], want[i]);
            fail(what);
        }
    }
}
#endif /* !HOST_REFERENCE */

/* ---- driver ------------------------------------------------------------- */

static void fill(uint32_t seed)
{
    lcg_state = seed;
    for (int i = 0; i < DOT_N; i++) {
        va[i] = rand_q15();
        vb[i] = rand_q15();
        vsmall[i] = rand_range(200);
    }
    va[0] = vb[0] = -32768;   /* the one product that needs the full 32 bits */
    for (int i = 0; i < FIR_N + FIR_TAPS; i++) fir_x[i] = rand_q15();
    for (int k = 0; k < FIR_TAPS; k++) fir_h[k] = rand_range(1023);
    for (int i = 0; i < 2 * CMUL_N; i++) {
        ca[i] = rand_q15();
        cb[i] = rand_q15();
    }
    ca[0] = ca[1] = cb[0] = cb[1] = -32768;   /* saturating corners */
    ca[2] = -32768, ca[3] = 32767;
    for (int i = 0; i < Q7_N; i++) {
        p7[i] = rand_q7();
        q7[i] = rand_q7();
    }
    p7[0] = q7[0] = -128;
    for (int y = 0; y < IN_H; y++)
        for (int x = 0; x < IN_W; x++)
            for (int c = 0; c < CH; c++) conv_in[y][x][c] = rand_q7();
    for (int o = 0; o < CH; o++) {
        for (int ky = 0; ky < KH; ky++)
            for (int kx = 0; kx < KW; kx++)
                for (int c = 0; c < CH; c++) conv_w[o][ky][kx][c] = rand_q7();
        conv_bias[o] = (int32_t)(lcg() % 20001) - 10000;
    }
    for (int i = 0; i < ADD_N; i++) {
        add_a[i] = rand_q15();
        add_b[i] = rand_q15();
        add7_a[i] = rand_q7();
        add7_b[i] = rand_q7();
    }
    add_a[0] = add_b[0] = 32767;
    add_a[1] = add_b[1] = -32768;
    add_a[2] = -32768, add_b[2] = 32767;
}

int main(void)
{
    enum { K_DOT, K_FIR, K_CMUL, K_Q7, K_CONV, K_ADD, KERNELS };
    static const char *const kname[KERNELS] = { "q15_dot", "q15_fir", "q15_cmul", "q7_dot",
                                                "conv_int8", "q15_add" };
    uint32_t h[KERNELS];
    for (int k = 0; k < KERNELS; k++) h[k] = 2166136261u;

    for (int round = 0; round < ROUNDS; round++) {
        fill(0x5eed0000u + (uint32_t)round * 7919u);

        /* dot products, several lengths (tails) */
        for (int n = DOT_N - 3; n <= DOT_N; n++) {
            int64_t d = ref_q15_dot(va, vb, n);
            int64_t s = ref_q15_dot(vsmall, vb, n);
#ifndef HOST_REFERENCE
            if (dsp_q15_dot(va, vb, n) != d) fail("q15_dot (SMLALD)");
            if ((int64_t)dsp_q15_dot32(vsmall, vb, n) != s) fail("q15_dot (SMLAD)");
#endif
            h[K_DOT] = fnv(fnv(h[K_DOT], (uint32_t)d), (uint32_t)((uint64_t)d >> 32));
            h[K_DOT] = fnv(h[K_DOT], (uint32_t)s);
        }

        ref_q15_fir(fir_x, fir_h, fir_ref, FIR_N);
#ifndef HOST_REFERENCE
        dsp_q15_fir(fir_x, fir_h, fir_dsp, FIR_N);
        compare16(fir_dsp, fir_ref, FIR_N, "q15_fir");
#endif
        for (int i = 0; i < FIR_N; i++) h[K_FIR] = fnv(h[K_FIR], (uint16_t)fir_ref[i]);

        ref_q15_cmul(ca, cb, cmul_ref, CMUL_N);
#ifndef HOST_REFERENCE
        dsp_q15_cmul(ca, cb, cmul_dsp, CMUL_N);
        compare16(cmul_dsp, cmul_ref, 3 * CMUL_N, "q15_cmul");
#endif
        for (int i = 0; i < 3 * CMUL_N; i++) h[K_CMUL] = fnv(h[K_CMUL], (uint16_t)cmul_ref[i]);

        for (int off = 0; off < 4; off++) {
            int32_t d = ref_q7_dot(p7 + off, q7 + (3 - off), Q7_N - 3);
#ifndef HOST_REFERENCE
            if (dsp_q7_dot(p7 + off, q7 + (3 - off), Q7_N - 3) != d) fail("q7_dot");
#endif
            h[K_Q7] = fnv(h[K_Q7], (uint32_t)d);
        }

        ref_conv();
#ifndef HOST_REFERENCE
        dsp_conv();
        for (int y = 0; y < OUT_H; y++)
            for (int x = 0; x < OUT_W; x++)
                for (int c = 0; c < CH; c++)
                    if (conv_dsp[y][x][c] != conv_ref[y][x][c]) {
                        printf("  conv_int8[%d][%d][%d]: DSP %d, plain C %d\n", y, x, c,
                               conv_dsp[y][x][c], conv_ref[y][x][c]);
                        fail("conv_int8");
                    }
#endif
        for (int y = 0; y < OUT_H; y++)
            for (int x = 0; x < OUT_W; x++)
                for (int c = 0; c < CH; c++) h[K_CONV] = fnv(h[K_CONV], (uint8_t)conv_ref[y][x][c]);

        ref_add();
#ifndef HOST_REFERENCE
        dsp_add();
        compare16(add_dsp, add_ref, 2 * ADD_N, "q15_add");
        for (int i = 0; i < ADD_N; i++)
            if (add7_dsp[i] != add7_ref[i]) fail("q7 saturating add (QADD8)");
#endif
        for (int i = 0; i < 2 * ADD_N; i++) h[K_ADD] = fnv(h[K_ADD], (uint16_t)add_ref[i]);
        for (int i = 0; i < ADD_N; i++) h[K_ADD] = fnv(h[K_ADD], (uint8_t)add7_ref[i]);
    }

    for (int k = 0; k < KERNELS; k++) {
        printf("dsp: %s checksum 0x%08lx\n", kname[k], (unsigned long)h[k]);
    }
#ifdef HOST_REFERENCE
    printf("dsp: host reference\n");
    return 0;
#else
    printf("dsp: DSP-instruction kernels match the plain-C kernels\n");
    pass();
#endif
}
