/*
 * rtos.c - a tiny preemptive round-robin kernel.
 *
 * SysTick (1 kHz for a 64 MHz core clock, priority 0x80) counts ticks,
 * charges the tick to the running task and pends PendSV; PendSV (priority
 * 0xFF, naked) saves r4-r11 on the current task's process stack and switches
 * to the next of three tasks.  Each task spins incrementing its counter; the
 * tasks print in turn by passing a token (`turn`), so no locking is needed.
 * After RUN_TICKS ticks task 0 stops SysTick and returns to main, which
 * checks that every task ran and got an equal share of the time slices.
 * Nothing timing-dependent is printed.
 */
#define TEST_NAME "rtos"
#include "exc.h"

#define NTASKS 3
#define RUN_TICKS 300
#define ROUNDS 3
#define STACK_WORDS 1024
#define SYSTICK_RELOAD (64000u - 1u) /* 1 ms at 64 MHz */

uint32_t rtos_saved_sp[NTASKS];
uint32_t rtos_current;
uint32_t rtos_switches;

static uint32_t stacks[NTASKS][STACK_WORDS] __attribute__((aligned(8)));
static volatile uint32_t ticks;
static volatile uint32_t slices[NTASKS];    /* ticks charged to each task */
static volatile uint32_t counter[NTASKS];   /* loop iterations of each task */
static volatile uint32_t turn;              /* whose turn it is to print */
static volatile uint32_t printed[NTASKS];

void SysTick_Handler(void)
{
    ticks++;
    slices[rtos_current]++;
    SCB_ICSR = ICSR_PENDSVSET;
}

__attribute__((naked)) void PendSV_Handler(void)
{
    __asm__ volatile(
        "mrs   r0, psp\n"
        "stmdb r0!, {r4-r11}\n"
        "ldr   r1, =rtos_current\n"
        "ldr   r2, [r1]\n"
        "ldr   r3, =rtos_saved_sp\n"
        "str   r0, [r3, r2, lsl #2]\n"
        "add   r2, r2, #1\n"
        "cmp   r2, #3\n"                 /* NTASKS */
        "it    eq\n"
        "moveq r2, #0\n"
        "str   r2, [r1]\n"
        "ldr   r0, [r3, r2, lsl #2]\n"
        "ldmia r0!, {r4-r11}\n"
        "msr   psp, r0\n"
        "ldr   r1, =rtos_switches\n"
        "ldr   r2, [r1]\n"
        "add   r2, r2, #1\n"
        "str   r2, [r1]\n"
        "bx    lr\n"
        ".ltorg\n");
}

static void task_body(uint32_t id)
{
    for (;;) {
        counter[id]++;
        if (turn == id && printed[id] < ROUNDS) {
            printf("rtos: task %lu says hello (round %lu)\n",
                   (unsigned long)id, (unsigned long)printed[id] + 1);
            printed[id]++;
            turn = (id + 1) % NTASKS;
        }
        if (id == 0 && ticks >= RUN_TICKS && printed[NTASKS - 1] == ROUNDS) {
            /* Stop the kernel and return to main (task 0 was called from it). */
            cpsid_i();
            SYST_CSR = 0;
            SCB_ICSR = ICSR_PENDSTCLR | ICSR_PENDSVCLR;
            barrier();
            cpsie_i();
            return;
        }
    }
}

static void task0(void) { task_body(0); }
static void task1(void) { task_body(1); }
static void task2(void) { task_body(2); }

static void task_returned(void)
{
    fail("a task returned");
}

static void init_task(uint32_t id, void (*entry)(void))
{
    uint32_t *sp = &stacks[id][STACK_WORDS];
    *--sp = 0x01000000u;                              /* xPSR (T bit) */
    *--sp = (uint32_t)(uintptr_t)entry & ~1u;         /* PC */
    *--sp = (uint32_t)(uintptr_t)task_returned;       /* LR */
    for (int i = 0; i < 5; i++) {
        *--sp = 0;                                    /* R12, R3..R0 */
    }
    for (int i = 0; i < 8; i++) {
        *--sp = 0;                                    /* R11..R4 */
    }
    rtos_saved_sp[id] = (uint32_t)(uintptr_t)sp;
}

int main(void)
{
    printf("rtos: 3 tasks, SysTick-driven round robin for %d ticks\n", RUN_TICKS);
    SCB_SHPR(EXC_PENDSV) = 0xFF;
    SCB_SHPR(EXC_SYSTICK) = 0x80;
    init_task(1, task1);
    init_task(2, task2);
    rtos_current = 0;

    SYST_RVR = SYSTICK_RELOAD;
    SYST_CVR = 0;
    SYST_CSR = SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT | SYST_CSR_ENABLE;

    run_on_psp(task0, &stacks[0][STACK_WORDS]);

    CHECK_EQ(get_control() & 2u, 0, "back on MSP");
    CHECK_EQ(SYST_CSR & SYST_CSR_ENABLE, 0, "SysTick stopped");
    CHECK(ticks >= RUN_TICKS, "ran for RUN_TICKS ticks");
    CHECK_EQ(rtos_switches, ticks, "one context switch per tick");
    for (int i = 0; i < NTASKS; i++) {
        CHECK_EQ(printed[i], ROUNDS, "every task printed every round");
        CHECK(counter[i] > 0, "every task made progress");
    }
    section("all tasks ran and printed in turn");

    /* Round robin: the tick counts charged to the tasks differ by at most 1. */
    uint32_t smin = slices[0], smax = slices[0];
    uint32_t cmin = counter[0], cmax = counter[0];
    for (int i = 1; i < NTASKS; i++) {
        if (slices[i] < smin) smin = slices[i];
        if (slices[i] > smax) smax = slices[i];
        if (counter[i] < cmin) cmin = counter[i];
        if (counter[i] > cmax) cmax = counter[i];
    }
    CHECK(smax - smin <= 1, "time slices differ by more than one tick");
    section("equal time slices");
    /* Loop iterations per task: roughly equal. Task 0's loop also tests the stop condition
     * (two more loads and compares), so it iterates less per slice: allow a factor of 3. */
    CHECK(cmin * 3 >= cmax, "loop counts are not roughly equal");
    section("roughly equal progress");
    pass();
}
