//===- ir-fuzzer.cpp - libFuzzer target: parse and verify fxp IR ----------===//
//
// Any input may be rejected with diagnostics; none may crash the parser or
// a verifier, or trip a sanitizer or an assertion.
//
//===----------------------------------------------------------------------===//

#include "fxp/Dialect/FXP/IR/FXP.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  DialectRegistry registry;
  registry.insert<arith::ArithDialect, func::FuncDialect, tensor::TensorDialect,
                  fxp::FXPDialect>();
  MLIRContext context(registry, MLIRContext::Threading::DISABLED);
  // Diagnostics are the expected outcome of most inputs: drop them.
  ScopedDiagnosticHandler silence(&context, [](Diagnostic &) {});
  // MLIR's lexer reads up to a terminating null byte: give it one.
  std::string text(reinterpret_cast<const char *>(data), size);
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(text, ParserConfig(&context));
  return 0;
}
