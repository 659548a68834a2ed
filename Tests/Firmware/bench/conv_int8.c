/*
 * conv_int8.c - int8 3x3 convolution in the style of CMSIS-NN's
 * arm_convolve_s8: HWC layout, im2col of two output pixels into a q15
 * buffer, weights expanded from q7 to q15 pairs with SXTB16 (+ ROR 8, the
 * "reordered" layout), four accumulators fed by SMLAD, per-channel
 * requantisation (doubling high multiply with rounding, rounding shift,
 * output offset) and SSAT to int8.
 *
 * The network: 16x16x16 input, 3x3 kernel, padding 1, 16 -> 16 channels,
 * two layers (the first layer's output is the second's input), run
 * ITERATIONS times with the input perturbed each time.  The first run is
 * checked against a plain-C convolution; every output byte goes into the
 * checksum.  Integer only (soft-float ABI, like the other integer benches).
 */
#include "bench.h"
#include <arm_acle.h>
#include <string.h>

#ifndef ITERATIONS
#define ITERATIONS 42
#endif

#define H    16
#define W    16
#define CIN  16
#define COUT 16
#define K    3
#define PAD  1
#define KSZ  (K * K * CIN)    /* 144 q7 weights per output channel */

static int8_t input[H][W][CIN], act[H][W][COUT], out[H][W][COUT], ref[H][W][COUT];
static int8_t weights[2][COUT][KSZ];
static int32_t bias[2][COUT], mult[2][COUT], shift[2][COUT];
static int16_t col[2][KSZ];     /* im2col buffer: two output pixels */
static const int32_t in_offset = 3, out_offset = -5;

