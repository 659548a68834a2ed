/*
 * hash.c - FNV-1a (32-bit) and SHA-256 over a buffer.
 *
 * Each iteration hashes an 8 KiB buffer with FNV-1a (byte loop: EOR + MUL)
 * and with SHA-256 (32-bit rotates, shifts, adds, big-endian loads), then
 * writes the digest back into the buffer so every iteration hashes new data.
 * SHA-256 is first checked against the FIPS 180-2 test vectors for "abc" and
 * the 56-byte two-block message; FNV-1a against a known value.
 */
#include "bench.h"
#include <string.h>

#ifndef ITERATIONS
#define ITERATIONS 220
#endif

#define BUF_SIZE 8192

static uint8_t buf[BUF_SIZE];

static uint32_t fnv1a(const uint8_t *p, size_t n)
{
    uint32_t h = 0x811C9DC5u;
    while (n--) {
        h = (h ^ *p++) * 16777619u;
    }
    return h;
}

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t ror(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

static void sha256_block(uint32_t h[8], const uint8_t *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++) {
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    }
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t S1 = ror(e, 6) ^ ror(e, 11) ^ ror(e, 25);
        uint32_t ch = (e & f) ^ (~e & g);
        uint32_t t1 = hh + S1 + ch + K[i] + w[i];
        uint32_t S0 = ror(a, 2) ^ ror(a, 13) ^ ror(a, 22);
        uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
        uint32_t t2 = S0 + maj;
        hh = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d;
    h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

static void sha256(const uint8_t *msg, size_t len, uint32_t out[8])
{
    uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    size_t full = len / 64;
    for (size_t i = 0; i < full; i++) {
        sha256_block(h, msg + 64 * i);
    }
    uint8_t tail[128];
    size_t rem = len - full * 64;
    memset(tail, 0, sizeof tail);
    memcpy(tail, msg + full * 64, rem);
    tail[rem] = 0x80;
    size_t tlen = rem + 1 + 8 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++) {
        tail[tlen - 1 - i] = (uint8_t)(bits >> (8 * i));
    }
    sha256_block(h, tail);
    if (tlen == 128) {
        sha256_block(h, tail + 64);
    }
    memcpy(out, h, sizeof h);
}

int main(void)
{
    static const uint32_t abc[8] = { 0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223,
                                     0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad };
    static const uint32_t two[8] = { 0x248d6a61, 0xd20638b8, 0xe5c02693, 0x0c3e6039,
                                     0xa33ce459, 0x64ff2167, 0xf6ecedd4, 0x19db06c1 };
    static const char msg2[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    uint32_t d[8];
    sha256((const uint8_t *)"abc", 3, d);
    if (memcmp(d, abc, sizeof d) != 0) bench_fail("hash", "SHA-256(\"abc\")");
    sha256((const uint8_t *)msg2, 56, d);
    if (memcmp(d, two, sizeof d) != 0) bench_fail("hash", "SHA-256 two-block vector");
    if (fnv1a((const uint8_t *)"a", 1) != 0xE40C292Cu) bench_fail("hash", "FNV-1a(\"a\")");

    uint32_t seed = 0x5EED1234u;
    for (size_t i = 0; i < BUF_SIZE; i++) {
        buf[i] = (uint8_t)xorshift32(&seed);
    }
    uint32_t sum = 0;
    for (uint32_t it = 0; it < ITERATIONS; it++) {
        uint32_t f = fnv1a(buf, BUF_SIZE);
        sha256(buf, BUF_SIZE - (it % 64), d);   /* vary the padding path */
        sum = (sum << 7 | sum >> 25) ^ f ^ d[0] ^ d[7];
        memcpy(buf + (f % (BUF_SIZE - sizeof d)), d, sizeof d);
    }
    return bench_done("hash", sum);
}
