/*
 * malloc.c - heap allocator self-test.
 *
 * malloc/calloc/realloc/free patterns: many small blocks with per-block
 * contents checked after interleaved frees, calloc zeroing, realloc growing
 * and shrinking (contents preserved), reuse after free, alignment of
 * returned pointers, a few larger blocks, and failure (NULL) for enormous
 * requests.  The heap lives between the end of .bss and the stack; its size
 * is decided by the C library (newlib: _sbrk bounded by SP and the
 * SYS_HEAPINFO limit; picolibc: __heap_start..__heap_end from the linker
 * script).
 */
#define TEST_NAME "malloc"
#include "check.h"
#include <stdint.h>

#define NBLOCKS 200

static unsigned char *blocks[NBLOCKS];
static size_t sizes[NBLOCKS];

static unsigned char tag(unsigned i, size_t j)
{
    return (unsigned char)(i * 31u + j * 7u + 1u);
}

static void fill(unsigned i)
{
    for (size_t j = 0; j < sizes[i]; j++) {
        blocks[i][j] = tag(i, j);
    }
}

static void verify(unsigned i, const char *what)
{
    for (size_t j = 0; j < sizes[i]; j++) {
        if (blocks[i][j] != tag(i, j)) {
            printf("  block %u (size %u) byte %u corrupted\n", i, (unsigned)sizes[i], (unsigned)j);
            fail(what);
        }
    }
}

static uint32_t rng = 12345;
static uint32_t next_rand(void)
{
    rng = rng * 1103515245u + 12345u;
    return rng >> 8;
}

static void test_small_blocks(void)
{
    for (unsigned i = 0; i < NBLOCKS; i++) {
        sizes[i] = 1 + next_rand() % 100;
        blocks[i] = malloc(sizes[i]);
        CHECK(blocks[i] != NULL, "small malloc");
        CHECK(((uintptr_t)blocks[i] & 7) == 0, "malloc result 8-byte aligned");
        fill(i);
    }
    for (unsigned i = 0; i < NBLOCKS; i++) {
        verify(i, "small blocks intact");
    }
    /* free every other block, then check the survivors */
    for (unsigned i = 0; i < NBLOCKS; i += 2) {
        free(blocks[i]);
        blocks[i] = NULL;
    }
    for (unsigned i = 1; i < NBLOCKS; i += 2) {
        verify(i, "survivors intact after frees");
    }
    /* reallocate the holes with different sizes */
    for (unsigned i = 0; i < NBLOCKS; i += 2) {
        sizes[i] = 1 + next_rand() % 60;
        blocks[i] = malloc(sizes[i]);
        CHECK(blocks[i] != NULL, "malloc into holes");
        fill(i);
    }
    for (unsigned i = 0; i < NBLOCKS; i++) {
        verify(i, "all blocks intact after refill");
    }
    for (unsigned i = 0; i < NBLOCKS; i++) {
        free(blocks[i]);
        blocks[i] = NULL;
    }
    section("200 small blocks");
}

static void test_calloc(void)
{
    /* dirty some memory first so calloc really has to clear it */
    unsigned char *d = malloc(4096);
    CHECK(d != NULL, "malloc 4096");
    memset(d, 0xCD, 4096);
    free(d);
    unsigned int *z = calloc(1000, sizeof *z);
    CHECK(z != NULL, "calloc");
    for (int i = 0; i < 1000; i++) {
        CHECK(z[i] == 0, "calloc zeroed");
    }
    free(z);
    volatile size_t half = (size_t)-1 / 2;   /* volatile: keep GCC from warning */
    CHECK(calloc(half, 4) == NULL, "calloc overflow returns NULL");
    section("calloc");
}

static void test_realloc(void)
{
    unsigned char *p = realloc(NULL, 10);   /* == malloc(10) */
    CHECK(p != NULL, "realloc(NULL)");
    for (int i = 0; i < 10; i++) p[i] = (unsigned char)(i + 100);
    size_t cur = 10;
    for (size_t n = 17; n < 20000; n = n * 2 + 3) {
        unsigned char *q = realloc(p, n);
        CHECK(q != NULL, "realloc grow");
        for (size_t i = 0; i < cur; i++) {
            if (q[i] != (unsigned char)(i < 10 ? i + 100 : i * 3)) fail("realloc grow preserved contents");
        }
        for (size_t i = cur; i < n; i++) q[i] = (unsigned char)(i * 3);
        p = q;
        cur = n;
    }
    unsigned char *q = realloc(p, 5);
    CHECK(q != NULL, "realloc shrink");
    for (int i = 0; i < 5; i++) CHECK(q[i] == (unsigned char)(i + 100), "realloc shrink preserved contents");
    free(q);
    section("realloc");
}

static void test_large_and_failure(void)
{
    void *big[4];
    for (int i = 0; i < 4; i++) {
        big[i] = malloc(32 * 1024);
        CHECK(big[i] != NULL, "32 KiB malloc");
        memset(big[i], i + 1, 32 * 1024);
    }
    for (int i = 0; i < 4; i++) {
        unsigned char *b = big[i];
        CHECK(b[0] == i + 1 && b[32 * 1024 - 1] == i + 1, "32 KiB blocks intact");
        free(big[i]);
    }
    volatile size_t huge = 0x7FFFFFF0u, max = (size_t)-16, mib256 = 256u * 1024 * 1024;
    CHECK(malloc(huge) == NULL, "enormous malloc returns NULL");
    CHECK(malloc(max) == NULL, "malloc(SIZE_MAX-15) returns NULL");
    CHECK(malloc(mib256) == NULL, "256 MiB malloc (more than any RAM) returns NULL");
    /* the heap must still work after failures */
    void *ok = malloc(64);
    CHECK(ok != NULL, "malloc after failures");
    free(ok);
    section("large blocks and failure");
}

int main(void)
{
    printf("malloc: start\n");
    test_small_blocks();
    test_calloc();
    test_realloc();
    test_large_and_failure();
    pass();
    return 0;
}