static inline uint32_t ld32(const void *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* TFLite/CMSIS-NN requantisation: SaturatingRoundingDoublingHighMul then a
   rounding right shift (shift < 0) or left shift (shift > 0). */
static inline int32_t requantize(int32_t v, int32_t m, int32_t s)
{
    int32_t left = s > 0 ? s : 0, right = s > 0 ? 0 : -s;
    int64_t prod = (int64_t)(v * (1 << left)) * m;
    int32_t high = (int32_t)((prod + (1ll << 30)) >> 31);
    if (right == 0) return high;
    int32_t mask = (1 << right) - 1, rem = high & mask, thr = (mask >> 1) + (high < 0);
    return (high >> right) + (rem > thr);
}

/* q7 x4 -> two q15 pairs, reordered: (b0, b2) and (b1, b3). */
static inline void expand(uint32_t w, uint32_t *even, uint32_t *odd)
{
    *even = __sxtb16(w);
    *odd = __sxtb16((w >> 8) | (w << 24));
}

static void im2col(const int8_t in[H][W][CIN], int oy, int ox, int16_t *dst)
{
    /* q7 -> q15 with the input offset added, zero (i.e. -offset) padding,
       in the same reordered pair layout as the weights. */
    for (int ky = 0; ky < K; ky++) {
        for (int kx = 0; kx < K; kx++) {
            int y = oy + ky - PAD, x = ox + kx - PAD;
            if (y < 0 || y >= H || x < 0 || x >= W) {
                memset(dst, 0, CIN * sizeof *dst);
            } else {
                const int8_t *src = in[y][x];
                for (int c = 0; c < CIN; c += 4) {
                    uint32_t even, odd;
                    expand(ld32(src + c), &even, &odd);
                    uint32_t off = (uint32_t)in_offset * 0x00010001u;
                    even = __sadd16(even, off);
                    odd = __sadd16(odd, off);
                    memcpy(dst + c, &even, 4);
                    memcpy(dst + c + 2, &odd, 4);
                }
            }
            dst += CIN;
        }
    }
}

static void conv_layer(int layer, const int8_t in[H][W][CIN], int8_t o[H][W][COUT])
{
    for (int oy = 0; oy < H; oy++) {
        for (int ox = 0; ox < W; ox += 2) {
            im2col(in, oy, ox, col[0]);
            im2col(in, oy, ox + 1, col[1]);
            for (int oc = 0; oc < COUT; oc += 2) {
                const int8_t *wa = weights[layer][oc], *wb = weights[layer][oc + 1];
                int32_t a0 = bias[layer][oc], a1 = a0;          /* channel oc, pixels 0/1 */
                int32_t b0 = bias[layer][oc + 1], b1 = b0;      /* channel oc+1 */
                for (int k = 0; k < KSZ; k += 4) {
                    uint32_t wae, wao, wbe, wbo;
                    expand(ld32(wa + k), &wae, &wao);
                    expand(ld32(wb + k), &wbe, &wbo);
                    uint32_t x0e = ld32(col[0] + k), x0o = ld32(col[0] + k + 2);
                    uint32_t x1e = ld32(col[1] + k), x1o = ld32(col[1] + k + 2);
                    a0 = __smlad(wae, x0e, a0);
                    a0 = __smlad(wao, x0o, a0);
                    a1 = __smlad(wae, x1e, a1);
                    a1 = __smlad(wao, x1o, a1);
                    b0 = __smlad(wbe, x0e, b0);
                    b0 = __smlad(wbo, x0o, b0);
                    b1 = __smlad(wbe, x1e, b1);
                    b1 = __smlad(wbo, x1o, b1);
                }
                o[oy][ox][oc] = (int8_t)__ssat(requantize(a0, mult[layer][oc], shift[layer][oc]) + out_offset, 8);
                o[oy][ox + 1][oc] = (int8_t)__ssat(requantize(a1, mult[layer][oc], shift[layer][oc]) + out_offset, 8);
                o[oy][ox][oc + 1] = (int8_t)__ssat(requantize(b0, mult[layer][oc + 1], shift[layer][oc + 1]) + out_offset, 8);
                o[oy][ox + 1][oc + 1] = (int8_t)__ssat(requantize(b1, mult[layer][oc + 1], shift[layer][oc + 1]) + out_offset, 8);
            }
        }
    }
}

static void conv_plain(int layer, const int8_t in[H][W][CIN], int8_t o[H][W][COUT])
{
    for (int oy = 0; oy < H; oy++)
        for (int ox = 0; ox < W; ox++)
            for (int oc = 0; oc < COUT; oc++) {
                int32_t acc = bias[layer][oc];
                for (int ky = 0; ky < K; ky++)
                    for (int kx = 0; kx < K; kx++) {
                        int y = oy + ky - PAD, x = ox + kx - PAD;
                        if (y < 0 || y >= H || x < 0 || x >= W) continue;
                        for (int c = 0; c < CIN; c++)
                            acc += (in[y][x][c] + in_offset) * weights[layer][oc][(ky * K + kx) * CIN + c];
                    }
                int32_t v = requantize(acc, mult[layer][oc], shift[layer][oc]) + out_offset;
                o[oy][ox][oc] = (int8_t)(v > 127 ? 127 : v < -128 ? -128 : v);
            }
}

int main(void)
{
    uint32_t seed = 0xC0DEC0DEu;
    for (int l = 0; l < 2; l++) {
        for (int oc = 0; oc < COUT; oc++) {
            for (int k = 0; k < KSZ; k++) weights[l][oc][k] = (int8_t)(xorshift32(&seed) >> 24);
            bias[l][oc] = (int32_t)(xorshift32(&seed) % 4001) - 2000;
            mult[l][oc] = 0x40000000 + (int32_t)(xorshift32(&seed) % 0x30000000);   /* 0.5 .. 0.875 in Q31 */
            shift[l][oc] = -(int32_t)(9 + xorshift32(&seed) % 3);                   /* / 512 .. / 2048 */
        }
    }
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            for (int c = 0; c < CIN; c++) input[y][x][c] = (int8_t)(xorshift32(&seed) >> 24);

    uint32_t checksum = 2166136261u;
    for (int n = 0; n < ITERATIONS; n++) {
        input[n % H][(n * 7) % W][n % CIN] ^= (int8_t)(n * 37);
        conv_layer(0, input, act);
        conv_layer(1, act, out);
        if (n == 0) {
            conv_plain(0, input, ref);
            if (memcmp(ref, act, sizeof ref) != 0) bench_fail("conv_int8", "layer 0 differs from plain C");
            conv_plain(1, act, ref);
            if (memcmp(ref, out, sizeof ref) != 0) bench_fail("conv_int8", "layer 1 differs from plain C");
            int saturated = 0;
            for (int i = 0; i < H * W * COUT; i++) saturated += (&out[0][0][0])[i] == 127 || (&out[0][0][0])[i] == -128;
            if (saturated > H * W * COUT / 4) bench_fail("conv_int8", "output mostly saturated");
        }
        const uint8_t *p = (const uint8_t *)out;
        for (unsigned i = 0; i < sizeof out; i++) checksum = (checksum ^ p[i]) * 16777619u;
    }
    return bench_done("conv_int8", checksum);
}
