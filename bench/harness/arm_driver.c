// Calls a lowered kernel CALLS times on a fixed input and prints an FNV-1a
// hash of its output, for counting AArch64 instructions under qemu: the cost
// of one call is count(CALLS) - count(CALLS - 1), everything else being
// equal. Built for the host too, to check the AArch64 result.
//
//   arm_driver CALLS ABI INPUT_SHAPE OUTPUT_SHAPE OUTPUT_ELEMENT_BYTES
//   (ABI: result | out-params; shapes: 1x56x56x64)
#include "kernel_abi.h"

#include <stdio.h>

void _mlir_ciface_kernel();

static int parseShape(const char *text, int64_t *sizes, int64_t *count) {
  int rank = 0;
  *count = 1;
  for (char *end; *text && rank < FXPB_MAX_RANK; text = end + (*end == 'x')) {
    sizes[rank] = strtoll(text, &end, 10);
    *count *= sizes[rank++];
  }
  return rank;
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr,
            "usage: %s CALLS ABI INPUT_SHAPE OUTPUT_SHAPE "
            "OUTPUT_ELEMENT_BYTES\n",
            argv[0]);
    return 2;
  }
  int calls = atoi(argv[1]);
  FxpbAbi abi = strcmp(argv[2], "out-params") ? FXPB_RESULT : FXPB_OUT_PARAM;
  int64_t inSizes[FXPB_MAX_RANK], outSizes[FXPB_MAX_RANK], inCount, outCount;
  int inRank = parseShape(argv[3], inSizes, &inCount);
  int outRank = parseShape(argv[4], outSizes, &outCount);
  size_t elementBytes = atoi(argv[5]), outBytes = outCount * elementBytes;

  unsigned char *input = malloc(inCount), *output = malloc(outBytes);
  uint32_t state = 7;
  for (int64_t i = 0; i < inCount; ++i) // any u8 values, the same everywhere
    input[i] = (state = state * 1664525u + 1013904223u) >> 24;
  FxpbMemref x = fxpbMemref(input, inRank, inSizes);
  FxpbMemref out = fxpbMemref(output, outRank, outSizes);
  // Only the last call copies a returned result out, so that runs with
  // different CALLS differ by plain kernel calls.
  for (int i = 0; i < calls; ++i)
    fxpbCall((void *)_mlir_ciface_kernel, abi, &x, &out, outBytes, elementBytes,
             i == calls - 1);

  uint64_t hash = 1469598103934665603ull;
  for (size_t i = 0; i < outBytes; ++i)
    hash = (hash ^ output[i]) * 1099511628211ull;
  printf("output_hash: %016llx\n", (unsigned long long)hash);
  free(input);
  free(output);
  return 0;
}
