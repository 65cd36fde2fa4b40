// Calls fxp functions compiled ahead of time (aot-object.mlir).
#include <stdint.h>
#include <stdio.h>

int8_t requant(int32_t);
int8_t quantize(float);

int main(void) {
  const int32_t accumulators[] = {704, 832, -704, 38400};
  for (unsigned i = 0; i < 4; ++i)
    printf("requant %d -> %u\n", accumulators[i],
           (unsigned)(uint8_t)requant(accumulators[i]));
  const float values[] = {0.015625f, 0.046875f, -10.0f};
  for (unsigned i = 0; i < 3; ++i)
    printf("quantize %g -> %d\n", values[i], quantize(values[i]));
  return 0;
}
