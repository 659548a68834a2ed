/*
 * vectors.c - startup and full vector table for the exception-model tests.
 *
 * The reset sequence of common/startup.c (common/reset.h: copy .data/.tdata,
 * clear .tbss/.bss, grant the FPU, jump to _start), but with 16 system
 * slots plus 48 external interrupts, every handler a weak alias of
 * Default_Handler.  Default_Handler reports the unexpected exception number
 * (IPSR) and exits with status 1, so a missing handler is a test failure
 * instead of a hang.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NUM_IRQS 48

#include "../common/reset.h"

/* Defined by every test program (exc.h). */
extern const char exc_test_name[];

void Reset_Handler(void) __attribute__((noreturn));
void Default_Handler(void);

#define WEAK_HANDLER(name) void name(void) __attribute__((weak, alias("Default_Handler")))
WEAK_HANDLER(NMI_Handler);
WEAK_HANDLER(HardFault_Handler);
WEAK_HANDLER(MemManage_Handler);
WEAK_HANDLER(BusFault_Handler);
WEAK_HANDLER(UsageFault_Handler);
WEAK_HANDLER(SVC_Handler);
WEAK_HANDLER(DebugMon_Handler);
WEAK_HANDLER(PendSV_Handler);
WEAK_HANDLER(SysTick_Handler);
WEAK_HANDLER(IRQ0_Handler);  WEAK_HANDLER(IRQ1_Handler);  WEAK_HANDLER(IRQ2_Handler);
WEAK_HANDLER(IRQ3_Handler);  WEAK_HANDLER(IRQ4_Handler);  WEAK_HANDLER(IRQ5_Handler);
WEAK_HANDLER(IRQ6_Handler);  WEAK_HANDLER(IRQ7_Handler);  WEAK_HANDLER(IRQ8_Handler);
WEAK_HANDLER(IRQ9_Handler);  WEAK_HANDLER(IRQ10_Handler); WEAK_HANDLER(IRQ11_Handler);
WEAK_HANDLER(IRQ12_Handler); WEAK_HANDLER(IRQ13_Handler); WEAK_HANDLER(IRQ14_Handler);
WEAK_HANDLER(IRQ15_Handler); WEAK_HANDLER(IRQ16_Handler); WEAK_HANDLER(IRQ17_Handler);
WEAK_HANDLER(IRQ18_Handler); WEAK_HANDLER(IRQ19_Handler); WEAK_HANDLER(IRQ20_Handler);
WEAK_HANDLER(IRQ21_Handler); WEAK_HANDLER(IRQ22_Handler); WEAK_HANDLER(IRQ23_Handler);
WEAK_HANDLER(IRQ24_Handler); WEAK_HANDLER(IRQ25_Handler); WEAK_HANDLER(IRQ26_Handler);
WEAK_HANDLER(IRQ27_Handler); WEAK_HANDLER(IRQ28_Handler); WEAK_HANDLER(IRQ29_Handler);
WEAK_HANDLER(IRQ30_Handler); WEAK_HANDLER(IRQ31_Handler); WEAK_HANDLER(IRQ32_Handler);
WEAK_HANDLER(IRQ33_Handler); WEAK_HANDLER(IRQ34_Handler); WEAK_HANDLER(IRQ35_Handler);
WEAK_HANDLER(IRQ36_Handler); WEAK_HANDLER(IRQ37_Handler); WEAK_HANDLER(IRQ38_Handler);
WEAK_HANDLER(IRQ39_Handler); WEAK_HANDLER(IRQ40_Handler); WEAK_HANDLER(IRQ41_Handler);
WEAK_HANDLER(IRQ42_Handler); WEAK_HANDLER(IRQ43_Handler); WEAK_HANDLER(IRQ44_Handler);
WEAK_HANDLER(IRQ45_Handler); WEAK_HANDLER(IRQ46_Handler); WEAK_HANDLER(IRQ47_Handler);

typedef void (*vector_t)(void);

/* 64 entries = 256 bytes; the table sits at address 0 (VTOR reset value). */
__attribute__((section(".vectors"), used))
const vector_t __vector_table[16 + NUM_IRQS] = {
    (vector_t)(uintptr_t)&__stack, /*  0: initial MSP */
    Reset_Handler,                 /*  1 */
    NMI_Handler,                   /*  2 */
    HardFault_Handler,             /*  3 */
    MemManage_Handler,             /*  4 */
    BusFault_Handler,              /*  5 */
    UsageFault_Handler,            /*  6 */
    Default_Handler,               /*  7: reserved */
    Default_Handler,               /*  8: reserved */
    Default_Handler,               /*  9: reserved */
    Default_Handler,               /* 10: reserved */
    SVC_Handler,                   /* 11 */
    DebugMon_Handler,              /* 12 */
    Default_Handler,               /* 13: reserved */
    PendSV_Handler,                /* 14 */
    SysTick_Handler,               /* 15 */
    IRQ0_Handler,  IRQ1_Handler,  IRQ2_Handler,  IRQ3_Handler,
    IRQ4_Handler,  IRQ5_Handler,  IRQ6_Handler,  IRQ7_Handler,
    IRQ8_Handler,  IRQ9_Handler,  IRQ10_Handler, IRQ11_Handler,
    IRQ12_Handler, IRQ13_Handler, IRQ14_Handler, IRQ15_Handler,
    IRQ16_Handler, IRQ17_Handler, IRQ18_Handler, IRQ19_Handler,
    IRQ20_Handler, IRQ21_Handler, IRQ22_Handler, IRQ23_Handler,
    IRQ24_Handler, IRQ25_Handler, IRQ26_Handler, IRQ27_Handler,
    IRQ28_Handler, IRQ29_Handler, IRQ30_Handler, IRQ31_Handler,
    IRQ32_Handler, IRQ33_Handler, IRQ34_Handler, IRQ35_Handler,
    IRQ36_Handler, IRQ37_Handler, IRQ38_Handler, IRQ39_Handler,
    IRQ40_Handler, IRQ41_Handler, IRQ42_Handler, IRQ43_Handler,
    IRQ44_Handler, IRQ45_Handler, IRQ46_Handler, IRQ47_Handler,
};

/* picolibc's crt0 references __interrupt_vector (unused with newlib). */
extern const vector_t __interrupt_vector[16 + NUM_IRQS] __attribute__((alias("__vector_table")));

/* The same option as reset_and_start, into which it is inlined (see reset.h). */
__attribute__((optimize("no-tree-loop-distribute-patterns")))
void Reset_Handler(void)
{
    reset_and_start();
}

void Default_Handler(void)
{
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    printf("FAIL %s: unexpected exception %lu\n", exc_test_name,
           (unsigned long)(ipsr & 0x1FFu));
    fflush(stdout);
    exit(1);
}

__attribute__((naked, noinline)) void run_on_psp(void (*fn)(void), uint32_t *psp_top)
{
    (void)fn; (void)psp_top;
    __asm__ volatile(
        "push  {r4-r11, lr}\n"
        "msr   psp, r1\n"
        "mrs   r4, control\n"
        "orr   r2, r4, #2\n"
        "msr   control, r2\n"
        "isb\n"
        "blx   r0\n"
        "msr   control, r4\n"
        "isb\n"
        "pop   {r4-r11, pc}\n");
}
