/*
 * timer_rtc.c - TIMER0 and RTC0 interrupts at the right virtual times.
 *
 * TIMER0 in timer mode at 1 MHz (PRESCALER 4), CC[0] = 1000 with the
 * COMPARE0->CLEAR shortcut: an interrupt every 1 ms, i.e. every 64,000 CPU
 * cycles at 64 MHz, measured with DWT CYCCNT. CAPTURE reads the counter.
 * RTC0 from the LFRC clock (started through CLOCK) at 32768 Hz, CC[0] one
 * second ahead each time: the program sleeps (WFI) through 60 wake-ups, 60 s
 * of virtual time, each 64,000,000 cycles apart within one RTC tick.
 */
#define TEST_NAME "timer_rtc"
#include "exc.h"
#include "nrf52840_regs.h"

static volatile uint32_t timer_ticks, timer_stamps[11];
static volatile uint32_t rtc_wakeups, rtc_stamps[61];

void IRQ8_Handler(void)   /* TIMER0 */
{
    TIMER0_EVENTS_COMPARE_0 = 0;
    if (timer_ticks < 11) {
        timer_stamps[timer_ticks] = DWT_CYCCNT;
    }
    timer_ticks++;
}

void IRQ11_Handler(void)  /* RTC0 */
{
    RTC0_EVENTS_COMPARE_0 = 0;
    if (rtc_wakeups < 61) {
        rtc_stamps[rtc_wakeups] = DWT_CYCCNT;
    }
    rtc_wakeups++;
    RTC0_CC_0 = (RTC0_CC_0 + 32768u) & 0xFFFFFFu;
}

int main(void)
{
    COREDEBUG_DEMCR |= DEMCR_TRCENA;
    DWT_CTRL |= DWT_CTRL_CYCCNTENA;

    /* TIMER0: 1 MHz, 32-bit, compare every 1000 ticks. */
    CHECK_EQ(TIMER0_PRESCALER, 4, "PRESCALER reset value");
    TIMER0_MODE = 0;
    TIMER0_BITMODE = 3;
    TIMER0_PRESCALER = 4;
    TIMER0_CC_0 = 1000;
    TIMER0_SHORTS = 1u << 0;        /* COMPARE0 -> CLEAR */
    TIMER0_INTENSET = 1u << 16;     /* COMPARE0 */
    nvic_enable(TIMER0_IRQn);
    TIMER0_TASKS_CLEAR = 1;
    TIMER0_TASKS_START = 1;
    while (timer_ticks < 11) {
        wfi();
    }
    TIMER0_TASKS_STOP = 1;
    for (int i = 1; i < 11; i++) {
        uint32_t period = timer_stamps[i] - timer_stamps[i - 1];
        if (period < 63990 || period > 64010) {
            printf("timer period %d: %lu cycles\n", i, (unsigned long)period);
            fail("TIMER0 compare every 64000 cycles");
        }
    }
    TIMER0_TASKS_CAPTURE_1 = 1;
    uint32_t stopped = TIMER0_CC_1;
    TIMER0_TASKS_CAPTURE_1 = 1;
    CHECK_EQ(TIMER0_CC_1, stopped, "a stopped timer does not count");
    section("TIMER0 every 1 ms");

    /* RTC0 on the RC low-frequency clock. */
    CLOCK_LFCLKSRC = 0;             /* RC */
    CLOCK_EVENTS_LFCLKSTARTED = 0;
    CLOCK_TASKS_LFCLKSTART = 1;
    while (CLOCK_EVENTS_LFCLKSTARTED == 0) {
    }
    CHECK_EQ(CLOCK_LFCLKSTAT & (1u << 16), 1u << 16, "LFCLK running");
    RTC0_PRESCALER = 0;
    RTC0_CC_0 = 32768;
    RTC0_INTENSET = 1u << 16;       /* COMPARE0 */
    nvic_enable(RTC0_IRQn);
    RTC0_TASKS_CLEAR = 1;
    RTC0_TASKS_START = 1;
    while (rtc_wakeups < 61) {
        wfi();
    }
    RTC0_TASKS_STOP = 1;
    for (int i = 1; i < 61; i++) {
        uint32_t period = rtc_stamps[i] - rtc_stamps[i - 1];
        if (period < 64000000u - 2000u || period > 64000000u + 2000u) {
            printf("rtc period %d: %lu cycles\n", i, (unsigned long)period);
            fail("RTC0 compare every second");
        }
    }
    CHECK(RTC0_COUNTER >= 61u * 32768u, "RTC0 counted 61 s");
    section("RTC0 wake-ups for 61 s of virtual time");
    pass();
}
