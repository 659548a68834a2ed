/*
 * crc32.c - CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) benchmark.
 *
 * Each iteration computes the CRC of a 4 KiB buffer twice: table-driven
 * (one 1 KiB lookup table, LDR with scaled index, EOR, LSR) and bitwise
 * (8 shift/conditional-xor steps per byte), checks that both agree, and
 * folds the result back into the buffer so every iteration sees new data.
 * Checks the standard check value CRC32("123456789") = 0xCBF43926 first.
 */
#include "bench.h"
#include <string.h>

#ifndef ITERATIONS
#define ITERATIONS 470
#endif

#define BUF_SIZE 4096
#define POLY 0xEDB88320u

static uint32_t table[256];
static uint8_t buf[BUF_SIZE];

static void make_table(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) {
            c = (c & 1) ? (c >> 1) ^ POLY : c >> 1;
        }
        table[i] = c;
    }
}

static uint32_t crc32_table(const uint8_t *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    while (n--) {
        c = table[(c ^ *p++) & 0xFF] ^ (c >> 8);
    }
    return ~c;
}

static uint32_t crc32_bitwise(const uint8_t *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    while (n--) {
        c ^= *p++;
        for (int k = 0; k < 8; k++) {
            uint32_t mask = -(c & 1);          /* branch-free variant */
            c = (c >> 1) ^ (POLY & mask);
        }
    }
    return ~c;
}

int main(void)
{
    make_table();
    static const char check[] = "123456789";
    if (crc32_table((const uint8_t *)check, 9) != 0xCBF43926u ||
        crc32_bitwise((const uint8_t *)check, 9) != 0xCBF43926u) {
        bench_fail("crc32", "check value of \"123456789\"");
    }

    uint32_t seed = 0x12345678u;
    for (size_t i = 0; i < BUF_SIZE; i++) {
        buf[i] = (uint8_t)xorshift32(&seed);
    }

    uint32_t sum = 0;
    for (uint32_t it = 0; it < ITERATIONS; it++) {
        uint32_t a = crc32_table(buf, BUF_SIZE);
        uint32_t b = crc32_bitwise(buf, BUF_SIZE);
        if (a != b) {
            bench_fail("crc32", "table and bitwise CRC differ");
        }
        sum = (sum << 5 | sum >> 27) ^ a;
        /* perturb 4 bytes of the buffer with the CRC */
        size_t pos = (a >> 3) % (BUF_SIZE - 4);
        memcpy(buf + pos, &a, 4);
    }
    return bench_done("crc32", sum);
}
