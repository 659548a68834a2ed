/*
 * printf_float.c - newlib printf of floats and doubles: %f %F %e %E %g %G %a
 * %A with flags, widths and precisions, infinities, NaN, -0.0, denormals,
 * DBL_MAX, and float values computed by the FPU (hard-float build) or by
 * libgcc (soft-float build) before being printed.
 *
 * newlib's printf here has no %a %A %F (see have_hex_float); the picolibc
 * builds (build/float/picolibc/) run those cases too.
 *
 * Each case is formatted with snprintf, compared with the literal expected
 * string (C99 semantics; glibc prints the same), and printed with printf so
 * the stdout path carries the same text.  The hard-float build
 * (build/float/printf_float.elf) and the soft-float build
 * (build/float/printf_float_soft.elf) must print byte-identical output.
 *
 * Ends with "PASS printf_float" (exit 0) or "FAIL printf_float: ..." (exit 1).
 */
#define TEST_NAME "printf_float"
#include "check.h"
#include <float.h>
#include <math.h>

static int cases;

/* picolibc's printf produces at most 17 significant decimal digits (the
   rest are zeros); newlib's is exact.  LIBC(newlib, picolibc) picks the
   expected string for the library the program is linked with. */
#ifdef __PICOLIBC__
#define LIBC(newlib, picolibc) picolibc
#else
#define LIBC(newlib, picolibc) newlib
#endif

