/*
 * arith.c - integer arithmetic self-test.
 *
 * 32/64-bit add/sub/mul with wrap-around, 32-bit hardware division (UDIV/SDIV,
 * incl. the ARM-defined divide-by-zero and INT_MIN/-1 results), 64-bit
 * division/modulo through libgcc (__aeabi_uldivmod / __aeabi_ldivmod),
 * 64-bit shifts, CLZ, RBIT, REV/REV16/REVSH, saturating arithmetic
 * (SSAT/USAT/QADD/QSUB and plain C saturation), long multiplies
 * (UMULL/SMULL/UMLAL/SMLAL) and bit-field structs (UBFX/SBFX/BFI/BFC).
 *
 * All inputs go through volatile variables so the compiler cannot fold them.
 * The file also builds natively on a host (without the ARM-only inline asm),
 * which is how the expected constants were cross-checked.
 */
#define TEST_NAME "arith"
#include "check.h"

#if defined(__arm__)
#define HAVE_ARM 1
#include <arm_acle.h>
#else
#define HAVE_ARM 0
#endif

/* Opaque copies: reading a volatile forces a real load at run time. */
static uint32_t v32(uint32_t x) { volatile uint32_t v = x; return v; }
static int32_t vs32(int32_t x) { volatile int32_t v = x; return v; }
static uint64_t v64(uint64_t x) { volatile uint64_t v = x; return v; }
static int64_t vs64(int64_t x) { volatile int64_t v = x; return v; }

static void test_add_sub_mul32(void)
{
    CHECK_U32(v32(0xFFFFFFFFu) + v32(1), 0, "u32 add wrap");
    CHECK_U32(v32(0) - v32(1), 0xFFFFFFFFu, "u32 sub wrap");
    CHECK_U32(v32(0x7FFFFFFFu) + v32(1), 0x80000000u, "u32 add into sign bit");
    CHECK_U32(v32(0x12345678u) * v32(0x9ABCDEF0u), 0x242D2080u, "u32 mul low");
    CHECK_U32(v32(0xFFFFFFFFu) * v32(0xFFFFFFFFu), 1, "u32 mul -1*-1");
    CHECK(vs32(-5) < vs32(3), "signed compare");
    CHECK(v32((uint32_t)-5) > v32(3), "unsigned compare");
    CHECK_U32(v32(0x80000000u) >> v32(31), 1, "lsr 31");
    CHECK_U32((uint32_t)(vs32(INT32_MIN) >> v32(31)), 0xFFFFFFFFu, "asr 31");
    CHECK_U32(v32(1) << v32(31), 0x80000000u, "lsl 31");
    /* rotate (ROR) */
    uint32_t r = v32(0x12345678u), n = v32(8);
    CHECK_U32((r >> n) | (r << (32 - n)), 0x78123456u, "ror 8");
    section("32-bit add/sub/mul/shift");
}

static void test_long_mul(void)
{
    uint64_t p = (uint64_t)v32(0x12345678u) * v32(0x9ABCDEF0u);
    CHECK_U64(p, 0x0B00EA4E242D2080ull, "umull");
    int64_t s = (int64_t)vs32((int32_t)0x89ABCDEF) * vs32(0x7654321);
    CHECK_U64(s, 0xFC94E4627E5618CFull, "smull");
    uint64_t acc = v64(0xFFFFFFFF00000001ull);
    acc += (uint64_t)v32(0xFFFFFFFFu) * v32(0xFFFFFFFFu);   /* umlal */
    CHECK_U64(acc, 0xFFFFFFFF00000001ull + 0xFFFFFFFE00000001ull, "umlal");
    int64_t sacc = vs64(-1000);
    sacc += (int64_t)vs32(-70000) * vs32(80000);             /* smlal */
    CHECK_U64(sacc, (uint64_t)(int64_t)(-5600001000ll), "smlal");
    CHECK_U64(v64(0x123456789ABCDEF0ull) * v64(0x0FEDCBA987654321ull),
              0x2236D88FE5618CF0ull, "u64 mul");
    CHECK_U64(v64(~0ull) * v64(~0ull), 1, "u64 mul -1*-1");
    CHECK_U64(vs64(-3) * vs64(5), (uint64_t)-15ll, "s64 mul");
    /* high word of a 32x32 multiply (SMMUL-like) */
    int32_t hi = (int32_t)(((int64_t)vs32(0x40000000) * vs32(-6)) >> 32);
    CHECK_U32(hi, (uint32_t)-2, "smmul high word");
    section("long multiply");
}

