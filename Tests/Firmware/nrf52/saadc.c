/*
 * saadc.c - the SAADC by EasyDMA: AIN2 (A0 on the Nano 33 BLE Sense: the host test wires a
 * sensor stream to it in a board file) and VDD, 12 bits, gain 1/6, internal 0.6 V reference.
 *
 * One SAMPLE converts both channels into RAM: END after two RESULTDONE events, RESULT.AMOUNT
 * 2, VDD (3.3 V) reading 3.3 * (1/6) / 0.6 * 4096 = 3755 (+-1); at gain 4 it saturates at
 * 4095; conversions take TACQ + 2 us each (DWT CYCCNT). CALIBRATEOFFSET ends with
 * CALIBRATEDONE. AIN2 is printed as "AIN2 <result>".
 */
#define TEST_NAME "saadc"
#include "exc.h"
#include "nrf52840_regs.h"

static volatile int16_t results[2];

static uint32_t convert(void)
{
    SAADC_RESULT_PTR = (uint32_t)(uintptr_t)results;
    SAADC_RESULT_MAXCNT = 2;
    SAADC_EVENTS_STARTED = 0;
    SAADC_EVENTS_END = 0;
    SAADC_EVENTS_RESULTDONE = 0;
    SAADC_TASKS_START = 1;
    while (SAADC_EVENTS_STARTED == 0) {
    }
    uint32_t start = DWT_CYCCNT;
    SAADC_TASKS_SAMPLE = 1;
    while (SAADC_EVENTS_END == 0) {
    }
    return DWT_CYCCNT - start;
}

int main(void)
{
    COREDEBUG_DEMCR |= DEMCR_TRCENA;
    DWT_CTRL |= DWT_CTRL_CYCCNTENA;

    SAADC_ENABLE = 1;
    SAADC_RESOLUTION = 2;                /* 12 bits */
    SAADC_CH_0_PSELP = 3;                /* AIN2 */
    SAADC_CH_0_CONFIG = 2u << 16;        /* gain 1/6, internal reference, TACQ 10 us, single-ended */
    SAADC_CH_1_PSELP = 9;                /* VDD */
    SAADC_CH_1_CONFIG = 2u << 16;

    SAADC_TASKS_CALIBRATEOFFSET = 1;
    while (SAADC_EVENTS_CALIBRATEDONE == 0) {
    }
    SAADC_EVENTS_CALIBRATEDONE = 0;

    uint32_t cycles = convert();
    CHECK_EQ(SAADC_RESULT_AMOUNT, 2, "RESULT.AMOUNT");
    printf("AIN2 %d\n", results[0]);
    printf("VDD %d after %lu cycles\n", results[1], (unsigned long)cycles);
    CHECK(results[1] >= 3754 && results[1] <= 3756, "VDD at gain 1/6");
    /* Two conversions of 10 + 2 us at 64 MHz, plus the polling loop. */
    CHECK(cycles >= 2 * 768 && cycles <= 2 * 768 + 200, "conversion time");

    SAADC_CH_1_CONFIG = (7u << 8) | (2u << 16);   /* gain 4 */
    convert();
    CHECK_EQ(results[1], 4095, "VDD at gain 4 saturates");
    SAADC_TASKS_STOP = 1;
    while (SAADC_EVENTS_STOPPED == 0) {
    }
    pass();
}
