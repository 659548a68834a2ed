/*
 * fft.c - 256-point radix-2 complex float FFT, the front end of audio
 * feature extraction (MFCC-style power spectrum).  Hard float (FPv4-SP).
 *
 * Each iteration: a frame of 256 complex samples (xorshift32 noise plus two
 * tones, windowed), an in-place iterative decimation-in-time FFT (bit
 * reversal + 8 butterfly stages with a precomputed twiddle table), and the
 * power spectrum |X[k]|^2.  The power spectrum's bits go into the checksum.
 * The first frame is also checked against a direct DFT, and an inverse FFT
 * must give the input back, so a fast but wrong FPU cannot pass.
 *
 * Only ordinary values occur (no NaN, infinities or denormals), so the
 * checksum does not depend on FPSCR corner cases; it does depend on every
 * rounding (the compiler contracts a*b+c into VFMA, as in real firmware).
 */
#include "bench.h"
#include <math.h>
#include <string.h>

#ifndef ITERATIONS
#define ITERATIONS 1450
#endif

#define N     256
#define LOG2N 8

typedef struct { float re, im; } cpx;

static cpx twiddle[N / 2];
static float window[N];
static uint16_t bitrev[N];
static cpx frame[N], orig[N];
static float power[N / 2 + 1];

static void fft(cpx *x, int inverse)
{
    for (int i = 0; i < N; i++) {
        int j = bitrev[i];
        if (j > i) {
            cpx t = x[i];
            x[i] = x[j];
            x[j] = t;
        }
    }
    for (int len = 2, step = N / 2; len <= N; len <<= 1, step >>= 1) {
        int half = len >> 1;
        for (int start = 0; start < N; start += len) {
            for (int k = 0; k < half; k++) {
                cpx w = twiddle[k * step];
                if (inverse) w.im = -w.im;
                cpx *a = &x[start + k], *b = &x[start + k + half];
                float tr = b->re * w.re - b->im * w.im;
                float ti = b->re * w.im + b->im * w.re;
                b->re = a->re - tr;
                b->im = a->im - ti;
                a->re += tr;
                a->im += ti;
            }
        }
    }
}

static float frand(uint32_t *s)
{
    return (float)(int32_t)xorshift32(s) * (1.0f / 2147483648.0f);   /* [-1, 1) */
}

static void make_frame(uint32_t *seed, int n)
{
    float f1 = 5.0f + (float)(n % 37), f2 = 60.5f + (float)(n % 11);
    for (int i = 0; i < N; i++) {
        float ph1 = 6.2831853f * f1 * (float)i / N, ph2 = 6.2831853f * f2 * (float)i / N;
        float s = 0.5f * sinf(ph1) + 0.25f * cosf(ph2) + 0.1f * frand(seed);
        frame[i].re = s * window[i];
        frame[i].im = 0.05f * frand(seed);
    }
}

int main(void)
{
    for (int i = 0; i < N / 2; i++) {
        float a = -6.28318530718f * (float)i / N;
        twiddle[i].re = cosf(a);
        twiddle[i].im = sinf(a);
    }
    for (int i = 0; i < N; i++) {
        window[i] = 0.54f - 0.46f * cosf(6.28318530718f * (float)i / (N - 1));   /* Hamming */
        unsigned r = 0;
        for (int b = 0; b < LOG2N; b++) r |= ((i >> b) & 1u) << (LOG2N - 1 - b);
        bitrev[i] = (uint16_t)r;
    }

    uint32_t seed = 0x1234ABCDu, checksum = 0;
    for (int n = 0; n < ITERATIONS; n++) {
        /* a fresh frame every 8 iterations (the signal generation uses libm) */
        if (n % 8 == 0) {
            make_frame(&seed, n);
            memcpy(orig, frame, sizeof frame);
        } else {
            memcpy(frame, orig, sizeof frame);
            frame[n % N].re += 0.001f * (float)(n % 8);
        }
        if (n == 0) {
            /* direct DFT of a few bins */
            for (int k = 0; k < N; k += 17) {
                float re = 0, im = 0;
                for (int i = 0; i < N; i++) {
                    int t = (i * k) % N;
                    cpx w;
                    if (t < N / 2) {
                        w = twiddle[t];
                    } else {   /* e^{-j(pi + a)} = -e^{-ja} */
                        w.re = -twiddle[t - N / 2].re;
                        w.im = -twiddle[t - N / 2].im;
                    }
                    re += frame[i].re * w.re - frame[i].im * w.im;
                    im += frame[i].re * w.im + frame[i].im * w.re;
                }
                power[k / 17] = re;
                power[N / 2 - k / 17] = im;
            }
        }
        fft(frame, 0);
        if (n == 0) {
            for (int k = 0; k < N; k += 17) {
                if (fabsf(frame[k].re - power[k / 17]) > 1e-3f || fabsf(frame[k].im - power[N / 2 - k / 17]) > 1e-3f) {
                    bench_fail("fft", "FFT differs from the direct DFT");
                }
            }
        }
        for (int k = 0; k <= N / 2; k++) {
            power[k] = frame[k].re * frame[k].re + frame[k].im * frame[k].im;
        }
        if (n == 0) {
            fft(frame, 1);
            for (int i = 0; i < N; i++) {
                if (fabsf(frame[i].re / N - orig[i].re) > 1e-5f || fabsf(frame[i].im / N - orig[i].im) > 1e-5f) {
                    bench_fail("fft", "inverse FFT does not give the input back");
                }
            }
        }
        for (int k = 0; k <= N / 2; k++) {
            uint32_t bits;
            memcpy(&bits, &power[k], 4);
            checksum = (checksum ^ bits) * 16777619u;
        }
    }
    return bench_done("fft", checksum);
}
