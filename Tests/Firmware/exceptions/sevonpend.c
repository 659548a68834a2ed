/*
 * sevonpend.c - SCR.SEVONPEND: an interrupt becoming pending is a WFE wake-up
 * event only when SEVONPEND is set.
 *
 * IRQ 5 stays disabled in the NVIC, so pending it cannot wake the core by
 * itself; SysTick (1 kHz at 64 MHz) is the other wake-up source. Without
 * SEVONPEND the WFE after the pend sleeps until a SysTick; with it, the WFE
 * returns at once.
 *
 * Not run on QEMU (xfail there): QEMU's WFE returns at once whatever the
 * event register says, which the architecture allows as a hint but makes
 * the first case fail.
 */
#define TEST_NAME "sevonpend"
#include "exc.h"

static volatile uint32_t ticks;

void SysTick_Handler(void)
{
    ticks++;
}

int main(void)
{
    uint32_t t;

    SYST_RVR = 63999u;
    SYST_CVR = 0;
    SYST_CSR = SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT | SYST_CSR_ENABLE;


    /* SEVONPEND: an interrupt that becomes pending is an event only with SCR.SEVONPEND.
       IRQ 5 stays disabled in the NVIC, so pending it cannot wake WFE by itself. */
    nvic_disable(5);
    SCB_SCR &= ~SCR_SEVONPEND;
    barrier();
    sev();
    wfe();                     /* clear the event register */
    t = ticks;
    nvic_pend(5);
    wfe();                     /* no event: sleeps until SysTick */
    CHECK(ticks != t, "without SEVONPEND a disabled IRQ becoming pending does not wake WFE");
    nvic_unpend(5);
    SCB_SCR |= SCR_SEVONPEND;
    barrier();
    sev();
    wfe();
    t = ticks;
    nvic_pend(5);
    wfe();                     /* the pend was an event: returns at once */
    CHECK_EQ(ticks, t, "with SEVONPEND a disabled IRQ becoming pending wakes WFE at once");
    nvic_unpend(5);
    SCB_SCR &= ~SCR_SEVONPEND;
    SYST_CSR = 0;
    section("SEVONPEND");
    pass();
}