#define EXPECT(want, ...)                                                     \
    do {                                                                      \
        char b_[160];                                                         \
        int n_ = snprintf(b_, sizeof b_, __VA_ARGS__);                        \
        cases++;                                                              \
        printf("  [");                                                        \
        printf(__VA_ARGS__);                                                  \
        printf("]\n");                                                        \
        CHECK_STR(b_, want, "format " #__VA_ARGS__);                          \
        CHECK(n_ == (int)strlen(want), "return value of " #__VA_ARGS__);      \
    } while (0)

/* volatile: no compile-time folding of the values or of the arithmetic */
static volatile double d_pi = 3.14159265358979323846, d_e = 2.718281828459045;
static volatile double d_big = 12345.678, d_small = 0.000123456, d_half = 2.5, d_neg = -1.5;
static volatile double d_zero = 0.0, d_nzero = -0.0, d_one = 1.0, d_tenth = 0.1;
static volatile double d_1e20 = 1e20, d_1e6 = 1e6, d_1e5 = 1e5, d_1em4 = 1e-4, d_1em5 = 1e-5;
static volatile double d_denorm = 4.9406564584124654e-324, d_max = DBL_MAX;
static volatile double d_255 = 255.0, d_rnd = 0.125, d_1235 = 1.235, d_9995 = 9.995;
static volatile float f_one = 1.0f, f_two = 2.0f, f_three = 3.0f, f_tenth = 0.1f, f_fifth = 0.2f;
static volatile float f_max = FLT_MAX, f_tiny = 1.0e-45f, f_min = FLT_MIN, f_big = 16777216.0f;

static void test_fixed(void)
{
    EXPECT("3.141593", "%f", d_pi);
    EXPECT("3.14", "%.2f", d_pi);
    EXPECT("3", "%.0f", d_pi);
    EXPECT("3.", "%#.0f", d_pi);
    EXPECT("2", "%.0f", d_half);               /* exact tie: round half to even */
    EXPECT("0.12", "%.2f", d_rnd);             /* exact tie 0.125 -> 0.12 */
    EXPECT("9.99", "%.2f", d_9995);            /* 9.995 is 9.99499999... in binary */
    EXPECT("    -1.500", "%10.3f", d_neg);
    EXPECT("-1.5      |", "%-10.1f|", d_neg);
    EXPECT("+2.718282", "%+f", d_e);
    EXPECT(" 2.718282", "% f", d_e);
    EXPECT("-000003.14", "%010.2f", -d_pi);
    EXPECT("12345.678000", "%f", d_big);
    EXPECT("0.000123", "%f", d_small);
    EXPECT("100000000000000000000.0", "%.1f", d_1e20);
    EXPECT(LIBC("0.100000000000000005551", "0.100000000000000000000"), "%.21f", d_tenth);
    EXPECT("      3.1416", "%*.*f", 12, 4, d_pi);
    EXPECT("0.000000", "%f", d_zero);
    EXPECT("-0.000000", "%f", d_nzero);
    EXPECT("-0", "%.0f", d_nzero);
    section("%f");
}

static void test_exp(void)
{
    EXPECT("1.234568e+04", "%e", d_big);
    EXPECT("1.235E-04", "%.3E", d_small);
    EXPECT("0.000000e+00", "%e", d_zero);
    EXPECT("-0.000000e+00", "%e", d_nzero);
    EXPECT("3e+00", "%.0e", d_pi);
    EXPECT("3.e+00", "%#.0e", d_pi);
    EXPECT("  3.1416e+00", "%12.4e", d_pi);
    EXPECT("-1.50e+00 |", "%-10.2e|", d_neg);
    EXPECT("+1.000000e+20", "%+e", d_1e20);
    EXPECT(LIBC("4.940656e-324", "5.000000e-324"), "%e", d_denorm);
    EXPECT("1.798e+308", "%.3e", d_max);
    EXPECT(LIBC("1.2350000000000000976996261670137755572795867919921875e+00", "1.2350000000000000000000000000000000000000000000000000e+00"), "%.52e", d_1235);
    section("%e");
}

static void test_general(void)
{
    EXPECT("100000", "%g", d_1e5);
    EXPECT("1e+06", "%g", d_1e6);
    EXPECT("0.0001", "%g", d_1em4);
    EXPECT("1e-05", "%g", d_1em5);
    EXPECT("3.14", "%.3g", d_pi);
    EXPECT("3", "%.0g", d_pi);
    EXPECT("1.00000", "%#g", d_one);
    EXPECT("1", "%g", d_one);
    EXPECT("12345.7", "%g", d_big);
    EXPECT("1.235E+04", "%.4G", d_big);
    EXPECT("0.000123456", "%g", d_small);
    EXPECT("    -1.5", "%8g", d_neg);
    EXPECT("-0", "%g", d_nzero);
    EXPECT("0", "%g", d_zero);
    EXPECT("1e+20", "%g", d_1e20);
    EXPECT(LIBC("4.94066e-324", "5e-324"), "%g", d_denorm);
    section("%g");
}

/* %a %A %F: newlib as packaged by Debian (and by Arm's toolchain) is built
   without _WANT_IO_C99_FORMATS, so its printf has none of them and prints
   the conversion letter instead.  picolibc has them.  Detected at run time;
   those cases run only where the library supports them. */
static int have_hex_float(void)
{
    char b[16];
    snprintf(b, sizeof b, "%a %F", d_one, d_one);
    return strcmp(b, "0x1p+0 1.000000") == 0;
}

static void test_hex(void)
{
    if (!have_hex_float()) {
        printf("printf_float: this C library has no %%a, %%A, %%F (skipped)\n");
        return;
    }
    EXPECT("0x1p+0", "%a", d_one);
    EXPECT("0x1p-3", "%a", d_rnd);
    EXPECT("0x1.00p+0", "%.2a", d_one);
    EXPECT("-0x1.999999999999ap-4", "%a", -d_tenth);
    EXPECT("0X1.FEP+7", "%A", d_255);
    EXPECT("0x1.921fb54442d18p+1", "%a", d_pi);
    EXPECT("0x1.9p+1", "%.1a", d_pi);
    EXPECT("0x0p+0", "%a", d_zero);
    EXPECT("-0x0p+0", "%a", d_nzero);
    EXPECT("0x0.0000000000001p-1022", "%a", d_denorm);
    EXPECT("0x1.fffffffffffffp+1023", "%a", d_max);
    section("%a");
}

static void test_special(void)
{
    double inf = d_one / d_zero, nan = d_zero / d_zero;   /* computed at run time */
    EXPECT("inf", "%f", inf);
    if (have_hex_float()) EXPECT("INF", "%F", inf);
    EXPECT("-inf", "%e", -inf);
    EXPECT("-INF", "%E", -inf);
    EXPECT("inf", "%g", inf);
    EXPECT("  inf", "%5.1f", inf);
    EXPECT("inf   |", "%-6f|", inf);
    EXPECT("+inf", "%+f", inf);
    EXPECT("nan", "%f", fabs(nan));
    EXPECT("NAN", "%G", fabs(nan));
    EXPECT("  nan", "%5.1e", fabs(nan));
    if (have_hex_float()) {
        EXPECT("inf", "%a", inf);
        EXPECT("-inf", "%a", -inf);
    }
    section("inf and nan");
}

/* Floats computed by the FPU (or libgcc soft-float), promoted to double. */
static void test_floats(void)
{
    float third = f_one / f_three;
    float root2 = sqrtf(f_two);
    float sum = f_tenth + f_fifth;
    float prod = f_tenth * f_three;
    float over = f_max * f_two;
    float under = f_min / (f_big * 0.25f);                  /* 2^-126 / 2^22 = 2^-148 */
    float neg0 = -f_one * 0.0f;
    int32_t trunc = (int32_t)(-f_three * 1.75f);
    EXPECT("0.3333333433", "%.10f", (double)third);
    if (have_hex_float()) EXPECT("0x1.555556p-2", "%a", (double)third);
    EXPECT("1.41421354", "%.9g", (double)root2);
    if (have_hex_float()) EXPECT("0x1.6a09e6p+0", "%a", (double)root2);
    EXPECT("0.300000012", "%.9g", (double)sum);
    EXPECT("0.300000012", "%.9g", (double)prod);
    if (have_hex_float()) EXPECT("0x1.99999ap-4", "%a", (double)f_tenth);
    EXPECT("3.402823e+38", "%e", (double)f_max);
    EXPECT(LIBC("340282346638528859811704183484516925440.000000", "340282346638528860000000000000000000000.000000"), "%f", (double)f_max);
    EXPECT("inf", "%f", (double)over);
    EXPECT("1.4013e-45", "%g", (double)f_tiny);
    if (have_hex_float()) EXPECT("0x1p-149", "%a", (double)f_tiny);
    EXPECT("0", "%g", (double)(f_tiny * 0.5f));            /* 2^-150: a tie, rounds to even (+0) */
    if (have_hex_float()) EXPECT("0x1p-148", "%a", (double)under);
    EXPECT("-0", "%g", (double)neg0);
    EXPECT("-5 -5.25", "%ld %.2f", (long)trunc, (double)(-f_three * 1.75f));
    EXPECT("16777216 16777220", "%.0f %.0f", (double)(f_big + f_one), (double)(f_big + f_three));
    EXPECT("1.000000 2.000000 3.000000", "%f %f %f", (double)f_one, (double)f_two, (double)f_three);
    section("floats from single-precision arithmetic");
}

int main(void)
{
    test_fixed();
    test_exp();
    test_general();
    test_hex();
    test_special();
    test_floats();
    printf("printf_float: %d cases\n", cases);
    pass();
}
