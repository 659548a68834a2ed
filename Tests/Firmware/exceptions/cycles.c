/*
 * cycles.c - DWT CYCCNT of small loops against the Cortex-M4 timing table.
 *
 * Each loop body is hand-written assembly run 1000 times; the expected count
 * per iteration comes from the Cortex-M4 Technical Reference Manual's
 * instruction timings for zero-wait-state memory (table 3-1): data
 * processing, MUL/MLA 1; LDR 2; LDM/PUSH/POP 1 + N; taken branch, BL and
 * BX 1 + P with the pipeline refill P = 2; VADD/VMUL 1, VMLA 3, VDIV 14.
 * The loop overhead (SUBS + taken BNE = 4) is part of each expectation. A
 * measurement passes within 10 % (the issue's bar for silicon; P varies
 * between 1 and 3 with alignment on real parts). The measurement's own cost
 * is taken from an empty run and subtracted.
 *
 * Not on QEMU (xfail): QEMU 7.2 has no DWT.
 */
#define TEST_NAME "cycles"
#include "exc.h"

#define ITERATIONS 1000u

typedef uint32_t (*loop_fn)(uint32_t count, volatile uint32_t *data);

/* Each loop: r0 = count, r1 = data pointer; returns CYCCNT delta. */
#define LOOP(name, body)                                                      \
    __attribute__((naked, noinline)) static uint32_t name(uint32_t count __attribute__((unused)), volatile uint32_t *data __attribute__((unused))) \
    {                                                                         \
        __asm__ volatile(                                                     \
            ".syntax unified\n"                                               \
            ".fpu fpv4-sp-d16\n"                                              \
            "push  {r4-r7, lr}\n"                                             \
            "ldr   r7, =0xE0001004\n"                                         \
            "ldr   r6, [r7]\n"                                                \
            ".balign 4\n"                                                     \
            "1:\n"                                                            \
            body                                                              \
            "subs  r0, r0, #1\n"                                              \
            "bne   1b\n"                                                      \
            "ldr   r0, [r7]\n"                                                \
            "subs  r0, r0, r6\n"                                              \
            "pop   {r4-r7, pc}\n"                                             \
            ".ltorg\n");                                                      \
    }

LOOP(loop_empty, "")
LOOP(loop_alu, "adds r2, r2, #1\n adds r3, r3, #1\n adds r4, r4, #1\n adds r5, r5, #1\n")
LOOP(loop_load, "ldr r2, [r1]\n adds r3, r3, #1\n")
LOOP(loop_mac, "mla r2, r3, r4, r2\n mla r5, r3, r4, r5\n")
LOOP(loop_ldm, "ldm r1, {r2-r5}\n")
LOOP(loop_pushpop, "push {r2-r5}\n pop {r2-r5}\n")
LOOP(loop_call, "bl leaf\n")
LOOP(loop_fp, "vadd.f32 s0, s1, s2\n vmul.f32 s3, s1, s2\n vmla.f32 s4, s1, s2\n")
LOOP(loop_fdiv, "vdiv.f32 s0, s1, s2\n")

__attribute__((naked, noinline, used)) void leaf(void)
{
    __asm__ volatile("bx lr\n");
}

static volatile uint32_t data[8] __attribute__((aligned(8)));

static uint32_t measure(loop_fn fn)
{
    return fn(ITERATIONS, data);
}

static void expect_cycles(const char *what, loop_fn fn, uint32_t per_iteration, uint32_t overhead)
{
    uint32_t got = measure(fn) - overhead;
    uint32_t want = per_iteration * ITERATIONS;
    uint32_t low = want - want / 10, high = want + want / 10;
    printf("cycles: %-28s %6lu cycles, Cortex-M4 table %6lu\n", what, (unsigned long)got, (unsigned long)want);
    if (got < low || got > high) {
        fail(what);
    }
}

int main(void)
{
    COREDEBUG_DEMCR |= DEMCR_TRCENA;
    DWT_CYCCNT = 0;
    DWT_CTRL |= DWT_CTRL_CYCCNTENA;
    SCB_CPACR |= 0xFu << 20;   /* for the FP loops */
    barrier();

    /* The empty loop is SUBS + taken BNE (4 cycles); what it costs beyond that is the
       measurement itself. */
    uint32_t empty = measure(loop_empty);
    uint32_t overhead = empty - 4u * ITERATIONS;
    CHECK(empty >= 4u * ITERATIONS - ITERATIONS / 10 && empty <= 4u * ITERATIONS + ITERATIONS / 2,
          "loop overhead is SUBS + taken BNE");

    expect_cycles("4 x ADDS", loop_alu, 4 + 4, overhead);
    expect_cycles("LDR + ADDS", loop_load, 2 + 1 + 4, overhead);
    expect_cycles("2 x MLA", loop_mac, 1 + 1 + 4, overhead);
    expect_cycles("LDM of 4", loop_ldm, 1 + 4 + 4, overhead);
    expect_cycles("PUSH 4 + POP 4", loop_pushpop, (1 + 4) + (1 + 4) + 4, overhead);
    expect_cycles("BL + BX LR", loop_call, 3 + 3 + 4, overhead);
    expect_cycles("VADD + VMUL + VMLA", loop_fp, 1 + 1 + 3 + 4, overhead);
    expect_cycles("VDIV", loop_fdiv, 14 + 4, overhead);
    pass();
}
