/*
 * mlp.c - a small float multilayer perceptron, 64-128-64-10, ReLU hidden
 * layers and a softmax output: the float inference path of a TinyML model.
 * Hard float (FPv4-SP).
 *
 * Weights are uniform in +-sqrt(6 / fan_in) (He-style) and biases small,
 * both from xorshift32 with a fixed seed.  Each iteration classifies one
 * input vector (regenerated every 16 iterations, otherwise perturbed), and
 * the class probabilities' bits and the arg-max go into the checksum.  Every
 * softmax must sum to 1 within 1e-5 (a self-check).
 *
 * Only ordinary values occur: softmax subtracts the maximum logit, so expf
 * sees arguments in [-88, 0] at most, and nothing overflows or underflows to
 * denormals in the dot products.
 */
#include "bench.h"
#include <math.h>
#include <string.h>

#ifndef ITERATIONS
#define ITERATIONS 1400
#endif

#define IN  64
#define H1  128
#define H2  64
#define OUT 10

static float w1[H1][IN], b1[H1];
static float w2[H2][H1], b2[H2];
static float w3[OUT][H2], b3[OUT];
static float input[IN], base_input[IN], h1[H1], h2[H2], logits[OUT], prob[OUT];

static float urand(uint32_t *s, float scale)   /* uniform in [-scale, scale) */
{
    return scale * ((float)(int32_t)xorshift32(s) * (1.0f / 2147483648.0f));
}

static void dense(const float *w, const float *b, const float *x, float *y, int nin, int nout, int relu)
{
    for (int o = 0; o < nout; o++) {
        const float *row = w + o * nin;
        float acc0 = b[o], acc1 = 0.0f, acc2 = 0.0f, acc3 = 0.0f;
        for (int k = 0; k < nin; k += 4) {
            acc0 += row[k] * x[k];
            acc1 += row[k + 1] * x[k + 1];
            acc2 += row[k + 2] * x[k + 2];
            acc3 += row[k + 3] * x[k + 3];
        }
        float acc = (acc0 + acc1) + (acc2 + acc3);
        y[o] = relu && acc < 0.0f ? 0.0f : acc;
    }
}

static int softmax(const float *z, float *p, int n)
{
    int arg = 0;
    for (int i = 1; i < n; i++) {
        if (z[i] > z[arg]) arg = i;
    }
    float sum = 0.0f;
    for (int i = 0; i < n; i++) {
        p[i] = expf(z[i] - z[arg]);
        sum += p[i];
    }
    float inv = 1.0f / sum;
    for (int i = 0; i < n; i++) p[i] *= inv;
    return arg;
}

int main(void)
{
    uint32_t seed = 0x0B5E55EDu;
    for (int o = 0; o < H1; o++) {
        for (int k = 0; k < IN; k++) w1[o][k] = urand(&seed, sqrtf(6.0f / IN));
        b1[o] = urand(&seed, 0.1f);
    }
    for (int o = 0; o < H2; o++) {
        for (int k = 0; k < H1; k++) w2[o][k] = urand(&seed, sqrtf(6.0f / H1));
        b2[o] = urand(&seed, 0.1f);
    }
    for (int o = 0; o < OUT; o++) {
        for (int k = 0; k < H2; k++) w3[o][k] = urand(&seed, sqrtf(6.0f / H2));
        b3[o] = urand(&seed, 0.1f);
    }

    uint32_t checksum = 0;
    int histogram[OUT] = { 0 };
    for (int n = 0; n < ITERATIONS; n++) {
        if (n % 16 == 0) {
            for (int k = 0; k < IN; k++) base_input[k] = urand(&seed, 1.0f);
        }
        memcpy(input, base_input, sizeof input);
        input[n % IN] += 0.05f * (float)(n % 16);
        dense(&w1[0][0], b1, input, h1, IN, H1, 1);
        dense(&w2[0][0], b2, h1, h2, H1, H2, 1);
        dense(&w3[0][0], b3, h2, logits, H2, OUT, 0);
        int cls = softmax(logits, prob, OUT);
        histogram[cls]++;
        float sum = 0.0f;
        for (int i = 0; i < OUT; i++) {
            uint32_t bits;
            memcpy(&bits, &prob[i], 4);
            checksum = (checksum ^ bits) * 16777619u;
            sum += prob[i];
        }
        if (fabsf(sum - 1.0f) > 1e-5f) bench_fail("mlp", "softmax does not sum to 1");
        checksum = (checksum ^ (uint32_t)cls) * 16777619u;
    }
    int classes = 0;
    for (int i = 0; i < OUT; i++) classes += histogram[i] > 0;
    if (classes < 2) bench_fail("mlp", "every input got the same class");
    return bench_done("mlp", checksum);
}
