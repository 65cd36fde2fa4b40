// Runs the F8Net-quantized tiny ResNet (test/Transforms/Inputs) compiled
// ahead of time, on a fixed input, and prints the logits' bit patterns, so
// that builds for different targets can be compared bit for bit.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DESCRIPTOR(rank)                                                       \
  struct {                                                                     \
    float *allocated, *aligned;                                                \
    int64_t offset, sizes[rank], strides[rank];                                \
  }

typedef DESCRIPTOR(4) Input;
typedef DESCRIPTOR(3) Output;

void _mlir_ciface_tiny_resnet(Output *result, Input *input);

int main(void) {
  static float pixels[32];
  for (int i = 0; i < 32; ++i)
    pixels[i] = (float)((i * 37 + 11) % 256) / 256.0f;
  Input input = {pixels, pixels, 0, {1, 4, 4, 2}, {32, 8, 2, 1}};
  Output output;
  _mlir_ciface_tiny_resnet(&output, &input);
  for (int i = 0; i < 3; ++i) {
    uint32_t bits;
    memcpy(&bits, output.aligned + output.offset + i * output.strides[2], 4);
    printf("logit %d: 0x%08x %g\n", i, bits, output.aligned[output.offset + i]);
  }
  free(output.allocated);
  return 0;
}
