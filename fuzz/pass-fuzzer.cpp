//===- pass-fuzzer.cpp - libFuzzer target: fxp passes and lowerings -------===//
//
// The first byte of the input chooses a pass or pipeline, the rest is IR.
// IR that does not parse and verify is skipped. A pass may fail with
// diagnostics; it may not crash, trip a sanitizer or an assertion, or
// succeed with IR that does not verify (which traps, so that libFuzzer
// keeps the input).
//
//===----------------------------------------------------------------------===//

#include "fxp/InitAllFXP.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

/// What the first byte chooses from: every fxp pass, the folders
/// (canonicalize), the runtime checks, both pipelines and the lowering.
static constexpr const char *kPipelines[] = {
    "func.func(fxp-fold-batchnorm)",
    "func.func(fxp-quantize)",
    "func.func(fxp-fold-pact)",
    "fxp-infer-frac-lengths",
    "fxp-infer-frac-lengths{rule=mse}",
    "fxp-infer-frac-lengths{rule=minmax}",
    "func.func(fxp-align-residuals)",
    "canonicalize",
    "generate-runtime-verification",
    "fxp-f8net",
    "convert-fxp-to-arith",
    "fxp-reference-to-llvm",
};

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  registerAllPasses();
  fxp::registerAllPasses();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  StringRef pipeline =
      kPipelines[data[0] % (sizeof(kPipelines) / sizeof(kPipelines[0]))];
  // MLIR's lexer reads up to a terminating null byte: give it one.
  std::string text(reinterpret_cast<const char *>(data + 1), size - 1);

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  fxp::registerAllDialects(registry);
  MLIRContext context(registry, MLIRContext::Threading::DISABLED);
  ScopedDiagnosticHandler silence(&context, [](Diagnostic &) {});
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(text, ParserConfig(&context));
  if (!module)
    return 0;

  PassManager pm(&context);
  if (failed(parsePassPipeline(pipeline, pm)))
    __builtin_trap(); // the list above is wrong
  // A failing pass is fine; one that succeeds must leave valid IR.
  pm.enableVerifier(false);
  if (succeeded(pm.run(*module)) && failed(verify(*module)))
    __builtin_trap();
  return 0;
}
