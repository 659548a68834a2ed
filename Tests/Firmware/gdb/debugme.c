/*
 * debugme.c - firmware for the GDB stub tests (in Tests/GDB), built with -O0 -g so that
 * gdb's next/step/finish, locals and watchpoints behave as a developer expects.
 *
 * Comments of the form "LINE:name" mark lines the tests look up by name.
 */
#include <stdint.h>
#include <stdio.h>

volatile uint32_t counter;          /* watched by the tests */
int global_value = 42;              /* changed with `set var` by the tests */
volatile uint32_t ticks;            /* SysTick interrupts so far */
float scale = 1.5f;
volatile int spin;                  /* set by the tests to make main spin until interrupted */
volatile int doze;                  /* ... to sleep with nothing that could wake the core */
volatile int trap;                  /* ... to execute a BKPT */
volatile int crash;                 /* ... to lock up (a BusFault in a handler that loops) */

#define SYST_CSR (*(volatile uint32_t *)0xE000E010)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018)

void SysTick_Handler(void)
{
    ticks++;                                    /* LINE:tick */
}

static int add(int a, int b)
{
    int sum = a + b;                            /* LINE:add-body */
    return sum;
}

static int square(int x)
{
    int result = x * x;                         /* LINE:square-body */
    return result;
}

void bump(void)
{
    counter = counter + 1;                      /* LINE:bump */
}

int compute(int start)
{
    int local = start;                          /* LINE:compute-first */
    int total = add(local, 2);                  /* LINE:call-add */
    total = square(total);                      /* LINE:call-square */
    return total;                               /* LINE:compute-return */
}

int main(int argc, char **argv)
{
    if (argc > 1 && argv[1][0] == 's') {       /* "spin": run until a debugger comes */
        spin = 1;
    }
    /* SysTick every 1000 cycles, with its interrupt. */
    SYST_RVR = 999;
    SYST_CVR = 0;
    SYST_CSR = 7;
    while (spin) {
        counter = 0;                            /* LINE:spin */
    }
    if (doze) {
        SYST_CSR = 0;
        for (;;) {
            __asm__ volatile("wfi");            /* LINE:doze */
        }
    }
    if (trap) {
        __asm__ volatile("bkpt #1");            /* LINE:trap */
    }
    if (crash) {
        *(volatile uint32_t *)0xA0000000u = 1;  /* LINE:crash */
    }

    int total = compute(5);                     /* LINE:main-compute */
    for (int i = 0; i < 3; i++) {
        bump();                                 /* LINE:main-bump */
    }
    SYST_CSR = 0;                               /* LINE:before-print */
    printf("total=%d global=%d counter=%lu scale=%d\n", total, global_value,
           (unsigned long)counter, (int)(scale * 2));    /* LINE:main-print */
    return global_value == 42 ? 0 : 3;
}
