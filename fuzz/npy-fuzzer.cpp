//===- npy-fuzzer.cpp - libFuzzer target: the .npy reader -----------------===//
//
// Any file may be rejected; none may make the reader crash, read outside
// its buffer or allocate more than the file's size.
//
//===----------------------------------------------------------------------===//

#include "fxp/Calibration/NpyReader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::Expected<mlir::fxp::NpyArray> array = mlir::fxp::parseNpy(
      llvm::StringRef(reinterpret_cast<const char *>(data), size));
  if (!array) {
    llvm::consumeError(array.takeError());
    return 0;
  }
  // The array holds what its shape says.
  int64_t count = 1;
  for (int64_t size : array->shape)
    count *= size;
  if (count != int64_t(array->data.size()))
    __builtin_trap();
  return 0;
}
