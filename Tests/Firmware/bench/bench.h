/*
 * bench.h - shared helpers for the CPU benchmarks.
 *
 * Benchmarks do all their work between start and the single
 * "checksum <name> 0x........" line, then exit 0.  A failed internal
 * self-check prints "FAIL <name>: <what>" and exits 1.
 * ITERATIONS can be overridden with -DITERATIONS=n for calibration.
 */
#ifndef TINYEMU_BENCH_H
#define TINYEMU_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* xorshift32: deterministic, libc-independent pseudo-random numbers. */
static inline uint32_t xorshift32(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

static inline void bench_fail(const char *name, const char *what)
{
    printf("FAIL %s: %s\n", name, what);
    exit(1);
}

static inline int bench_done(const char *name, uint32_t checksum)
{
    printf("checksum %s 0x%08lx\n", name, (unsigned long)checksum);
    return 0;
}

#endif
