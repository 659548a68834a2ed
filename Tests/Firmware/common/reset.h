/*
 * reset.h - what every Reset_Handler here does before the C library starts:
 * copy .data from flash, clear .bss, and in hard-float builds grant CP10/CP11
 * (CPACR) before any FP instruction runs. Shared by common/startup.c and
 * exceptions/vectors.c (which differ only in their vector tables).
 */
#ifndef TINYEMU_RESET_H
#define TINYEMU_RESET_H
#include <stdint.h>

/* Linker-script symbols (see nano33.ld). */
extern uint32_t __stack;
extern uint32_t __data_load__;
extern uint32_t __data_start__;
extern uint32_t __data_end__;
extern uint32_t __bss_start__;
extern uint32_t __bss_end__;

/* C library entry point (rdimon crt0 or picolibc crt0). */
extern void _start(void) __attribute__((noreturn));

/* Loops must stay loops: .data is not initialised yet, so GCC must not turn
   them into memcpy/memset calls. Always inlined: Reset_Handler stays one
   straight run of code, as a debugger stepping from reset expects. */
__attribute__((optimize("no-tree-loop-distribute-patterns"), noreturn, always_inline))
static inline void reset_and_start(void)
{
    uint32_t *src = &__data_load__;
    uint32_t *dst = &__data_start__;
    while (dst < &__data_end__) {
        *dst++ = *src++;
    }
    for (dst = &__bss_start__; dst < &__bss_end__; ) {
        *dst++ = 0;
    }
#if defined(__ARM_FP)
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
    __asm__ volatile("dsb\n isb" ::: "memory");
#endif
    _start();
}

#endif
