/*
 * sleep.c - WFI/WFE sleep with SysTick wake-ups.
 *
 * SysTick is set up for 1 kHz assuming a 64 MHz core clock (reload 63999,
 * CLKSOURCE = processor clock).  The main loop executes WFI until 10,000
 * ticks have been counted (10 s of virtual time on nano33): an emulator has
 * to fast-forward the sleep.  Every WFI must sleep until an interrupt, so
 * there are at most ticks + 1 wake-ups.  Also checks that WFI wakes on an
 * interrupt masked by PRIMASK (without taking it), COUNTFLAG, and that SEV
 * sets the event register so that the next WFE returns at once.  Nothing
 * clock-dependent is printed.
 */
#define TEST_NAME "sleep"
#include "exc.h"

#define SLEEP_TICKS 10000u
#define SYSTICK_RELOAD (64000u - 1u) /* 1 ms at 64 MHz */

static volatile uint32_t ticks;

void SysTick_Handler(void)
{
    ticks++;
}

int main(void)
{
    printf("sleep: WFI until %u SysTick interrupts (1 kHz at 64 MHz)\n", SLEEP_TICKS);
    SCB_SHPR(EXC_SYSTICK) = 0x80;
    SYST_RVR = SYSTICK_RELOAD;
    CHECK_EQ(SYST_RVR, SYSTICK_RELOAD, "SYST_RVR reads back");
    SYST_CVR = 0;
    CHECK_EQ(SYST_CVR, 0, "writing SYST_CVR clears it");
    SYST_CSR = SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT | SYST_CSR_ENABLE;

    /* The counter counts down from the reload value. */
    uint32_t v1 = SYST_CVR, v2 = SYST_CVR;
    CHECK(v1 <= SYSTICK_RELOAD && v2 <= SYSTICK_RELOAD, "SYST_CVR within reload");

    uint32_t wakeups = 0;
    while (ticks < SLEEP_TICKS) {
        wfi();
        wakeups++;
    }
    CHECK(ticks >= SLEEP_TICKS, "tick count");
    CHECK(wakeups <= ticks + 1, "WFI returned without an interrupt");
    CHECK(wakeups >= 1, "WFI loop ran");
    printf("sleep: %u ticks counted, each WFI slept until an interrupt\n", SLEEP_TICKS);

    (void)SYST_CSR;   /* reading clears COUNTFLAG */
    uint32_t t = ticks;
    while (ticks == t) {
        wfi();
    }
    CHECK(SYST_CSR & SYST_CSR_COUNTFLAG, "COUNTFLAG set after a wrap");
    section("COUNTFLAG");

    /* WFI wakes on a pending interrupt even if PRIMASK masks it. */
    cpsid_i();
    t = ticks;
    wfi();
    while (!(SCB_ICSR & ICSR_PENDSTSET)) {
        wfi();
    }
    CHECK_EQ(ticks, t, "masked SysTick not taken");
    cpsie_i();
    isb();
    CHECK(ticks == t + 1, "SysTick taken after cpsie i");
    section("WFI wakes on a masked pending interrupt");

    /* SEV / WFE with no interrupt source: only the event register can wake. */
    SYST_CSR = 0;
    SCB_ICSR = ICSR_PENDSTCLR;
    barrier();
    sev();
    wfe();       /* returns at once, clears the event register */
    sev();
    wfe();       /* again */
    section("SEV makes the next WFE return");

    /* WFE is also woken by interrupts. */
    SYST_CVR = 0;
    SYST_CSR = SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT | SYST_CSR_ENABLE;
    t = ticks;
    while (ticks < t + 3) {
        wfe();
    }
    SYST_CSR = 0;
    section("WFE woken by SysTick");
    pass();
}
