/* Independent check of bench/RnnAtlas.Benchmarks/FmaPeak.cs: the same 12 independent FMA chains in C intrinsics.
   gcc -O3 -march=native bench/RnnAtlas.Benchmarks/fma_peak.c -o /tmp/fma_peak -lpthread && /tmp/fma_peak
   Prints float32 GFLOP/s on one thread and on two. */
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#define FMAS 200000000L

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void *chains512(void *result)
{
    __m512 c[12], a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f);
    for (int k = 0; k < 12; k++) c[k] = _mm512_set1_ps((float)k);
    double start = now();
    for (long i = 0; i < FMAS / 12; i++) {
#pragma GCC unroll 12
        for (int k = 0; k < 12; k++) c[k] = _mm512_fmadd_ps(c[k], a, b);
    }
    double seconds = now() - start;
    float sink = 0;
    for (int k = 0; k < 12; k++) sink += _mm512_reduce_add_ps(c[k]);
    ((double *)result)[0] = (FMAS / 12) * 12.0 * 16 * 2 / seconds / 1e9;
    ((double *)result)[1] = sink;
    return 0;
}

static double threads(void *(*chains)(void *), int count)
{
    double results[2][2];
    pthread_t workers[2];
    for (int k = 0; k < count; k++) pthread_create(&workers[k], 0, chains, results[k]);
    double total = 0;
    for (int k = 0; k < count; k++) {
        pthread_join(workers[k], 0);
        total += results[k][0];
    }
    return total;
}

int main(void)
{
    printf("512-bit: 1 thread %.1f GFLOP/s, 2 threads %.1f GFLOP/s\n", threads(chains512, 1), threads(chains512, 2));
    return 0;
}