static void test_div32(void)
{
    CHECK_U32(v32(0xFFFFFFFFu) / v32(10), 0x19999999u, "udiv");
    CHECK_U32(v32(0xFFFFFFFFu) % v32(10), 5, "umod");
    CHECK_U32(vs32(-7) / vs32(2), (uint32_t)-3, "sdiv -7/2");
    CHECK_U32(vs32(-7) % vs32(2), (uint32_t)-1, "smod -7%2");
    CHECK_U32(vs32(7) / vs32(-2), (uint32_t)-3, "sdiv 7/-2");
    CHECK_U32(vs32(7) % vs32(-2), 1, "smod 7%-2");
    CHECK_U32(vs32(-2000000000) / vs32(7), (uint32_t)-285714285, "sdiv big");
    CHECK_U32(vs32(-2000000000) % vs32(7), (uint32_t)-5, "smod big");
    CHECK_U32(v32(5) / v32(7), 0, "udiv small");
#if HAVE_ARM
    /* Architecturally defined corner cases (CCR.DIV_0_TRP = 0 at reset). */
    uint32_t q;
    __asm__ volatile("udiv %0, %1, %2" : "=r"(q) : "r"(v32(1234)), "r"(v32(0)));
    CHECK_U32(q, 0, "udiv by zero -> 0");
    __asm__ volatile("sdiv %0, %1, %2" : "=r"(q) : "r"(vs32(-1234)), "r"(vs32(0)));
    CHECK_U32(q, 0, "sdiv by zero -> 0");
    __asm__ volatile("sdiv %0, %1, %2" : "=r"(q) : "r"(vs32(INT32_MIN)), "r"(vs32(-1)));
    CHECK_U32(q, 0x80000000u, "sdiv INT_MIN/-1");
#endif
    section("32-bit division");
}

static void test_div64(void)
{
    CHECK_U64(v64(~0ull) / v64(3), 0x5555555555555555ull, "uldiv ~0/3");
    CHECK_U64(v64(~0ull) % v64(3), 0, "ulmod ~0%3");
    CHECK_U64(v64(0x123456789ABCDEF0ull) / v64(0x12345), 0x100005B00205ull, "uldiv");
    CHECK_U64(v64(0x123456789ABCDEF0ull) % v64(0x12345), 0xA497, "ulmod");
    CHECK_U64(v64(0xFEDCBA9876543210ull) / v64(0x100000000ull), 0xFEDCBA98ull, "uldiv 2^32");
    CHECK_U64(v64(0xFEDCBA9876543210ull) % v64(0xFFFFFFFFull), 0x7530ECA9ull, "ulmod 2^32-1");
    CHECK_U64(v64(12345) / v64(0x100000000ull), 0, "uldiv small/large");
    CHECK_U64(vs64(-1000000000000ll) / vs64(7), (uint64_t)-142857142857ll, "ldiv");
    CHECK_U64(vs64(-1000000000000ll) % vs64(7), (uint64_t)-1ll, "lmod");
    CHECK_U64(vs64(-0x7FFFFFFFFFFFFFFFll) / vs64(-0x100000001ll), 2147483647ull, "ldiv neg/neg");
    CHECK_U64(vs64(-0x7FFFFFFFFFFFFFFFll) % vs64(-0x100000001ll), (uint64_t)-2147483648ll, "lmod neg/neg");
    CHECK_U64(vs64(0x7FFFFFFFFFFFFFFFll) / vs64(-3), (uint64_t)-3074457345618258602ll, "ldiv pos/neg");
    CHECK_U64(vs64(0x7FFFFFFFFFFFFFFFll) % vs64(-3), 1, "lmod pos/neg");

    /* quotient and remainder from the same call (one __aeabi_uldivmod) */
    uint64_t a = v64(987654321987654321ull), b = v64(123456789ull);
    uint64_t qq = a / b, rr = a % b;
    CHECK_U64(qq * b + rr, a, "uldivmod identity");
    CHECK(rr < b, "uldivmod remainder range");
    section("64-bit division (libgcc)");
}

