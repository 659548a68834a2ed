/*
 * setjmp.c - setjmp/longjmp self-test.
 *
 * Non-local jumps out of nested calls (several frames deep, with a deep
 * recursion in between), preservation of volatile locals modified after
 * setjmp, longjmp(env, 0) making setjmp return 1, re-using a jmp_buf many
 * times, and nested jmp_bufs (inner handler re-throwing to the outer one).
 * setjmp/longjmp save and restore r4-r11, sp and lr with STM/LDM, so this also
 * checks that SP is restored correctly after unwinding.
 */
#define TEST_NAME "setjmp"
#include "check.h"
#include <setjmp.h>

static jmp_buf env_outer, env_inner;
static volatile int depth_reached;

__attribute__((noinline)) static void thrower(jmp_buf env, int depth, int value)
{
    volatile char pad[32];          /* make every frame use some stack */
    pad[0] = (char)depth;
    depth_reached = depth + pad[0] - depth;
    if (depth < 0) {
        return;                     /* never taken */
    }
    if (depth == 0) {
        longjmp(env, value);
    }
    thrower(env, depth - 1, value);
}

__attribute__((noinline)) static int recurse_sum(int n)
{
    volatile int x = n;
    return n == 0 ? 0 : x + recurse_sum(n - 1);
}

__attribute__((noinline)) static uintptr_t stack_pointer(void)
{
    volatile char marker;
    return (uintptr_t)&marker;
}

static void test_basic(void)
{
    volatile int counter = 0;
    volatile long long big = 0x1122334455667788ll;
    int r = setjmp(env_outer);
    if (r == 0) {
        counter = 1;
        big = 0x0102030405060708ll;
        thrower(env_outer, 10, 7);
        fail("thrower returned");
    }
    CHECK(r == 7, "setjmp returns longjmp value");
    CHECK(counter == 1, "volatile int preserved");
    CHECK(big == 0x0102030405060708ll, "volatile long long preserved");
    CHECK(depth_reached == 0, "jump came from the innermost frame");
    section("longjmp through 11 frames");
}

static void test_zero_value(void)
{
    volatile int passes = 0;
    int r = setjmp(env_outer);
    passes++;
    if (passes == 1) {
        CHECK(r == 0, "first setjmp returns 0");
        longjmp(env_outer, 0);
    }
    CHECK(passes == 2, "came back exactly once");
    CHECK(r == 1, "longjmp(env, 0) makes setjmp return 1");
    section("longjmp(env, 0) -> 1");
}

static void test_loop(void)
{
    volatile int i = 0;
    volatile int sum = 0;
    uintptr_t sp_before = stack_pointer();
    int r = setjmp(env_outer);
    sum += r;
    if (i < 100) {
        i++;
        (void)recurse_sum(20);       /* dirty the stack between jumps */
        thrower(env_outer, i % 5, i);
    }
    CHECK(i == 100, "loop count");
    CHECK(sum == 5050, "sum of longjmp values 1..100");
    CHECK(stack_pointer() == sp_before, "stack pointer restored");
    section("100 repeated longjmps");
}

static void inner_handler(void)
{
    volatile int seen = 0;
    int r = setjmp(env_inner);
    if (r == 0) {
        thrower(env_inner, 3, 11);
    }
    seen = r;
    CHECK(seen == 11, "inner handler value");
    /* re-throw to the outer handler with a new value */
    thrower(env_outer, 2, seen * 2);
}

static void test_nested(void)
{
    volatile int stage = 0;
    int r = setjmp(env_outer);
    if (r == 0) {
        stage = 1;
        inner_handler();
        fail("inner_handler returned");
    }
    CHECK(stage == 1, "outer stage preserved");
    CHECK(r == 22, "outer handler got re-thrown value");
    CHECK(recurse_sum(100) == 5050, "stack usable after nested jumps");
    section("nested jmp_bufs");
}

int main(void)
{
    printf("setjmp: start\n");
    test_basic();
    test_zero_value();
    test_loop();
    test_nested();
    pass();
    return 0;
}
