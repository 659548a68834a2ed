/*
 * rng_temp.c - the random number generator and the die temperature sensor.
 *
 * RNG: 16 bytes one VALRDY at a time (30 us apart, DWT CYCCNT), then 16 with
 * bias correction (CONFIG.DERCEN, 120 us apart) and the VALRDY interrupt;
 * SHORTS VALRDY_STOP stops after a single byte. The bytes are printed: they
 * depend only on --seed, so the test compares runs. Not all equal, and the
 * two halves differ.
 *
 * TEMP: START, DATARDY 36 us later, TEMP in 0.25 degC units: 25 degC (100)
 * without a temperature sensor; the test runs it again with
 * --sensor temperature=constant,value=31.5C to see 126.
 */
#define TEST_NAME "rng_temp"
#include "exc.h"
#include "nrf52840_regs.h"

static volatile uint32_t valrdy_interrupts;
static volatile uint8_t bytes[32];

void IRQ13_Handler(void)  /* RNG */
{
    RNG_EVENTS_VALRDY = 0;
    if (valrdy_interrupts < 32) {
        bytes[valrdy_interrupts] = (uint8_t)RNG_VALUE;
    }
    valrdy_interrupts++;
}

static uint32_t wait_valrdy(void)
{
    uint32_t start = DWT_CYCCNT;
    while (RNG_EVENTS_VALRDY == 0) {
    }
    RNG_EVENTS_VALRDY = 0;
    return DWT_CYCCNT - start;
}

int main(void)
{
    COREDEBUG_DEMCR |= DEMCR_TRCENA;
    DWT_CTRL |= DWT_CTRL_CYCCNTENA;

    RNG_TASKS_START = 1;
    for (int i = 0; i < 16; i++) {
        uint32_t took = wait_valrdy();
        bytes[i] = (uint8_t)RNG_VALUE;
        CHECK(took <= 30u * 64u + 40u, "a raw byte every 30 us");
        if (i > 0) {
            CHECK(took >= 30u * 64u - 40u, "a raw byte every 30 us");
        }
    }
    RNG_TASKS_STOP = 1;

    RNG_CONFIG = 1;   /* DERCEN */
    RNG_INTENSET = 1;
    nvic_enable(RNG_IRQn);
    uint32_t start = DWT_CYCCNT;
    valrdy_interrupts = 16;
    RNG_TASKS_START = 1;
    while (valrdy_interrupts < 32) {
        wfi();
    }
    RNG_TASKS_STOP = 1;
    uint32_t took = DWT_CYCCNT - start;
    CHECK(took >= 16u * 120u * 64u && took < 16u * 120u * 64u + 400u, "bias-corrected bytes every 120 us");
    RNG_INTENCLR = 1;
    nvic_disable(RNG_IRQn);

    printf("rng:");
    int same = 1, halves_equal = 1;
    for (int i = 0; i < 32; i++) {
        printf(" %02x", bytes[i]);
        same &= bytes[i] == bytes[0];
        if (i < 16) {
            halves_equal &= bytes[i] == bytes[i + 16];
        }
    }
    printf("\n");
    CHECK(!same, "the bytes vary");
    CHECK(!halves_equal, "the sequence goes on: the second 16 bytes are new");

    RNG_SHORTS = 1;   /* VALRDY_STOP */
    RNG_CONFIG = 0;
    RNG_TASKS_START = 1;
    wait_valrdy();
    start = DWT_CYCCNT;
    while (DWT_CYCCNT - start < 200u * 64u) {
    }
    CHECK_EQ(RNG_EVENTS_VALRDY, 0, "VALRDY_STOP: one byte, then stopped");

    start = DWT_CYCCNT;
    TEMP_TASKS_START = 1;
    while (TEMP_EVENTS_DATARDY == 0) {
    }
    took = DWT_CYCCNT - start;
    TEMP_EVENTS_DATARDY = 0;
    int32_t quarter_degrees = (int32_t)TEMP_TEMP;
    printf("temp: %ld quarter degrees after %lu cycles\n", (long)quarter_degrees, (unsigned long)took);
    CHECK(took >= 36u * 64u && took < 36u * 64u + 40u, "DATARDY after 36 us");
    pass();
}
