//===- fxp-opt.cpp - the fxp optimizer driver -----------------------------===//
//
// mlir-opt with the fxp dialect: every upstream dialect, pass and extension
// is registered, so any upstream pipeline runs on fxp IR.
//
// Two things differ from mlir-opt. The output is written to a temporary file
// in its directory and renamed over `-o` only on success, so that a failed
// `fxp-opt in.mlir -o in.mlir` leaves the input as it was (mlir-opt deletes
// it). Diagnostics do not print the operation they are attached to unless
// --mlir-print-op-on-diagnostic asks for it: on a function or module that
// is a dump of all of it after every error.
//
//===----------------------------------------------------------------------===//

#include "fxp/InitAllFXP.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

using namespace mlir;

int main(int argc, char **argv) {
  llvm::InitLLVM y(argc, argv);
  registerAllPasses();
  fxp::registerAllPasses();
  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  fxp::registerAllDialects(registry);

  // The context's options exist once registered; change the default before
  // the command line is parsed, so that the flag still overrides it.
  registerMLIRContextCLOptions();
  auto *printOpOnDiagnostic = static_cast<llvm::cl::opt<bool> *>(
      llvm::cl::getRegisteredOptions().lookup("mlir-print-op-on-diagnostic"));
  if (printOpOnDiagnostic)
    printOpOnDiagnostic->setInitialValue(false);

  auto [inputFilename, outputFilename] = registerAndParseCLIOptions(
      argc, argv, "fxp optimizer driver: fixed-point MLIR for F8Net\n",
      registry);
  MlirOptMainConfig config = MlirOptMainConfig::createFromCLOptions();

  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> input =
      openInputFile(inputFilename, &errorMessage);
  if (!input) {
    llvm::errs() << errorMessage << "\n";
    return EXIT_FAILURE;
  }
  // Unset when the temporary file could not be created.
  std::optional<LogicalResult> processed;
  llvm::Error error =
      llvm::writeToOutput(outputFilename, [&](llvm::raw_ostream &os) {
        processed = MlirOptMain(os, std::move(input), registry, config);
        // On failure the diagnostics have said why; the error only makes
        // writeToOutput discard the temporary file.
        return succeeded(*processed) ? llvm::Error::success()
                                     : llvm::createStringError("no output");
      });
  if (processed && failed(*processed)) {
    llvm::consumeError(std::move(error));
    return EXIT_FAILURE;
  }
  if (error) {
    llvm::errs() << llvm::toString(std::move(error)) << "\n";
    return EXIT_FAILURE;
  }
  return EXIT_SUCCESS;
}
