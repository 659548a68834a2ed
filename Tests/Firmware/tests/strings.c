/*
 * strings.c - C library string/memory function self-test.
 *
 * memcpy (all alignments and odd lengths), memmove (overlap in both
 * directions), memset, memcmp, strlen, strcmp/strncmp, strcpy/strncpy,
 * strcat, strchr/strrchr, strstr, strtol/strtoul (bases, signs, end
 * pointers, overflow), atoi and snprintf into small buffers (truncation).
 * Exercises unaligned loads/stores (LDR/STR of unaligned words and halfwords
 * are legal on the Cortex-M4 and the libc routines rely on that), LDRB/STRB,
 * LDM/STM and word-at-a-time string scanning.
 */
#define TEST_NAME "strings"
#include "check.h"
#include <errno.h>
#include <limits.h>

/* Truncation is tested on purpose below. */
#pragma GCC diagnostic ignored "-Wformat-truncation"
#pragma GCC diagnostic ignored "-Wstringop-truncation"

#define BUF 96

static unsigned char src[BUF], dst[BUF], ref[BUF], pristine[BUF];

static void fill_pattern(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) {
        p[i] = (unsigned char)(seed + i * 37u + (i >> 3));
    }
}

/* Byte-by-byte reference implementations, kept out of line so that GCC does
   not recognise them as memcpy/memmove and call the libc routine instead. */
__attribute__((noinline, optimize("no-tree-loop-distribute-patterns")))
static void ref_copy(unsigned char *d, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        d[i] = s[i];
    }
}

__attribute__((noinline, optimize("no-tree-loop-distribute-patterns")))
static void ref_move(unsigned char *d, const unsigned char *s, size_t n)
{
    unsigned char tmp[BUF];
    ref_copy(tmp, s, n);
    ref_copy(d, tmp, n);
}

static void test_memcpy(void)
{
    /* every source/destination alignment 0..7, lengths 0..20 and a few longer */
    static const unsigned char lengths[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
                                             16, 17, 18, 19, 20, 31, 32, 33, 40, 63 };
    fill_pattern(src, BUF, 7);
    for (size_t so = 0; so < 8; so++) {
        for (size_t doff = 0; doff < 8; doff++) {
            for (size_t li = 0; li < sizeof lengths; li++) {
                size_t n = lengths[li];
                memset(dst, 0xEE, BUF);
                memset(ref, 0xEE, BUF);
                void *r = memcpy(dst + doff, src + so, n);
                ref_copy(ref + doff, src + so, n);
                CHECK(r == dst + doff, "memcpy return value");
                if (memcmp(dst, ref, BUF) != 0) {
                    printf("  memcpy so=%u do=%u n=%u\n", (unsigned)so, (unsigned)doff, (unsigned)n);
                    fail("memcpy contents");
                }
            }
        }
    }
    /* a long odd-length unaligned copy */
    fill_pattern(src, BUF, 99);
    memset(dst, 0, BUF);
    memcpy(dst + 3, src + 1, 89);
    for (int i = 0; i < 89; i++) {
        CHECK(dst[3 + i] == src[1 + i], "long unaligned memcpy");
    }
    CHECK(dst[0] == 0 && dst[1] == 0 && dst[2] == 0 && dst[92] == 0, "memcpy bounds");
    section("memcpy");
}

static void test_memmove(void)
{
    fill_pattern(pristine, BUF, 3);
    for (size_t from = 0; from < 16; from++) {
        for (size_t to = 0; to < 16; to++) {
            for (size_t n = 0; n < 48; n += 5) {
                memcpy(dst, pristine, BUF);
                memcpy(ref, pristine, BUF);
                memmove(dst + to, dst + from, n);
                ref_move(ref + to, ref + from, n);
                if (memcmp(dst, ref, BUF) != 0) {
                    printf("  memmove from=%u to=%u n=%u\n", (unsigned)from, (unsigned)to, (unsigned)n);
                    fail("memmove contents");
                }
            }
        }
    }
    char s[16] = "abcdefghij";
    memmove(s + 2, s, 6);              /* forward overlap (dst > src) */
    CHECK_STR(s, "ababcdefij", "memmove forward overlap");
    memmove(s, s + 3, 7);              /* backward overlap (dst < src) */
    CHECK_STR(s, "bcdefijfij", "memmove backward overlap");
    section("memmove");
}

static void test_memset_memcmp(void)
{
    for (size_t off = 0; off < 8; off++) {
        for (size_t n = 0; n < 70; n += 3) {
            memset(dst, 0x11, BUF);
            memset(dst + off, 0xA5, n);
            for (size_t i = 0; i < BUF; i++) {
                unsigned char want = (i >= off && i < off + n) ? 0xA5 : 0x11;
                if (dst[i] != want) {
                    printf("  memset off=%u n=%u i=%u\n", (unsigned)off, (unsigned)n, (unsigned)i);
                    fail("memset contents");
                }
            }
        }
    }
    unsigned char a[20], b[20];
    memset(a, 'x', sizeof a);
    memset(b, 'x', sizeof b);
    CHECK(memcmp(a, b, 20) == 0, "memcmp equal");
    b[13] = 'y';
    CHECK(memcmp(a, b, 20) < 0, "memcmp less");
    CHECK(memcmp(b, a, 20) > 0, "memcmp greater");
    CHECK(memcmp(a, b, 13) == 0, "memcmp prefix");
    a[5] = 0x80;                        /* memcmp compares as unsigned char */
    CHECK(memcmp(a, b, 20) > 0, "memcmp unsigned bytes");
    CHECK(memcmp(a + 1, b + 1, 0) == 0, "memcmp zero length");
    section("memset/memcmp");
}

