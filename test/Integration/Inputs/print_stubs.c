// What vector.print of an integer calls, and a C entry point, for lowered
// MLIR run outside mlir-runner (ahead of time, or under qemu): the module's
// @module_main prints its results.
#include <stdint.h>
#include <stdio.h>

void printI64(int64_t value) { printf("%lld", (long long)value); }
void printNewline(void) { putchar('\n'); }

void module_main(void);

int main(void) {
  module_main();
  return 0;
}
