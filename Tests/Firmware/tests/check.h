/*
 * check.h - tiny self-check helpers shared by the test programs.
 *
 * Every test defines TEST_NAME before including this file.  A failed check
 * prints "FAIL <name>: <what>" and exits with status 1; pass() prints
 * "PASS <name>" and exits with status 0.
 */
#ifndef TINYEMU_CHECK_H
#define TINYEMU_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#ifndef TEST_NAME
#error "define TEST_NAME before including check.h"
#endif

static inline void fail(const char *what)
{
    printf("FAIL %s: %s\n", TEST_NAME, what);
    fflush(stdout);
    exit(1);
}

static inline void pass(void)
{
    printf("PASS %s\n", TEST_NAME);
    fflush(stdout);
    exit(0);
}

static inline void section(const char *what)
{
    printf("%s: %s ok\n", TEST_NAME, what);
}

#define CHECK(cond, what)                                                     \
    do {                                                                      \
        if (!(cond)) {                                                        \
            fail(what " [" #cond "]");                                        \
        }                                                                     \
    } while (0)

/* Compare two 32-bit values, printing both on mismatch. */
#define CHECK_U32(got, want, what)                                            \
    do {                                                                      \
        uint32_t g_ = (uint32_t)(got), w_ = (uint32_t)(want);                 \
        if (g_ != w_) {                                                       \
            printf("  %s: got 0x%08lx want 0x%08lx\n", what,                  \
                   (unsigned long)g_, (unsigned long)w_);                     \
            fail(what);                                                       \
        }                                                                     \
    } while (0)

/* Compare two 64-bit values, printing both halves on mismatch (no %llx, so
   this works even if 64-bit printf support were broken). */
#define CHECK_U64(got, want, what)                                            \
    do {                                                                      \
        uint64_t g_ = (uint64_t)(got), w_ = (uint64_t)(want);                 \
        if (g_ != w_) {                                                       \
            printf("  %s: got 0x%08lx%08lx want 0x%08lx%08lx\n", what,        \
                   (unsigned long)(g_ >> 32), (unsigned long)g_,              \
                   (unsigned long)(w_ >> 32), (unsigned long)w_);             \
            fail(what);                                                       \
        }                                                                     \
    } while (0)

/* Compare two C strings. */
#define CHECK_STR(got, want, what)                                            \
    do {                                                                      \
        const char *g_ = (got), *w_ = (want);                                 \
        if (strcmp(g_, w_) != 0) {                                            \
            printf("  %s: got \"%s\" want \"%s\"\n", what, g_, w_);           \
            fail(what);                                                       \
        }                                                                     \
    } while (0)

#endif
