/*
 * floats.c - hard-float firmware for the GDB stub tests: FPU registers as gdb shows them.
 */
#include <stdio.h>

#define SCB_CPACR (*(volatile unsigned *)0xE000ED88u)

/* CP10/CP11 before any floating-point instruction runs (before main). */
__attribute__((constructor(101))) static void enable_fpu(void)
{
    SCB_CPACR |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb");
}

float factor = 1.5f;

float scale_by(float value, float by)
{
    float product = value * by;                 /* LINE:scale-body */
    return product;
}

int main(void)
{
    float result = scale_by(factor, 4.0f);
    printf("result=%d\n", (int)result);
    return (int)result == 6 ? 0 : 1;
}