static void test_shift64(void)
{
    static const struct { unsigned s; uint64_t lsl, lsr, asr; } t[] = {
        { 0, 0x8123456789ABCDEFull, 0x8123456789ABCDEFull, 0x8123456789ABCDEFull },
        { 1, 0x02468ACF13579BDEull, 0x4091A2B3C4D5E6F7ull, 0xC091A2B3C4D5E6F7ull },
        { 4, 0x123456789ABCDEF0ull, 0x08123456789ABCDEull, 0xF8123456789ABCDEull },
        { 31, 0xC4D5E6F780000000ull, 0x0000000102468ACFull, 0xFFFFFFFF02468ACFull },
        { 32, 0x89ABCDEF00000000ull, 0x0000000081234567ull, 0xFFFFFFFF81234567ull },
        { 33, 0x13579BDE00000000ull, 0x000000004091A2B3ull, 0xFFFFFFFFC091A2B3ull },
        { 63, 0x8000000000000000ull, 0x0000000000000001ull, 0xFFFFFFFFFFFFFFFFull },
    };
    for (unsigned i = 0; i < sizeof t / sizeof t[0]; i++) {
        uint64_t x = v64(0x8123456789ABCDEFull);
        unsigned s = v32(t[i].s);
        CHECK_U64(x << s, t[i].lsl, "u64 lsl");
        CHECK_U64(x >> s, t[i].lsr, "u64 lsr");
        CHECK_U64((uint64_t)((int64_t)x >> s), t[i].asr, "s64 asr");
    }
    section("64-bit shifts");
}

static uint32_t rbit_c(uint32_t x)
{
    uint32_t r = 0;
    for (int i = 0; i < 32; i++) {
        r = (r << 1) | (x & 1);
        x >>= 1;
    }
    return r;
}

static void test_bits(void)
{
    CHECK_U32(__builtin_clz(v32(1)), 31, "clz 1");
    CHECK_U32(__builtin_clz(v32(0x80000000u)), 0, "clz msb");
    CHECK_U32(__builtin_clz(v32(0x00F00000u)), 8, "clz mid");
    CHECK_U32(__builtin_ctz(v32(0x00F00000u)), 20, "ctz");
    CHECK_U32(__builtin_popcount(v32(0xF0F0F00Fu)), 16, "popcount");
    CHECK_U32(__builtin_clzll(v64(0x0000000100000000ull)), 31, "clzll");
    CHECK_U32(__builtin_bswap32(v32(0x12345678u)), 0x78563412u, "bswap32");
    CHECK_U32(__builtin_bswap16((uint16_t)v32(0x1234)), 0x3412, "bswap16");
    CHECK_U64(__builtin_bswap64(v64(0x0102030405060708ull)), 0x0807060504030201ull, "bswap64");
    CHECK_U32(rbit_c(v32(0x12345678u)), 0x1E6A2C48u, "bit reverse (C)");
    CHECK_U32(rbit_c(v32(1)), 0x80000000u, "bit reverse 1 (C)");
#if HAVE_ARM
    uint32_t r;
    __asm__ volatile("clz %0, %1" : "=r"(r) : "r"(v32(0)));
    CHECK_U32(r, 32, "clz 0 -> 32");
    __asm__ volatile("rbit %0, %1" : "=r"(r) : "r"(v32(0x12345678u)));
    CHECK_U32(r, 0x1E6A2C48u, "rbit");
    __asm__ volatile("rbit %0, %1" : "=r"(r) : "r"(v32(0xF0000000u)));
    CHECK_U32(r, 0x0000000Fu, "rbit 2");
    __asm__ volatile("rev %0, %1" : "=r"(r) : "r"(v32(0xAABBCCDDu)));
    CHECK_U32(r, 0xDDCCBBAAu, "rev");
    __asm__ volatile("rev16 %0, %1" : "=r"(r) : "r"(v32(0xAABBCCDDu)));
    CHECK_U32(r, 0xBBAADDCCu, "rev16");
    __asm__ volatile("revsh %0, %1" : "=r"(r) : "r"(v32(0x12345680u)));
    CHECK_U32(r, 0xFFFF8056u, "revsh");
#endif
    section("clz/rbit/rev");
}

