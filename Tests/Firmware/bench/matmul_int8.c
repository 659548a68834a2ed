/*
 * matmul_int8.c - int8 x int8 -> int32 matrix multiply with requantisation,
 * the inner loop of a TinyML (TFLite Micro style) fully connected layer.
 *
 * A batch of BATCH int8 input vectors (FEATURES wide) goes through LAYERS
 * dense layers of FEATURES x FEATURES int8 weights with int32 biases:
 *     acc = bias[o] + sum_k (in[k] - in_zp) * w[o][k]
 *     out = clamp(out_zp + rounding_shift(sat_rounding_doubling_high_mul(acc, M), s))
 * i.e. gemmlowp/TFLite fixed-point requantisation with a Q31 multiplier,
 * followed by a ReLU-style clamp.  Each layer's output is the next layer's
 * input.  Runs the whole network ITERATIONS times (weights perturbed between
 * runs) and folds every output into a checksum.
 */
#include "bench.h"

#ifndef ITERATIONS
#define ITERATIONS 40
#endif

#define BATCH    4
#define FEATURES 128
#define LAYERS   6

static int8_t weights[LAYERS][FEATURES][FEATURES];
static int32_t bias[LAYERS][FEATURES];
static int32_t multiplier[LAYERS];
static int shift[LAYERS];
static int8_t act[2][BATCH][FEATURES];

/* Q31 x Q31 -> Q31 with rounding and saturation (TFLite's
   SaturatingRoundingDoublingHighMul). */
static inline int32_t rounding_doubling_high_mul(int32_t a, int32_t b)
{
    if (a == INT32_MIN && b == INT32_MIN) {
        return INT32_MAX;
    }
    int64_t ab = (int64_t)a * b;
    int32_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
    return (int32_t)((ab + nudge) / (1ll << 31));
}

/* Arithmetic right shift with round-to-nearest (ties away from zero). */
static inline int32_t rounding_shift_right(int32_t x, int s)
{
    int32_t mask = (int32_t)((1u << s) - 1);
    int32_t rem = x & mask;
    int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> s) + (rem > threshold ? 1 : 0);
}

static void dense(int layer, int8_t in[BATCH][FEATURES], int8_t out[BATCH][FEATURES])
{
    const int32_t in_zp = -3, out_zp = 5;
    for (int b = 0; b < BATCH; b++) {
        const int8_t *x = in[b];
        for (int o = 0; o < FEATURES; o++) {
            const int8_t *w = weights[layer][o];
            int32_t acc = bias[layer][o];
            for (int k = 0; k < FEATURES; k++) {
                acc += ((int32_t)x[k] - in_zp) * (int32_t)w[k];
            }
            int32_t v = rounding_doubling_high_mul(acc, multiplier[layer]);
            v = rounding_shift_right(v, shift[layer]) + out_zp;
            if (v < -128) v = -128;        /* clamp to int8 (ReLU6-like upper bound) */
            if (v > 127) v = 127;
            out[b][o] = (int8_t)v;
        }
    }
}

int main(void)
{
    uint32_t seed = 0xC0FFEE11u;
    for (int l = 0; l < LAYERS; l++) {
        for (int o = 0; o < FEATURES; o++) {
            for (int k = 0; k < FEATURES; k++) {
                weights[l][o][k] = (int8_t)(xorshift32(&seed) >> 24);
            }
            bias[l][o] = (int32_t)(xorshift32(&seed) % 20001) - 10000;
        }
        multiplier[l] = 0x40000000 + (int32_t)(xorshift32(&seed) % 0x30000000u);  /* 0.5 .. 0.875 */
        shift[l] = 6 + l % 3;
    }
    /* sanity checks of the fixed-point helpers */
    if (rounding_doubling_high_mul(1 << 30, 1 << 30) != 1 << 29 ||
        rounding_doubling_high_mul(INT32_MIN, INT32_MIN) != INT32_MAX ||
        rounding_shift_right(5, 1) != 3 || rounding_shift_right(-5, 1) != -3 ||
        rounding_shift_right(-6, 2) != -2 || rounding_shift_right(6, 2) != 2) {
        bench_fail("matmul_int8", "fixed-point helpers");
    }

    uint32_t sum = 0x811C9DC5u;
    for (int it = 0; it < ITERATIONS; it++) {
        for (int b = 0; b < BATCH; b++) {
            for (int k = 0; k < FEATURES; k++) {
                act[0][b][k] = (int8_t)(xorshift32(&seed) >> 24);
            }
        }
        int cur = 0;
        for (int l = 0; l < LAYERS; l++) {
            dense(l, act[cur], act[cur ^ 1]);
            cur ^= 1;
        }
        for (int b = 0; b < BATCH; b++) {
            for (int k = 0; k < FEATURES; k++) {
                sum = (sum ^ (uint8_t)act[cur][b][k]) * 16777619u;
            }
        }
        /* perturb one weight row so iterations differ */
        weights[it % LAYERS][(unsigned)it % FEATURES][(unsigned)(it * 7) % FEATURES] ^= 0x55;
    }
    return bench_done("matmul_int8", sum);
}
