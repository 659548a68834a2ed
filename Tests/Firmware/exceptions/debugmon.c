/*
 * debugmon.c - the DebugMonitor exception (no halting debugger attached).
 *
 * With DEMCR.MON_EN set, BKPT raises DebugMonitor (exception 12) with
 * DFSR.BKPT; the handler steps over the 16-bit BKPT by advancing the stacked
 * PC and clears DFSR (write one to clear). DEMCR.MON_PEND pends the
 * exception by software and reads back its pending state. With BASEPRI
 * masking the monitor's priority, a BKPT escalates to HardFault with
 * HFSR.DEBUGEVT.
 */
#define TEST_NAME "debugmon"
#include "exc.h"

#define SCB_DFSR REG32(0xE000ED30u)
#define DFSR_BKPT (1u << 1)
#define DEMCR_MON_EN   (1u << 16)
#define DEMCR_MON_PEND (1u << 17)
#define HFSR_DEBUGEVT  (1u << 31)

enum { F_R0, F_R1, F_R2, F_R3, F_R12, F_LR, F_PC, F_XPSR };

static volatile uint32_t monitor_runs, hardfault_runs, last_dfsr, last_hfsr, last_ipsr;

void debug_common(uint32_t *frame);

__attribute__((naked)) static void debug_stub(void)
{
    __asm__ volatile(
        "tst   lr, #4\n"
        "ite   eq\n"
        "mrseq r0, msp\n"
        "mrsne r0, psp\n"
        "b     debug_common\n");
}

void DebugMon_Handler(void)  __attribute__((alias("debug_stub")));
void HardFault_Handler(void) __attribute__((alias("debug_stub")));

void debug_common(uint32_t *frame)
{
    uint32_t ipsr = get_ipsr() & 0x1FFu;
    last_ipsr = ipsr;
    last_dfsr = SCB_DFSR;
    last_hfsr = SCB_HFSR;
    SCB_DFSR = last_dfsr;
    SCB_HFSR = last_hfsr;
    if (ipsr == 12) {
        monitor_runs++;
    } else {
        hardfault_runs++;
    }
    if (last_dfsr & DFSR_BKPT) {
        frame[F_PC] += 2u;   /* step over the 16-bit BKPT */
    }
}

int main(void)
{
    SCB_SHPR(12) = 0x80;   /* DebugMonitor priority */
    COREDEBUG_DEMCR |= DEMCR_MON_EN;
    barrier();

    __asm__ volatile("bkpt #1" ::: "memory");
    CHECK_EQ(monitor_runs, 1, "BKPT with MON_EN raises DebugMonitor");
    CHECK_EQ(last_ipsr, 12, "IPSR = 12 in the handler");
    CHECK(last_dfsr & DFSR_BKPT, "DFSR.BKPT set");
    CHECK_EQ(SCB_DFSR & DFSR_BKPT, 0, "DFSR is write-one-to-clear");
    section("BKPT -> DebugMonitor");

    COREDEBUG_DEMCR |= DEMCR_MON_PEND;
    barrier();
    CHECK_EQ(monitor_runs, 2, "MON_PEND pends DebugMonitor");
    CHECK_EQ(last_dfsr & DFSR_BKPT, 0, "no BKPT event for MON_PEND");
    CHECK_EQ(COREDEBUG_DEMCR & DEMCR_MON_PEND, 0, "MON_PEND clear once taken");
    section("MON_PEND");

    set_basepri(0x80);    /* masks the monitor */
    __asm__ volatile("bkpt #2" ::: "memory");
    set_basepri(0);
    CHECK_EQ(hardfault_runs, 1, "BKPT with the monitor masked escalates to HardFault");
    CHECK(last_hfsr & HFSR_DEBUGEVT, "HFSR.DEBUGEVT");
    section("escalation to HardFault (DEBUGEVT)");
    pass();
}
