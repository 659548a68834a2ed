/*
 * startup.c - minimal Cortex-M4 startup for tinyemu's "nano33" board.
 *
 * The core starts as silicon does: SP = word 0 of the vector table at
 * address 0, PC = word 1 (Reset_Handler).  Reset_Handler copies the
 * initialised data (.data and .tdata) from flash to RAM and clears
 * .tbss/.bss, then jumps to the C library's entry point `_start`:
 *
 *   - newlib (rdimon-crt0): issues SYS_HEAPINFO (may move SP), clears .bss
 *     again, opens the semihosting console, fetches the command line
 *     (SYS_GET_CMDLINE), runs constructors, calls main() and exit().
 *   - picolibc (crt0-semihost): copies .data / clears .bss again (harmless),
 *     sets up TLS, runs constructors, fetches the command line and calls
 *     main() and exit().
 *
 * Neither libc copies .data for us in the newlib case, so it is done here
 * unconditionally; repeating it in picolibc's crt0 costs a few hundred
 * instructions.
 */
#include <stdint.h>

#include "../common/reset.h"

void Reset_Handler(void) __attribute__((noreturn));
void Default_Handler(void);

/* System exception handlers; all default to Default_Handler. */
void NMI_Handler(void)        __attribute__((weak, alias("Default_Handler")));
void HardFault_Handler(void)  __attribute__((weak, alias("Default_Handler")));
void MemManage_Handler(void)  __attribute__((weak, alias("Default_Handler")));
void BusFault_Handler(void)   __attribute__((weak, alias("Default_Handler")));
void UsageFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SVC_Handler(void)        __attribute__((weak, alias("Default_Handler")));
void DebugMon_Handler(void)   __attribute__((weak, alias("Default_Handler")));
void PendSV_Handler(void)     __attribute__((weak, alias("Default_Handler")));
void SysTick_Handler(void)    __attribute__((weak, alias("Default_Handler")));

typedef void (*vector_t)(void);

/*
 * 16-entry Cortex-M vector table: initial SP, reset, and the 14 system
 * exception slots (the architecturally reserved ones also point at
 * Default_Handler).  No external interrupts are used by the test programs.
 */
__attribute__((section(".vectors"), used))
const vector_t __vector_table[16] = {
    (vector_t)(uintptr_t)&__stack, /*  0: initial main stack pointer */
    Reset_Handler,                 /*  1: reset                      */
    NMI_Handler,                   /*  2: NMI                        */
    HardFault_Handler,             /*  3: HardFault                  */
    MemManage_Handler,             /*  4: MemManage                  */
    BusFault_Handler,              /*  5: BusFault                   */
    UsageFault_Handler,            /*  6: UsageFault                 */
    Default_Handler,               /*  7: reserved                   */
    Default_Handler,               /*  8: reserved                   */
    Default_Handler,               /*  9: reserved                   */
    Default_Handler,               /* 10: reserved                   */
    SVC_Handler,                   /* 11: SVCall                     */
    DebugMon_Handler,              /* 12: DebugMonitor               */
    Default_Handler,               /* 13: reserved                   */
    PendSV_Handler,                /* 14: PendSV                     */
    SysTick_Handler,               /* 15: SysTick                    */
};

/* picolibc's crt0 references __interrupt_vector; point it at our table so
   that picolibc's own default vector table is not linked in. */
extern const vector_t __interrupt_vector[16] __attribute__((alias("__vector_table")));

/* The same option as reset_and_start, into which it is inlined (see reset.h). */
__attribute__((optimize("no-tree-loop-distribute-patterns")))
void Reset_Handler(void)
{
    reset_and_start();
}

void Default_Handler(void)
{
    for (;;) {
    }
}
