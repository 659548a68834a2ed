/*
 * pdm_capture.c - the Nano 33 BLE Sense's microphone through PDM by EasyDMA, double-buffered
 * as nrfx does it (the next SAMPLE.PTR is written after each STARTED).
 *
 * PDM_CLK 1.280 MHz with RATIO 80: 16 kHz, mono. With the microphone's supply (P0.17) off a
 * buffer is silent. With it on, buffers of 512 samples end every 32 ms (DWT CYCCNT within
 * 1 %); after 128 ms of warm-up, 2048 samples are captured and printed as a checksum (FNV-1a
 * of the little-endian samples) with the first samples, then again at GAINL = +20 dB. The
 * host test finds the same samples in `tinyemu sensors render` of the same stream.
 */
#define TEST_NAME "pdm_capture"
#include "exc.h"
#include "nrf52840_regs.h"

#define BUFFER 512
#define CAPTURE_BUFFERS 4
#define WARMUP_BUFFERS 4

static int16_t capture[CAPTURE_BUFFERS * BUFFER];
static int16_t scratch[2][BUFFER];
static volatile uint32_t ends, starts, end_cycles[16];
static volatile uint32_t buffers_wanted;

static int16_t *buffer_for(uint32_t n)
{
    if (n >= WARMUP_BUFFERS && n < WARMUP_BUFFERS + CAPTURE_BUFFERS) {
        return &capture[(n - WARMUP_BUFFERS) * BUFFER];
    }
    return scratch[n & 1];
}

void IRQ29_Handler(void)
{
    if (PDM_EVENTS_END) {
        PDM_EVENTS_END = 0;
        if (ends < 16) {
            end_cycles[ends] = DWT_CYCCNT;
        }
        ends++;
        if (ends == buffers_wanted) {
            PDM_TASKS_STOP = 1;
        }
    }
    if (PDM_EVENTS_STARTED) {
        PDM_EVENTS_STARTED = 0;
        starts++;
        /* Buffer number `starts - 1` is being filled; the next one goes here. */
        PDM_SAMPLE_PTR = (uint32_t)(uintptr_t)buffer_for(starts);
    }
    if (PDM_EVENTS_STOPPED) {
        PDM_EVENTS_STOPPED = 0;
    }
}

static void record(uint32_t buffers)
{
    ends = 0;
    starts = 0;
    buffers_wanted = buffers;
    PDM_SAMPLE_PTR = (uint32_t)(uintptr_t)buffer_for(0);
    PDM_SAMPLE_MAXCNT = BUFFER;
    PDM_TASKS_START = 1;
    __asm__ volatile("cpsid i" ::: "memory");
    while (ends < buffers) {
        __asm__ volatile("wfi\n cpsie i\n isb\n cpsid i" ::: "memory");
    }
    __asm__ volatile("cpsie i" ::: "memory");
}

static void report(const char *label)
{
    uint32_t hash = 2166136261u;
    for (uint32_t i = 0; i < CAPTURE_BUFFERS * BUFFER; i++) {
        uint16_t v = (uint16_t)capture[i];
        hash = (hash ^ (v & 0xFFu)) * 16777619u;
        hash = (hash ^ (v >> 8)) * 16777619u;
    }
    printf("%s n=%d fnv=%08lx first=%d,%d,%d,%d,%d,%d,%d,%d\n", label, CAPTURE_BUFFERS * BUFFER, (unsigned long)hash,
           capture[0], capture[1], capture[2], capture[3], capture[4], capture[5], capture[6], capture[7]);
}

int main(void)
{
    COREDEBUG_DEMCR |= DEMCR_TRCENA;
    DWT_CTRL |= DWT_CTRL_CYCCNTENA;

    PDM_PSEL_CLK = 26;
    PDM_PSEL_DIN = 25;
    PDM_PDMCLKCTRL = 0x0A000000u;   /* 1.280 MHz */
    PDM_RATIO = 1;                  /* 80: 16 kHz */
    PDM_MODE = 1;                   /* mono, left on the rising edge */
    CHECK_EQ(PDM_GAINL, 0x28, "GAINL reset value (0 dB)");
    PDM_INTENSET = (1u << 0) | (1u << 1) | (1u << 2);   /* STARTED, STOPPED, END */
    nvic_enable(PDM_IRQn);
    PDM_ENABLE = 1;

    /* Microphone supply off: silence. */
    for (int i = 0; i < BUFFER; i++) {
        scratch[0][i] = 0x5555;
    }
    record(1);
    int silent = 1;
    for (int i = 0; i < BUFFER; i++) {
        silent &= scratch[0][i] == 0;
    }
    CHECK(silent, "no samples without the microphone's supply");

    P0_DIR |= 1u << 17;
    P0_OUT |= 1u << 17;
    record(WARMUP_BUFFERS + CAPTURE_BUFFERS);
    for (uint32_t n = 1; n < WARMUP_BUFFERS + CAPTURE_BUFFERS; n++) {
        uint32_t period = end_cycles[n] - end_cycles[n - 1];
        CHECK(period > 2048000u - 20480u && period < 2048000u + 20480u, "512 samples every 32 ms");
    }
    report("PDM 0dB");

    PDM_GAINL = 0x50;   /* +20 dB */
    record(WARMUP_BUFFERS + CAPTURE_BUFFERS);
    report("PDM 20dB");
    pass();
}
