//===- onnx-fuzzer.cpp - libFuzzer target: the ONNX importer --------------===//
//
// Any model may be rejected with a diagnostic; none may crash the importer,
// trip a sanitizer or an assertion, or import to a module that does not
// verify.
//
//===----------------------------------------------------------------------===//

#include "fxp/Target/ONNX/ONNXImport.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringRef.h"

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  MLIRContext context(MLIRContext::Threading::DISABLED);
  // Diagnostics are the expected outcome of most inputs: drop them.
  ScopedDiagnosticHandler silence(&context, [](Diagnostic &) {});
  llvm::MemoryBufferRef buffer(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz.onnx");
  OwningOpRef<ModuleOp> module = fxp::importONNX(buffer, &context);
  // The importer verifies what it returns; a module that does not verify is
  // a bug it must have diagnosed instead.
  if (module && failed(verify(*module)))
    __builtin_trap();
  return 0;
}
