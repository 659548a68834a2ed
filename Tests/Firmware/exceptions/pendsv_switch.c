/*
 * pendsv_switch.c - cooperative context switching with PendSV.
 *
 * Two threads run in privileged thread mode on the process stack (PSP).  A
 * thread yields by setting ICSR.PENDSVSET; PendSV_Handler (naked, lowest
 * priority) pushes r4-r11 below the hardware frame on the current thread's
 * process stack, saves that PSP, switches to the other thread's saved PSP,
 * pops its r4-r11 and returns with EXC_RETURN = 0xFFFFFFFD.  Thread A is
 * started by calling it on its PSP; thread B starts from a hand-built frame.
 * Every yield loads thread-specific values into r4-r11 and checks them after
 * being resumed.
 */
#define TEST_NAME "pendsv_switch"
#include "exc.h"

#define ITERATIONS 100
#define STACK_WORDS 1024

uint32_t psw_saved_sp[2];
uint32_t psw_current;
uint32_t psw_switches;

static uint32_t stack_a[STACK_WORDS] __attribute__((aligned(8)));
static uint32_t stack_b[STACK_WORDS] __attribute__((aligned(8)));

static volatile char seq[2 * ITERATIONS + 8];
static volatile unsigned seq_len;
static volatile unsigned count_a, count_b, bad_regs_a, bad_regs_b;
static volatile int b_done;

__attribute__((naked)) void PendSV_Handler(void)
{
    __asm__ volatile(
        "mrs   r0, psp\n"
        "stmdb r0!, {r4-r11}\n"
        "ldr   r1, =psw_current\n"
        "ldr   r2, [r1]\n"
        "ldr   r3, =psw_saved_sp\n"
        "str   r0, [r3, r2, lsl #2]\n"
        "eor   r2, r2, #1\n"
        "str   r2, [r1]\n"
        "ldr   r0, [r3, r2, lsl #2]\n"
        "ldmia r0!, {r4-r11}\n"
        "msr   psp, r0\n"
        "ldr   r1, =psw_switches\n"
        "ldr   r2, [r1]\n"
        "add   r2, r2, #1\n"
        "str   r2, [r1]\n"
        "bx    lr\n"
        ".ltorg\n");
}

/* Loads seed+4..seed+11 into r4-r11, pends PendSV, and returns how many of
   r4-r11 differ from those values when the thread is resumed. */
__attribute__((naked, noinline)) static uint32_t yield_check(uint32_t seed)
{
    (void)seed;
    __asm__ volatile(
        "push  {r4-r11, lr}\n"
        "add   r4, r0, #4\n"
        "add   r5, r0, #5\n"
        "add   r6, r0, #6\n"
        "add   r7, r0, #7\n"
        "add   r8, r0, #8\n"
        "add   r9, r0, #9\n"
        "add   r10, r0, #10\n"
        "add   r11, r0, #11\n"
        "ldr   r1, =0xE000ED04\n"
        "mov   r2, #0x10000000\n"   /* ICSR.PENDSVSET */
        "str   r2, [r1]\n"
        "dsb\n"
        "isb\n"
        "movs  r3, #0\n"
        "sub r2, r4, r0\n  cmp r2, #4\n  it ne\n  addne r3, r3, #1\n"
        "sub r2, r5, r0\n  cmp r2, #5\n  it ne\n  addne r3, r3, #1\n"
        "sub r2, r6, r0\n  cmp r2, #6\n  it ne\n  addne r3, r3, #1\n"
        "sub r2, r7, r0\n  cmp r2, #7\n  it ne\n  addne r3, r3, #1\n"
        "sub r2, r8, r0\n  cmp r2, #8\n  it ne\n  addne r3, r3, #1\n"
        "sub r2, r9, r0\n  cmp r2, #9\n  it ne\n  addne r3, r3, #1\n"
        "sub r2, r10, r0\n cmp r2, #10\n it ne\n  addne r3, r3, #1\n"
        "sub r2, r11, r0\n cmp r2, #11\n it ne\n  addne r3, r3, #1\n"
        "mov   r0, r3\n"
        "pop   {r4-r11, pc}\n"
        ".ltorg\n");
}

static void thread_a(void)
{
    for (unsigned i = 0; i < ITERATIONS; i++) {
        seq[seq_len++] = 'A';
        count_a++;
        bad_regs_a += yield_check(0xA0000000u + (i << 8));
    }
    while (!b_done) {
        yield_check(0xA5000000u);
    }
    /* Returning ends the test: back to run_on_psp() in main. */
}

static void thread_b(void)
{
    for (unsigned i = 0; i < ITERATIONS; i++) {
        seq[seq_len++] = 'B';
        count_b++;
        bad_regs_b += yield_check(0xB0000000u + (i << 8));
    }
    b_done = 1;
    for (;;) {
        yield_check(0xB5000000u);
    }
}

static void thread_b_returned(void)
{
    fail("thread B returned");
}

int main(void)
{
    printf("pendsv_switch: two threads on PSP, yield = ICSR.PENDSVSET\n");
    SCB_SHPR(EXC_PENDSV) = 0xFF; /* lowest priority */
    barrier();

    /* Thread B's initial process stack: hardware frame + r4-r11. */
    uint32_t *sp = &stack_b[STACK_WORDS];
    *--sp = 0x01000000u;                                      /* xPSR (T) */
    *--sp = (uint32_t)(uintptr_t)thread_b & ~1u;               /* PC */
    *--sp = (uint32_t)(uintptr_t)thread_b_returned;            /* LR */
    *--sp = 0x12121212u;                                       /* R12 */
    *--sp = 3; *--sp = 2; *--sp = 1; *--sp = 0;                /* R3..R0 */
    for (int r = 11; r >= 4; r--) {
        *--sp = 0x0B0B0B00u + (uint32_t)r;                     /* R11..R4 */
    }
    psw_saved_sp[1] = (uint32_t)(uintptr_t)sp;
    psw_current = 0;

    run_on_psp(thread_a, &stack_a[STACK_WORDS]);

    CHECK_EQ(get_control() & 2u, 0, "back on MSP");
    CHECK_EQ(psw_current, 0, "thread A is current at the end");
    CHECK_EQ(count_a, ITERATIONS, "thread A iterations");
    CHECK_EQ(count_b, ITERATIONS, "thread B iterations");
    printf("pendsv_switch: both threads ran %d iterations\n", ITERATIONS);

    CHECK_EQ(seq_len, 2 * ITERATIONS, "sequence length");
    for (unsigned i = 0; i < seq_len; i++) {
        if (seq[i] != ((i & 1) ? 'B' : 'A')) {
            fail("threads did not alternate A,B,A,B,...");
        }
    }
    printf("pendsv_switch: order %c%c%c%c%c%c... alternates\n",
           seq[0], seq[1], seq[2], seq[3], seq[4], seq[5]);

    CHECK_EQ(bad_regs_a, 0, "thread A r4-r11 corrupted across switches");
    CHECK_EQ(bad_regs_b, 0, "thread B r4-r11 corrupted across switches");
    printf("pendsv_switch: r4-r11 preserved in both threads\n");

    /* 2*ITERATIONS yields in the loops, then A yields once more (B has not
       set b_done yet) and B yields once after setting it. */
    CHECK_EQ(psw_switches, 2 * ITERATIONS + 2, "number of PendSV switches");
    CHECK_EQ(SCB_ICSR & ICSR_PENDSVSET, 0, "PendSV no longer pending");
    section("context switches");
    pass();
}
