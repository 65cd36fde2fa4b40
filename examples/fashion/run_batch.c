/* Runs a model compiled by fxp-compile --name=model on images read from
 * standard input (float32, the model's input layout, as many as there are)
 * and writes its float outputs to standard output: how the demo checks the
 * AArch64 object under qemu against the host's. */
#include MODEL_HEADER

#include <stdio.h>
#include <stdlib.h>

int main(void) {
  size_t capacity = 64, images = 0;
  float *in = malloc(capacity * MODEL_INPUT0_SIZE * sizeof(float));
  while (in && fread(in + images * MODEL_INPUT0_SIZE, sizeof(float),
                     MODEL_INPUT0_SIZE, stdin) == MODEL_INPUT0_SIZE) {
    if (++images == capacity)
      in = realloc(in, (capacity *= 2) * MODEL_INPUT0_SIZE * sizeof(float));
  }
  float *out = malloc((images + 1) * MODEL_OUTPUT0_SIZE * sizeof(float));
  if (!in || !out || model((int64_t)images, in, out) != 0)
    return 1;
  fwrite(out, sizeof(float), images * MODEL_OUTPUT0_SIZE, stdout);
  return 0;
}