/* Plain-C saturation, the way DSP firmware writes it. */
static int16_t sat_add16(int16_t a, int16_t b)
{
    int32_t s = (int32_t)a + b;
    if (s > INT16_MAX) return INT16_MAX;
    if (s < INT16_MIN) return INT16_MIN;
    return (int16_t)s;
}

static uint8_t clamp_u8(int32_t x)
{
    return x < 0 ? 0 : x > 255 ? 255 : (uint8_t)x;
}

static void test_saturation(void)
{
    CHECK_U32((uint16_t)sat_add16((int16_t)vs32(30000), (int16_t)vs32(10000)), 0x7FFF, "sat_add16 hi");
    CHECK_U32((uint16_t)sat_add16((int16_t)vs32(-30000), (int16_t)vs32(-10000)), 0x8000, "sat_add16 lo");
    CHECK_U32((uint16_t)sat_add16((int16_t)vs32(-300), (int16_t)vs32(100)), (uint16_t)-200, "sat_add16 mid");
    CHECK_U32(clamp_u8(vs32(-5)), 0, "clamp lo");
    CHECK_U32(clamp_u8(vs32(300)), 255, "clamp hi");
    CHECK_U32(clamp_u8(vs32(77)), 77, "clamp mid");
#if HAVE_ARM
    CHECK_U32((uint32_t)__ssat(vs32(200), 8), 127, "ssat 8 hi");
    CHECK_U32((uint32_t)__ssat(vs32(-200), 8), (uint32_t)-128, "ssat 8 lo");
    CHECK_U32((uint32_t)__ssat(vs32(-100), 8), (uint32_t)-100, "ssat 8 mid");
    CHECK_U32(__usat(vs32(-7), 8), 0, "usat 8 lo");
    CHECK_U32(__usat(vs32(1000), 8), 255, "usat 8 hi");
    CHECK_U32(__usat(vs32(1000), 16), 1000, "usat 16 mid");
    CHECK_U32((uint32_t)__qadd(vs32(INT32_MAX), vs32(1)), 0x7FFFFFFFu, "qadd sat");
    CHECK_U32((uint32_t)__qsub(vs32(INT32_MIN), vs32(1)), 0x80000000u, "qsub sat");
    CHECK_U32((uint32_t)__qadd(vs32(-5), vs32(3)), (uint32_t)-2, "qadd");
#endif
    section("saturation");
}

struct fields {
    unsigned a : 3;
    signed b : 5;
    unsigned c : 12;
    unsigned d : 12;
};

static void test_bitfields(void)
{
    struct fields f;
    uint32_t raw = v32(0);
    memcpy(&f, &raw, sizeof f);
    CHECK(sizeof f == 4, "bit-field struct size");
    f.a = v32(5);
    f.b = vs32(-3);
    f.c = v32(0xABC);
    f.d = v32(0x123);
    memcpy(&raw, &f, sizeof raw);
    /* a: bits 0-2, b: bits 3-7, c: bits 8-19, d: bits 20-31 (AAPCS, LSB first) */
    CHECK_U32(raw, (0x123u << 20) | (0xABCu << 8) | (0x1Du << 3) | 5u, "bit-field packing");
    CHECK(f.b == -3, "signed bit-field sign extension");
    CHECK(f.a == 5 && f.c == 0xABC && f.d == 0x123, "bit-field read back");
    f.c += v32(0x545);           /* 0xABC + 0x545 = 0x1001 -> wraps to 0x001 */
    CHECK(f.c == 1, "bit-field wrap");
    CHECK(f.d == 0x123 && f.a == 5 && f.b == -3, "bit-field neighbours untouched");
    f.b = vs32(15);
    f.b++;                       /* 16 doesn't fit: implementation-defined -> -16 in GCC */
    CHECK(f.b == -16, "signed bit-field overflow wraps");
    section("bit-fields");
}

int main(void)
{
    printf("arith: start\n");
    test_add_sub_mul32();
    test_long_mul();
    test_div32();
    test_div64();
    test_shift64();
    test_bits();
    test_saturation();
    test_bitfields();
    pass();
    return 0;
}
