/*
 * voice_activity.c - the flagship demo: a tiny keyword-spotting front end.
 *
 * The microphone stream arrives by DMA through tinyemu's streaming interface
 * VSI1 (16 kHz, 16-bit PCM, 20 ms blocks into a ring). For each block the
 * firmware computes, on the FPU, the frame energy in dB and the energy of the
 * 300-3400 Hz speech band with a 512-point FFT (Hann window), and marks the
 * frame as voice when it is loud enough (above -40 dBFS) and the speech band
 * holds at least 70 % of the energy (white noise puts about 40 % there). It
 * prints the voiced segments it finds in the first second and the most time
 * DWT CYCCNT says a frame took.
 *
 * Run it with a keyword and different noise, e.g.
 *   tinyemu run voice_activity.elf --platform nano33 --sensor mic=SensorTraces/keywords/yes.wav
 *   ... --noise mic:snr=10dB --seed 1
 *   ... --noise mic:snr=-5dB --seed 1
 * and the detection changes as the noise says.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "vsi.h"

/* exceptions/vectors.c (the 64-entry vector table and Reset_Handler) names the program in
   its Default_Handler message. */
const char exc_test_name[] = "voice_activity";

#define REG32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))
#define NVIC_ISER0 REG32(0xE000E100u)
#define DEMCR REG32(0xE000EDFCu)
#define DWT_CTRL REG32(0xE0001000u)
#define DWT_CYCCNT REG32(0xE0001004u)

#define RATE 16000
#define FRAME 320           /* 20 ms */
#define FFT_SIZE 512
#define FRAMES 50           /* one second */
#define BLOCKS 4

static int16_t ring[BLOCKS][FRAME] __attribute__((aligned(4)));
static volatile uint32_t blocks_ready;

void IRQ31_Handler(void)
{
    VSI1->IRQ.Clear = 1;
    blocks_ready++;
}

static float re[FFT_SIZE], im[FFT_SIZE], window[FRAME];

static void fft(float *x, float *y, int n)
{
    for (int i = 1, j = 0; i < n; i++) {
        int bit = n >> 1;
        for (; j & bit; bit >>= 1) {
            j ^= bit;
        }
        j ^= bit;
        if (i < j) {
            float t = x[i]; x[i] = x[j]; x[j] = t;
            t = y[i]; y[i] = y[j]; y[j] = t;
        }
    }
    for (int len = 2; len <= n; len <<= 1) {
        float angle = -2.0f * (float)M_PI / (float)len;
        float wr = cosf(angle), wi = sinf(angle);
        for (int i = 0; i < n; i += len) {
            float cr = 1.0f, ci = 0.0f;
            for (int k = 0; k < len / 2; k++) {
                int a = i + k, b = i + k + len / 2;
                float tr = x[b] * cr - y[b] * ci, ti = x[b] * ci + y[b] * cr;
                x[b] = x[a] - tr; y[b] = y[a] - ti;
                x[a] += tr; y[a] += ti;
                float nr = cr * wr - ci * wi;
                ci = cr * wi + ci * wr;
                cr = nr;
            }
        }
    }
}

int main(void)
{
    if (VSI1->Regs[0] != RATE || VSI1->Regs[2] != 16) {
        printf("no microphone: run with --sensor mic=<file.wav or generator>\n");
        return 2;
    }
    DEMCR |= 1u << 24;
    DWT_CTRL |= 1u;
    for (int i = 0; i < FRAME; i++) {
        window[i] = 0.5f - 0.5f * cosf(2.0f * (float)M_PI * (float)i / (float)(FRAME - 1));
    }
    VSI1->DMA.Address = (uint32_t)(uintptr_t)ring;
    VSI1->DMA.BlockSize = sizeof ring[0];
    VSI1->DMA.BlockNum = BLOCKS;
    VSI1->DMA.Control = VSI_DMA_ENABLE | VSI_DMA_TO_MEMORY;
    VSI1->IRQ.Enable = 1;
    NVIC_ISER0 = 1u << VSI1_IRQn;
    VSI1->Timer.Interval = 1000000u * FRAME / RATE;
    VSI1->Timer.Control = VSI_TIMER_RUN | VSI_TIMER_PERIODIC | VSI_TIMER_TRIG_DMA | VSI_TIMER_TRIG_IRQ;

    int voiced_start = -1, segments = 0;
    uint32_t worst_cycles = 0;
    printf("frame  level dB  speech band  voice\n");
    for (int frame = 0; frame < FRAMES; frame++) {
        while (blocks_ready <= (uint32_t)frame) {
            __asm__ volatile("wfi");
        }
        uint32_t start = DWT_CYCCNT;
        const int16_t *pcm = ring[frame % BLOCKS];
        float energy = 0.0f;
        for (int i = 0; i < FFT_SIZE; i++) {
            float s = i < FRAME ? (float)pcm[i] / 32768.0f : 0.0f;
            if (i < FRAME) {
                energy += s * s;
                s *= window[i];
            }
            re[i] = s;
            im[i] = 0.0f;
        }
        fft(re, im, FFT_SIZE);
        float band = 0.0f, total = 1e-12f;
        for (int k = 1; k < FFT_SIZE / 2; k++) {
            float p = re[k] * re[k] + im[k] * im[k];
            float hz = (float)k * RATE / FFT_SIZE;
            total += p;
            if (hz >= 300.0f && hz <= 3400.0f) {
                band += p;
            }
        }
        float level = 10.0f * log10f(energy / FRAME + 1e-12f);
        float ratio = band / total;
        int voice = level > -40.0f && ratio > 0.7f;
        uint32_t cycles = DWT_CYCCNT - start;
        if (cycles > worst_cycles) {
            worst_cycles = cycles;
        }
        if (frame % 5 == 0) {
            printf("%5d  %8.1f  %10.2f  %s\n", frame, (double)level, (double)ratio, voice ? "yes" : "-");
        }
        if (voice && voiced_start < 0) {
            voiced_start = frame;
        } else if (!voice && voiced_start >= 0) {
            printf("voice from %d ms to %d ms\n", voiced_start * 20, frame * 20);
            voiced_start = -1;
            segments++;
        }
    }
    if (voiced_start >= 0) {
        printf("voice from %d ms to %d ms\n", voiced_start * 20, FRAMES * 20);
        segments++;
    }
    VSI1->Timer.Control = 0;
    printf("%d voiced segment(s); at most %lu cycles (%lu us at 64 MHz) per 20 ms frame\n", segments,
           (unsigned long)worst_cycles, (unsigned long)(worst_cycles / 64));
    return segments > 0 ? 0 : 1;
}
