//===- fxp-calibrate.cpp - activation statistics for F8Net ----------------===//
//
// Runs a float TOSA model on calibration inputs and writes the statistics of
// every activation (function arguments and the results of TOSA ops) into the
// model as #fxp.stats attributes named `fxp.stats`, which
// --fxp-infer-frac-lengths reads.
//
//   fxp-calibrate model.mlir --inputs=calibration.npy -o calibrated.mlir
//
// The model is executed with the project's own code (lib/Calibration): a
// clone of the function that also returns every activation goes through
// --fxp-float-to-llvm, is compiled for this CPU and linked in memory.
//
//===----------------------------------------------------------------------===//

#include "fxp/Calibration/Calibration.h"
#include "fxp/InitAllFXP.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
namespace cl = llvm::cl;

static cl::OptionCategory calibrateCategory("fxp-calibrate options");

static cl::opt<std::string> inputFilename(cl::Positional,
                                          cl::desc("<float TOSA model>"),
                                          cl::init("-"),
                                          cl::cat(calibrateCategory));
static cl::list<std::string>
    inputArrays("inputs", cl::CommaSeparated,
                cl::desc("Calibration inputs, one .npy file per model "
                         "argument: float32 arrays with one more leading "
                         "dimension (the samples) than the argument, or "
                         "exactly its shape for a single sample"),
                cl::cat(calibrateCategory));
static cl::opt<std::string> outputFilename("o", cl::desc("Output file"),
                                           cl::value_desc("filename"),
                                           cl::init("-"),
                                           cl::cat(calibrateCategory));
static cl::opt<unsigned>
    histogramBins("bins",
                  cl::desc("Histogram bins per activation, for the mse rule "
                           "(0: no histogram, at most 65536)"),
                  cl::init(128), cl::cat(calibrateCategory));
static cl::opt<bool> preActivations(
    "pre-activations",
    cl::desc("Also calibrate pre-activations, the results of a conv, matmul "
             "or add that only clamps read: the std rule reads their sigma "
             "(default); =false skips them, which the mse and minmax rules "
             "do not need, for a faster calibration"),
    cl::init(true), cl::cat(calibrateCategory));
static cl::opt<unsigned>
    threads("sample-threads",
            cl::desc("Threads over calibration samples (default 0: one "
                     "per core; the statistics do not depend on it)"),
            cl::init(0), cl::cat(calibrateCategory));
static cl::opt<bool> referenceLowering(
    "reference",
    cl::desc("Run the model through the scalar reference lowering instead "
             "of the fast kernels (slow; for testing)"),
    cl::init(false), cl::cat(calibrateCategory));
static cl::opt<bool> quiet("quiet", cl::desc("No progress on stderr"),
                           cl::init(false), cl::cat(calibrateCategory));
static cl::opt<std::string>
    functionName("function",
                 cl::desc("The model function (default: the one with TOSA "
                          "ops)"),
                 cl::init(""), cl::cat(calibrateCategory));

int main(int argc, char **argv) {
  llvm::InitLLVM y(argc, argv);
  registerAllPasses();
  fxp::registerAllPasses();
  // --help lists this tool's options, not every LLVM and MLIR one.
  cl::HideUnrelatedOptions(calibrateCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "fxp-calibrate: activation statistics of a float TOSA model\n\n"
      "Runs the model on calibration inputs (.npy) and writes #fxp.stats on\n"
      "every activation, for --fxp-infer-frac-lengths.\n");

  if (histogramBins > fxp::kMaxHistogramBins) {
    llvm::errs() << "fxp-calibrate: --bins=" << histogramBins
                 << " exceeds the maximum of " << fxp::kMaxHistogramBins
                 << "\n";
    return 1;
  }

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerAllToLLVMIRTranslations(registry);
  fxp::registerAllDialects(registry);
  MLIRContext context(registry);
  context.loadDialect<fxp::FXPDialect>();
  // A diagnostic points at its source line; the op itself is not printed.
  context.printOpOnDiagnostic(false);

  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  std::string error;
  auto file = openInputFile(inputFilename, &error);
  if (!file) {
    llvm::errs() << "fxp-calibrate: " << error << "\n";
    return 1;
  }
  sourceMgr.AddNewSourceBuffer(std::move(file), SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1;

  func::FuncOp func;
  for (auto candidate : module->getOps<func::FuncOp>()) {
    bool hasTosa = false;
    candidate.walk([&](Operation *op) {
      hasTosa |= isa<tosa::TosaDialect>(op->getDialect());
    });
    bool chosen =
        functionName.empty() ? hasTosa : candidate.getSymName() == functionName;
    if (!chosen)
      continue;
    if (func) {
      emitError(candidate.getLoc(), "several functions hold TOSA ops; choose "
                                    "one with --function")
              .attachNote(func.getLoc())
          << "the other one";
      return 1;
    }
    func = candidate;
  }
  if (!func) {
    emitError(module->getLoc(),
              functionName.empty()
                  ? "no function holds TOSA ops"
                  : "no function named '" + functionName + "'");
    return 1;
  }
  if (func.isExternal()) {
    emitError(func.getLoc(), "'")
        << func.getSymName()
        << "' is a declaration; calibration needs a function with a body";
    return 1;
  }
  fxp::CalibrationOptions options;
  options.histogramBins = histogramBins;
  options.preActivations = preActivations;
  options.threads = threads;
  options.reference = referenceLowering;
  if (!quiet)
    options.progress = &llvm::errs();
  if (failed(fxp::calibrate(*module, func, inputArrays, options)))
    return 1;

  // Written to a temporary file renamed over the output once complete: a
  // failure leaves an existing output file as it was.
  if (llvm::Error error =
          llvm::writeToOutput(outputFilename, [&](llvm::raw_ostream &os) {
            module->print(os);
            os << "\n";
            return llvm::Error::success();
          })) {
    llvm::errs() << "fxp-calibrate: " << llvm::toString(std::move(error))
                 << "\n";
    return 1;
  }
  return 0;
}
