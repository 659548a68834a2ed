/*
 * sense.c - the microphone and the IMU at once, as a TinyML firmware samples them: PDM fills
 * 256-sample buffers at 16 kHz by EasyDMA under its interrupt (double-buffered), while the
 * main loop reads the LSM9DS1 at 119 Hz through TWIM1, sleeping in WFI during every transfer.
 * Prints 20 accelerometer samples ("S x y z") and the FNV-1a checksum of every PDM sample
 * captured meanwhile ("MIC buffers=<n> fnv=<hash>"); the host test checks that the output is
 * the same for the same seed and changes with the noise settings.
 */
#define TEST_NAME "sense"
#include "exc.h"
#include "nrf52840_regs.h"
#include "twim.h"

#define BUFFER 256
static int16_t buffers[2][BUFFER];
static volatile uint32_t pdm_ends, pdm_starts, mic_hash = 2166136261u;

void IRQ29_Handler(void)
{
    if (PDM_EVENTS_STARTED) {
        PDM_EVENTS_STARTED = 0;
        pdm_starts++;
        PDM_SAMPLE_PTR = (uint32_t)(uintptr_t)buffers[pdm_starts & 1];
    }
    if (PDM_EVENTS_END) {
        PDM_EVENTS_END = 0;
        /* Buffer number pdm_ends is complete. */
        const int16_t *done = buffers[pdm_ends & 1];
        uint32_t hash = mic_hash;
        for (int i = 0; i < BUFFER; i++) {
            uint16_t v = (uint16_t)done[i];
            hash = (hash ^ (v & 0xFFu)) * 16777619u;
            hash = (hash ^ (v >> 8)) * 16777619u;
        }
        mic_hash = hash;
        pdm_ends++;
    }
    if (PDM_EVENTS_STOPPED) {
        PDM_EVENTS_STOPPED = 0;
    }
}

int main(void)
{
    twim_init();
    sensors_power(1);
    P0_DIR |= 1u << 17;
    P0_OUT |= 1u << 17;   /* microphone supply */

    PDM_PSEL_CLK = 26;
    PDM_PSEL_DIN = 25;
    PDM_PDMCLKCTRL = 0x0A000000u;
    PDM_RATIO = 1;
    PDM_MODE = 1;
    PDM_SAMPLE_PTR = (uint32_t)(uintptr_t)buffers[0];
    PDM_SAMPLE_MAXCNT = BUFFER;
    PDM_INTENSET = (1u << 0) | (1u << 1) | (1u << 2);
    nvic_enable(PDM_IRQn);
    PDM_ENABLE = 1;
    PDM_TASKS_START = 1;

    CHECK_EQ(i2c_read_byte(0x6B, 0x0F), 0x68, "LSM9DS1 WHO_AM_I");
    CHECK_EQ(i2c_write(0x6B, 0x20, 0x60), 0, "CTRL_REG6_XL: 119 Hz, +-2 g");
    uint8_t block[6];
    for (int n = 0; n < 20; n++) {
        while ((i2c_read_byte(0x6B, 0x27) & 1) == 0) {
        }
        CHECK_EQ(i2c_read(0x6B, 0x28, block, 6), 0, "accelerometer sample");
        printf("S %d %d %d\n", (int16_t)(block[0] | block[1] << 8), (int16_t)(block[2] | block[3] << 8),
               (int16_t)(block[4] | block[5] << 8));
    }
    uint32_t ends = pdm_ends;
    PDM_TASKS_STOP = 1;
    /* 20 samples at 119 Hz are 168 ms: 10 buffers of 16 ms at least. */
    CHECK(ends >= 10, "the microphone kept recording meanwhile");
    printf("MIC buffers=%lu fnv=%08lx\n", (unsigned long)ends, (unsigned long)mic_hash);
    pass();
}
