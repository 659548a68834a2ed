/*
 * sort.c - sorting benchmark on pseudo-random int32 arrays.
 *
 * Each iteration fills an array of QS_N values and sorts it with a
 * hand-written quicksort (median-of-three pivot, recursion on the smaller
 * side, insertion sort for short partitions), fills a smaller array of IS_N
 * values and sorts it with plain insertion sort, verifies both are sorted and
 * folds position-weighted sums of the results into the checksum.
 */
#include "bench.h"

#ifndef ITERATIONS
#define ITERATIONS 260
#endif

#define QS_N 2000
#define IS_N 300
#define CUTOFF 12

static int32_t qa[QS_N];
static int32_t ia[IS_N];

static void insertion_sort(int32_t *a, int n)
{
    for (int i = 1; i < n; i++) {
        int32_t v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static inline void swap(int32_t *a, int32_t *b)
{
    int32_t t = *a;
    *a = *b;
    *b = t;
}

static void quicksort(int32_t *a, int lo, int hi)   /* sorts a[lo..hi] inclusive */
{
    while (hi - lo >= CUTOFF) {
        int mid = lo + (hi - lo) / 2;
        if (a[mid] < a[lo]) swap(&a[mid], &a[lo]);
        if (a[hi] < a[lo]) swap(&a[hi], &a[lo]);
        if (a[hi] < a[mid]) swap(&a[hi], &a[mid]);
        int32_t pivot = a[mid];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j) {
                swap(&a[i], &a[j]);
                i++;
                j--;
            }
        }
        /* recurse into the smaller part, loop on the larger one */
        if (j - lo < hi - i) {
            quicksort(a, lo, j);
            lo = i;
        } else {
            quicksort(a, i, hi);
            hi = j;
        }
    }
    insertion_sort(a + lo, hi - lo + 1);
}

static uint32_t verify_and_sum(const int32_t *a, int n)
{
    uint32_t s = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && a[i - 1] > a[i]) {
            bench_fail("sort", "array not sorted");
        }
        s += (uint32_t)a[i] * (uint32_t)(i + 1);
    }
    return s;
}

int main(void)
{
    uint32_t seed = 0xDEADBEEFu;
    uint32_t sum = 0;
    for (int it = 0; it < ITERATIONS; it++) {
        for (int i = 0; i < QS_N; i++) {
            /* a narrower range on odd iterations gives many duplicates */
            uint32_t r = xorshift32(&seed);
            qa[i] = (it & 1) ? (int32_t)(r % 1000) - 500 : (int32_t)r;
        }
        quicksort(qa, 0, QS_N - 1);
        sum = (sum << 3 | sum >> 29) ^ verify_and_sum(qa, QS_N);

        for (int i = 0; i < IS_N; i++) {
            ia[i] = (int32_t)xorshift32(&seed);
        }
        insertion_sort(ia, IS_N);
        sum = (sum << 3 | sum >> 29) ^ verify_and_sum(ia, IS_N);
    }
    return bench_done("sort", sum);
}
