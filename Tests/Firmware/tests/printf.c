/*
 * printf.c - formatted output self-test.
 *
 * Each case is formatted with snprintf, compared with the expected string,
 * and also printed to stdout with printf (so the emulator's stdout path
 * carries the same text).  Integer conversions %d %i %u %x %X %o %ld %lld
 * %llu %llx %s %c %p %% with flags, widths and precisions; with
 * TEST_FLOAT (both libcs here: full newlib, picolibc's default printf) also
 * %f %e %g of doubles -- all software floating point, since the programs are
 * built with -mfloat-abi=soft.
 */
#define TEST_NAME "printf"
#include "check.h"
#include <limits.h>

static int cases;

#define EXPECT(want, ...)                                                     \
    do {                                                                      \
        char b_[128];                                                         \
        int n_ = snprintf(b_, sizeof b_, __VA_ARGS__);                        \
        cases++;                                                              \
        printf("  [%s]\n", b_);                                               \
        printf("  [" __VA_ARGS__);                                            \
        printf("]\n");                                                        \
        CHECK_STR(b_, want, "format " #__VA_ARGS__);                          \
        CHECK(n_ == (int)strlen(want), "return value of " #__VA_ARGS__);      \
    } while (0)

static volatile int vi_neg = -42, vi_pos = 42, vi_zero = 0;
static volatile unsigned vu_max = UINT_MAX;
static volatile long vl = -1234567890L;
static volatile long long vll_min = LLONG_MIN;
static volatile unsigned long long vull_max = ULLONG_MAX;
static volatile unsigned long long vull = 0x0123456789ABCDEFull;
#ifdef TEST_FLOAT
static volatile double vpi = 3.14159265358979323846;
static volatile double vbig = 1234567.891;
static volatile double vsmall = 0.000123456;
static volatile double vneg = -2.5;
#endif

static void test_ints(void)
{
    EXPECT("-42", "%d", vi_neg);
    EXPECT("42", "%i", vi_pos);
    EXPECT("0", "%d", vi_zero);
    EXPECT("4294967295", "%u", vu_max);
    EXPECT("ffffffff", "%x", vu_max);
    EXPECT("FFFFFFFF", "%X", vu_max);
    EXPECT("0000002A", "%08X", (unsigned)vi_pos);
    EXPECT("0x2a", "%#x", (unsigned)vi_pos);
    EXPECT("52", "%o", (unsigned)vi_pos);
    EXPECT("  -42", "%5d", vi_neg);
    EXPECT("-42  |", "%-5d|", vi_neg);
    EXPECT("-0042", "%05d", vi_neg);
    EXPECT("+42", "%+d", vi_pos);
    EXPECT(" 42", "% d", vi_pos);
    EXPECT("00042", "%.5d", vi_pos);
    EXPECT("  00042", "%7.5d", vi_pos);
    EXPECT("    42", "%*d", 6, vi_pos);
    EXPECT("-1234567890", "%ld", vl);
    EXPECT("-9223372036854775808", "%lld", vll_min);
    EXPECT("18446744073709551615", "%llu", vull_max);
    EXPECT("123456789abcdef", "%llx", vull);
    EXPECT("0123456789ABCDEF", "%016llX", vull);
    EXPECT("-42 18446744073709551615 42", "%d %llu %d", vi_neg, vull_max, vi_pos);
    section("integer conversions");
}

static void test_other(void)
{
    EXPECT("hello", "%s", "hello");
    EXPECT("   hi|", "%5s|", "hi");
    EXPECT("hi   |", "%-5s|", "hi");
    EXPECT("hel", "%.3s", "hello");
    EXPECT("x", "%c", 'x');
    EXPECT("[  y]", "[%3c]", 'y');
    EXPECT("100%", "%d%%", 100);
    EXPECT("0x20001234", "%p", (void *)0x20001234);
    EXPECT("a1b2c3", "%c%d%c%d%c%d", 'a', 1, 'b', 2, 'c', 3);
    section("%s %c %p %%");
}

#ifdef TEST_FLOAT
static void test_float(void)
{
    EXPECT("3.141593", "%f", vpi);
    EXPECT("3.14", "%.2f", vpi);
    EXPECT("    3.142", "%9.3f", vpi);
    EXPECT("-2.500000", "%f", vneg);
    EXPECT("1234567.891000", "%f", vbig);
    EXPECT("1.234568e+06", "%e", vbig);
    EXPECT("1.23E-04", "%.2E", vsmall);
    EXPECT("3.14159", "%g", vpi);
    EXPECT("1.23457e+06", "%g", vbig);
    EXPECT("0.000123456", "%g", vsmall);
    EXPECT("0", "%.0f", 0.4);
    EXPECT("2", "%.0f", 1.5);
    EXPECT("1e+100", "%g", 1e100);
    section("floating point (soft-float)");
}
#endif

int main(void)
{
    printf("printf: start\n");
    test_ints();
    test_other();
#ifdef TEST_FLOAT
    test_float();
#else
    printf("printf: floating point not tested in this build\n");
#endif
    printf("printf: %d cases\n", cases);
    pass();
    return 0;
}
