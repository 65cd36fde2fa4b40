// The ceiling of a kernel that reads each weight once (a matmul at M = 1):
// loads a buffer of BYTES (default 1 MiB, the 1x1024x1024 weights) with
// 64-byte loads, over and over, and prints the rate and the time per pass,
// on the thread's CPU time like bench/kernels. Compare a kernel's time per
// call with the time per pass over its weights.
//
//   clang-22 -O2 -mavx512f bench/harness/stream.c -o stream && ./stream 1048576
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double cpuSeconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  size_t bytes = argc > 1 ? strtoul(argv[1], NULL, 10) : 1 << 20;
  bytes = (bytes + 511) / 512 * 512;
  char *buffer = aligned_alloc(64, bytes);
  if (!buffer)
    return 1;
  for (size_t i = 0; i < bytes; ++i)
    buffer[i] = (char)i;
  // Eight independent sums, so that the loads, not the adds, set the pace.
  __m512i sums[8];
  for (int j = 0; j < 8; ++j)
    sums[j] = _mm512_setzero_si512();
  int passes = (int)(2e9 / bytes) + 1;
  for (int round = 0; round < 5; ++round) {
    double start = cpuSeconds();
    for (int pass = 0; pass < passes; ++pass)
      for (size_t i = 0; i < bytes; i += 512)
        for (int j = 0; j < 8; ++j)
          sums[j] =
              _mm512_add_epi32(sums[j], _mm512_load_si512(buffer + i + 64 * j));
    double seconds = cpuSeconds() - start;
    printf("%zu bytes: %.1f GB/s, %.2f us per pass\n", bytes,
           (double)bytes * passes / seconds / 1e9, seconds / passes * 1e6);
  }
  // The sums are printed so that the loads are not optimized away.
  int total = 0;
  for (int j = 0; j < 8; ++j)
    total += _mm512_reduce_add_epi32(sums[j]);
  fprintf(stderr, "checksum %d\n", total);
  free(buffer);
  return 0;
}
