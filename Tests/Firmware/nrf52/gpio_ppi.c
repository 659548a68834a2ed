/*
 * gpio_ppi.c - a pin toggled by hardware alone: TIMER0 COMPARE[0] -> PPI
 * channel 0 -> GPIOTE TASKS_OUT[0], toggling P0.13 (the built-in LED) every
 * millisecond with no CPU work. TIMER0 runs at 1 MHz with CC[0] = 1000 and the
 * COMPARE0->CLEAR shortcut; its interrupt only wakes the CPU to count periods
 * and sample the pin (IN, input buffer connected). FORK[0] toggles P0.24 (the
 * red LED) on the same event. Channel group 0 holds channel 0:
 * TASKS_CHG[0].DIS stops the toggling for three periods, TASKS_CHG[0].EN
 * resumes it. The test harness checks the waveform with --vcd: P0.13 changes
 * every 1,000,000 ns of virtual time.
 */
#define TEST_NAME "gpio_ppi"
#include "exc.h"
#include "nrf52840_regs.h"

#define GPIOTE_TASK  3u
#define PSEL(pin)    ((uint32_t)(pin) << 8)
#define TOGGLE       (3u << 16)

static volatile uint32_t periods, samples[64];

void IRQ8_Handler(void)   /* TIMER0 */
{
    TIMER0_EVENTS_COMPARE_0 = 0;
    if (periods < 64) {
        samples[periods] = (P0_IN >> 13) & 1u;
    }
    periods++;
}

static void wait_periods(uint32_t n)
{
    uint32_t until = periods + n;
    while (periods < until) {
        wfi();
    }
}

int main(void)
{
    P0_PIN_CNF_13 = 0;                       /* input buffer connected: IN shows the pin */
    GPIOTE_CONFIG_0 = GPIOTE_TASK | PSEL(13) | TOGGLE;
    GPIOTE_CONFIG_1 = GPIOTE_TASK | PSEL(24) | TOGGLE | (1u << 20);  /* red LED off (active low) */

    PPI_CH_0_EEP = (uint32_t)&TIMER0_EVENTS_COMPARE_0;
    PPI_CH_0_TEP = (uint32_t)&GPIOTE_TASKS_OUT_0;
    PPI_FORK_0_TEP = (uint32_t)&GPIOTE_TASKS_OUT_1;
    CHECK_EQ(PPI_CH_0_EEP, 0x40008140u, "EEP reads back");
    PPI_CHG_0 = 1u << 0;
    PPI_CHENSET = 1u << 0;
    CHECK_EQ(PPI_CHEN, 1u << 0, "CHENSET enables channel 0");

    TIMER0_MODE = 0;
    TIMER0_BITMODE = 3;
    TIMER0_PRESCALER = 4;                    /* 1 MHz */
    TIMER0_CC_0 = 1000;                      /* 1 ms */
    TIMER0_SHORTS = 1u << 0;                 /* COMPARE0 -> CLEAR */
    TIMER0_INTENSET = 1u << 16;
    nvic_enable(TIMER0_IRQn);
    TIMER0_TASKS_CLEAR = 1;
    TIMER0_TASKS_START = 1;

    wait_periods(20);
    for (uint32_t i = 0; i < 20; i++) {
        CHECK_EQ(samples[i], (i + 1) & 1u, "P0.13 toggles at every compare");
    }
    section("TIMER0 -> PPI -> GPIOTE toggles P0.13 every 1 ms");

    PPI_TASKS_CHG_0_DIS = 1;
    CHECK_EQ(PPI_CHEN, 0, "group 0 disabled");
    uint32_t held = (P0_IN >> 13) & 1u;
    uint32_t first = periods;
    wait_periods(3);
    for (uint32_t i = first; i < first + 3; i++) {
        CHECK_EQ(samples[i], held, "no toggling while the group is disabled");
    }
    PPI_TASKS_CHG_0_EN = 1;
    CHECK_EQ(PPI_CHEN, 1u << 0, "group 0 enabled again");
    wait_periods(2);
    CHECK_EQ(samples[first + 3], held ^ 1u, "toggling again");
    CHECK_EQ(samples[first + 4], held, "and again");
    section("channel group disable/enable");

    PPI_CHENCLR = 1u << 0;
    TIMER0_TASKS_STOP = 1;
    pass();
}
