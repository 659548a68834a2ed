/*
 * dwt.c - the DWT cycle counter.
 *
 * Enables DEMCR.TRCENA and DWT_CTRL.CYCCNTENA, times a loop of known length
 * and checks that CYCCNT increased by at least its instruction count (every
 * instruction takes at least one cycle), that consecutive reads never go
 * backwards, and that the counter stops when CYCCNTENA is cleared.  No raw
 * counts are printed.
 */
#define TEST_NAME "dwt"
#include "exc.h"

#define LOOP_ITERATIONS 10000u

/* 2 instructions per iteration (subs + bne), plus a few. */
static void timed_loop(uint32_t n)
{
    __asm__ volatile(
        "1:\n"
        "subs %0, %0, #1\n"
        "bne  1b\n"
        : "+l"(n) :: "cc");
}

int main(void)
{
    printf("dwt: DWT CYCCNT\n");
    COREDEBUG_DEMCR |= DEMCR_TRCENA;
    barrier();
    CHECK(COREDEBUG_DEMCR & DEMCR_TRCENA, "DEMCR.TRCENA reads back");
    CHECK_EQ(DWT_CTRL & DWT_CTRL_NOCYCCNT, 0, "DWT_CTRL.NOCYCCNT (cycle counter implemented)");

    DWT_CYCCNT = 0;
    DWT_CTRL |= DWT_CTRL_CYCCNTENA;
    barrier();
    CHECK(DWT_CTRL & DWT_CTRL_CYCCNTENA, "CYCCNTENA reads back");

    uint32_t c0 = DWT_CYCCNT;
    timed_loop(LOOP_ITERATIONS);
    uint32_t c1 = DWT_CYCCNT;
    CHECK(c1 - c0 >= 2 * LOOP_ITERATIONS, "CYCCNT grew by less than the loop's instruction count");
    section("CYCCNT counts at least one cycle per instruction");

    uint32_t prev = DWT_CYCCNT;
    for (int i = 0; i < 1000; i++) {
        uint32_t now = DWT_CYCCNT;
        CHECK(now > prev, "CYCCNT did not increase between reads");
        prev = now;
    }
    section("CYCCNT increases monotonically");

    DWT_CTRL &= ~DWT_CTRL_CYCCNTENA;
    barrier();
    uint32_t s0 = DWT_CYCCNT;
    timed_loop(1000);
    uint32_t s1 = DWT_CYCCNT;
    CHECK_EQ(s1, s0, "CYCCNT stopped with CYCCNTENA=0");
    DWT_CYCCNT = 5;
    CHECK_EQ(DWT_CYCCNT, 5, "CYCCNT writable");
    section("CYCCNT stops when disabled");
    pass();
}