static void test_str(void)
{
    static const char *const words[] = { "", "a", "ab", "abc", "abcd", "abcde", "hello, world",
                                         "The quick brown fox jumps over the lazy dog" };
    static const size_t lens[] = { 0, 1, 2, 3, 4, 5, 12, 43 };
    char buf[64];
    for (unsigned w = 0; w < 8; w++) {
        for (unsigned off = 0; off < 4; off++) {   /* strlen at every alignment */
            strcpy(buf + off, words[w]);
            CHECK(strlen(buf + off) == lens[w], "strlen");
        }
    }
    CHECK(strcmp("abc", "abc") == 0, "strcmp equal");
    CHECK(strcmp("abc", "abd") < 0, "strcmp less");
    CHECK(strcmp("abd", "abc") > 0, "strcmp greater");
    CHECK(strcmp("ab", "abc") < 0, "strcmp prefix");
    CHECK(strcmp("\x80", "\x7f") > 0, "strcmp unsigned");
    CHECK(strncmp("abcdef", "abcxyz", 3) == 0, "strncmp");
    CHECK(strncmp("abcdef", "abcxyz", 4) < 0, "strncmp 2");

    char n[8];
    memset(n, 'Z', sizeof n);
    strncpy(n, "hi", sizeof n);
    CHECK(n[0] == 'h' && n[1] == 'i', "strncpy copy");
    for (int i = 2; i < 8; i++) {
        CHECK(n[i] == 0, "strncpy zero padding");
    }
    memset(n, 'Z', sizeof n);
    strncpy(n, "abcdefghijk", 5);
    CHECK(memcmp(n, "abcdeZZZ", 8) == 0, "strncpy truncation (no NUL)");

    strcpy(buf, "foo");
    strcat(buf, "bar");
    strcat(buf, "");
    CHECK_STR(buf, "foobar", "strcat");

    const char *s = "key=value;other=thing";
    CHECK(strchr(s, '=') == s + 3, "strchr");
    CHECK(strrchr(s, '=') == s + 15, "strrchr");
    CHECK(strchr(s, '#') == NULL, "strchr missing");
    CHECK(strchr(s, '\0') == s + strlen(s), "strchr NUL");
    CHECK(strstr(s, "other") == s + 10, "strstr");
    CHECK(strstr(s, "thing") == s + 16, "strstr end");
    CHECK(strstr(s, "things") == NULL, "strstr missing");
    CHECK(strstr(s, "") == s, "strstr empty");
    section("str*");
}

static void test_conv(void)
{
    char *end;
    CHECK(strtol("12345", &end, 10) == 12345 && *end == 0, "strtol dec");
    CHECK(strtol("  -42xyz", &end, 10) == -42 && *end == 'x', "strtol neg/end");
    CHECK(strtol("0x7fff", &end, 16) == 0x7fff && *end == 0, "strtol hex prefix");
    CHECK(strtol("0x1F", &end, 0) == 31, "strtol base 0 hex");
    CHECK(strtol("0777", &end, 0) == 511, "strtol base 0 octal");
    CHECK(strtol("zz", &end, 36) == 35 * 36 + 35, "strtol base 36");
    CHECK(strtol("101101", &end, 2) == 45, "strtol base 2");
    const char *junk = "junk";
    CHECK(strtol(junk, &end, 10) == 0 && end == junk, "strtol no digits");
    errno = 0;
    CHECK(strtol("99999999999", &end, 10) == LONG_MAX && errno == ERANGE, "strtol overflow");
    errno = 0;
    CHECK(strtol("-99999999999", &end, 10) == LONG_MIN && errno == ERANGE, "strtol underflow");
    CHECK(strtoul("4294967295", &end, 10) == 4294967295ul, "strtoul max");
    CHECK(strtoul("deadBEEF", &end, 16) == 0xDEADBEEFul, "strtoul hex");
    errno = 0;
    CHECK(strtoul("4294967296", &end, 10) == ULONG_MAX && errno == ERANGE, "strtoul overflow");
    CHECK(strtoull("18446744073709551615", &end, 10) == 18446744073709551615ull, "strtoull max");
    CHECK(strtoll("-9223372036854775807", &end, 10) == -9223372036854775807ll, "strtoll");
    CHECK(atoi("  +17") == 17, "atoi plus");
    CHECK(atoi("-2147483648") == INT_MIN, "atoi INT_MIN");
    CHECK(atoi("123abc") == 123, "atoi trailing junk");
    section("strtol/strtoul/atoi");
}

static void test_snprintf(void)
{
    char b[16];
    int r = snprintf(b, sizeof b, "%s-%d", "abc", 42);
    CHECK(r == 6, "snprintf length");
    CHECK_STR(b, "abc-42", "snprintf contents");
    memset(b, 'Q', sizeof b);
    r = snprintf(b, 8, "%s", "0123456789abcdef");
    CHECK(r == 16, "snprintf truncated return");
    CHECK_STR(b, "0123456", "snprintf truncated contents");
    CHECK(b[8] == 'Q', "snprintf stays in bounds");
    r = snprintf(b, 1, "xyz");
    CHECK(r == 3 && b[0] == 0, "snprintf size 1");
    r = snprintf(NULL, 0, "%d", -12345);
    CHECK(r == 6, "snprintf size 0 counts");
    char big[128];
    r = snprintf(big, sizeof big, "%s|%s|%s", "The quick brown fox", "jumps over", "the lazy dog");
    CHECK_STR(big, "The quick brown fox|jumps over|the lazy dog", "snprintf concat");
    CHECK(r == (int)strlen(big), "snprintf concat length");
    section("snprintf");
}

int main(void)
{
    printf("strings: start\n");
    test_memcpy();
    test_memmove();
    test_memset_memcmp();
    test_str();
    test_conv();
    test_snprintf();
    pass();
    return 0;
}
