/* Runs a model compiled by fxp-compile --name=model on deterministic inputs
 * and prints its outputs exactly: the integer entry point's stored integers
 * as bytes, the float entry point's values in hexadecimal. Two objects of
 * the same model (fast and reference lowering, or two targets) must print
 * the same text. The batch is 3 images, run through the batch loop. */
#include MODEL_HEADER

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { kBatch = 3 };

static uint32_t state = 12345;
static uint32_t next(void) {
  state = state * 1103515245u + 12345u;
  return state >> 8;
}

int main(void) {
  enum {
    kIn = MODEL_INT_INPUT0_SIZE * kBatch,
    kOut = MODEL_INT_OUTPUT0_SIZE * kBatch,
    kOutBytes = kOut * (MODEL_INT_OUTPUT0_BITS <= 8    ? 1
                        : MODEL_INT_OUTPUT0_BITS <= 16 ? 2
                        : MODEL_INT_OUTPUT0_BITS <= 32 ? 4
                                                       : 8)
  };
  /* Any byte is a valid stored integer of an 8-bit input format. */
  static unsigned char intIn[kIn], intOut[kOutBytes];
  static float in[kIn], out[kOut];
  for (int i = 0; i < kIn; ++i) {
    intIn[i] = (unsigned char)next();
    in[i] = (float)(next() % 2000) / 1000.0f - 0.5f;
  }
  /* A batch that is not a multiple of the model's is refused. */
  if (model(-1, in, out) != -1)
    return 1;
  if (model_int(kBatch, (void *)intIn, (void *)intOut) != 0 ||
      model(kBatch, in, out) != 0)
    return 2;
  for (int i = 0; i < kOutBytes; ++i)
    printf("%02x%s", intOut[i], i % 32 == 31 ? "\n" : "");
  printf("\n");
  for (int i = 0; i < kOut; ++i)
    printf("%a\n", out[i]);
  return 0;
}
