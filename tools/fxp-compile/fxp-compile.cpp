//===- fxp-compile.cpp - ONNX models to fixed-point objects ---------------===//
//
// The ahead-of-time compiler: an ONNX model and calibration inputs in, an
// object file (or shared library) with a C interface and its header out.
//
//   fxp-compile model.onnx --calibration calib.npy --target=host \
//       -o model.o --header model.h
//
// It composes the stages of lib/Compiler (docs/Compile.md). The input may
// also be MLIR that an earlier `--emit` wrote: float TOSA (calibrated or
// not) or fxp IR, which then compiles without calibrating again.
//
//===----------------------------------------------------------------------===//

#include "fxp/Codegen/Target.h"
#include "fxp/Compiler/Compiler.h"
#include "fxp/InitAllFXP.h"
#include "fxp/Target/CHeader/CHeader.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/SourceMgr.h"

#include <chrono>
#include <climits>
#include <condition_variable>
#include <mutex>
#include <thread>

#ifdef __GLIBC__
#include <malloc.h>
#endif

using namespace mlir;
namespace cl = llvm::cl;

namespace {
/// Where compilation stops.
enum class Emit { TOSA, FXP, LLVM, Object };
} // namespace

static cl::OptionCategory compileCategory("fxp-compile options");

static cl::opt<std::string> inputFilename(cl::Positional, cl::Required,
                                          cl::desc("<model.onnx or .mlir>"),
                                          cl::cat(compileCategory));
static cl::opt<std::string>
    outputFilename("o",
                   cl::desc("Output file (default: the input's name "
                            "with .o, .so or .mlir; - for standard "
                            "output with --emit)"),
                   cl::value_desc("file"), cl::cat(compileCategory));
static cl::list<std::string> calibrationInputs(
    "calibration", cl::CommaSeparated,
    cl::desc("Calibration samples: one .npy file of float32 inputs per model "
             "input, stacked along the batch dimension (N, C, H, W)"),
    cl::value_desc("file.npy"), cl::cat(compileCategory));
/// The description of --target, which must outlive the option (cl::desc
/// keeps a reference).
static const std::string &getTargetDescription() {
  static const std::string description =
      "Target: " + llvm::join(fxp::codegen::getTargetNames(), ", ");
  return description;
}
static cl::opt<std::string> target("target", cl::init("host"),
                                   cl::desc(getTargetDescription()),
                                   cl::cat(compileCategory));
static cl::opt<std::string> headerFilename("header",
                                           cl::desc("Write the C header here"),
                                           cl::value_desc("file.h"),
                                           cl::cat(compileCategory));
static cl::opt<bool> shared("shared",
                            cl::desc("Link a shared library instead of an "
                                     "object"),
                            cl::cat(compileCategory));
static cl::opt<Emit> emit(
    "emit", cl::init(Emit::Object), cl::desc("Stop at a stage:"),
    cl::values(clEnumValN(Emit::TOSA, "tosa",
                          "the imported float TOSA, "
                          "calibrated when calibration "
                          "inputs are given (MLIR)"),
               clEnumValN(Emit::FXP, "fxp",
                          "the quantized model with its C entry points (MLIR)"),
               clEnumValN(Emit::LLVM, "llvm", "the LLVM dialect (MLIR)"),
               clEnumValN(Emit::Object, "obj", "the object (default)")),
    cl::cat(compileCategory));
static cl::opt<std::string>
    reportFilename("report",
                   cl::desc("Write the format report of --fxp-f8net here "
                            "(.json: JSON)"),
                   cl::value_desc("file"), cl::cat(compileCategory));
static cl::opt<std::string>
    rule("rule", cl::init("mse"),
         cl::desc("Fractional-length rule: mse (default), std (F8Net's) or "
                  "minmax"),
         cl::cat(compileCategory));
static cl::opt<std::string>
    weightRule("weight-rule",
               cl::desc("The rule for constant weights, if not --rule: std, "
                        "mse or minmax"),
               cl::value_desc("rule"), cl::cat(compileCategory));
static cl::opt<bool> perChannelWeights(
    "per-channel-weights",
    cl::desc("Give each output channel of a convolution or matmul its own "
             "weight fractional length (F8Net's per_channel; the default, "
             "=false for one per tensor)"),
    cl::init(true), cl::cat(compileCategory));
static cl::opt<unsigned> firstLastBits(
    "first-last-bits", cl::init(8),
    cl::desc("Least word length of the weights of the first and last "
             "convolutions or matmuls (the input layer, the classifier; "
             "0: --bits)"),
    cl::cat(compileCategory));
static cl::opt<cl::boolOrDefault> correctBias(
    "correct-bias",
    cl::desc("Remove the mean output shift that rounding the weights causes, "
             "through the biases (default: below 8 bits; =false: never)"),
    cl::cat(compileCategory));
static cl::opt<unsigned> bits("bits", cl::init(8),
                              cl::desc("Word length of weights and "
                                       "activations"),
                              cl::cat(compileCategory));
static cl::opt<bool>
    referenceLowering("reference",
                      cl::desc("Lower with the exact scalar reference "
                               "lowering instead of the fast one"),
                      cl::cat(compileCategory));
static cl::opt<bool> floatModel("float",
                                cl::desc("Compile the float model without "
                                         "quantizing it (the baseline: its "
                                         "convolutions and matmuls through "
                                         "the float kernels)"),
                                cl::cat(compileCategory));
static cl::opt<bool> timing("timing",
                            cl::desc("Print the time of every step on stderr "
                                     "(by default only steps longer than a "
                                     "second are announced)"),
                            cl::cat(compileCategory));
static cl::opt<std::string>
    entryName("name",
              cl::desc("C name of the entry points (default: the input's "
                       "name); the integer one adds _int"),
              cl::cat(compileCategory));

/// --threads: libLLVM (ThinLTO's code generator) registers `cl::opt<int>
/// ThreadCount("threads")` in every tool linked with it, and LLVM refuses a
/// second option of a name, so fxp-compile documents and reads that one.
static cl::opt<int> &getThreadsOption() {
  auto *option =
      static_cast<cl::opt<int> *>(cl::getRegisteredOptions().lookup("threads"));
  assert(option && "libLLVM registers --threads");
  return *option;
}

namespace {
/// Announces a step on standard error once it has run for a second, and its
/// time when it ends: long steps show progress, short ones stay quiet.
class Step {
public:
  explicit Step(std::string description)
      : description(std::move(description)),
        start(std::chrono::steady_clock::now()), watcher([this] {
          std::unique_lock<std::mutex> lock(mutex);
          if (!ended.wait_for(lock, std::chrono::seconds(1),
                              [this] { return finished; })) {
            llvm::errs() << "fxp-compile: " << this->description << "...\n";
            announced = true;
          }
        }) {}

  ~Step() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      finished = true;
    }
    ended.notify_one();
    watcher.join();
    if (announced || timing)
      llvm::errs() << llvm::formatv(
          "fxp-compile: {0}: {1:f1} s\n", description,
          std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                        start)
              .count());
  }

private:
  std::string description;
  std::chrono::steady_clock::time_point start;
  std::mutex mutex;
  std::condition_variable ended;
  bool finished = false, announced = false;
  std::thread watcher;
};

/// Output files are written to temporary files beside them, renamed over
/// them once every output is complete: a failure leaves no output behind and
/// existing files as they were.
class AtomicOutputs {
public:
  ~AtomicOutputs() {
    for (const Pending &file : pending)
      llvm::sys::fs::remove(file.temporary);
  }

  /// The temporary file of `path`, created now so that an output that
  /// cannot be written fails before compiling. Its name ends as `path`'s
  /// does (a report's extension chooses its format).
  std::optional<std::string> add(StringRef path) {
    SmallString<128> model = llvm::sys::path::parent_path(path);
    llvm::sys::path::append(model, "." + llvm::sys::path::stem(path) +
                                       "-%%%%%%" +
                                       llvm::sys::path::extension(path));
    int fd;
    SmallString<128> temporary;
    if (std::error_code error =
            llvm::sys::fs::createUniqueFile(model, fd, temporary)) {
      llvm::errs() << "fxp-compile: cannot write '" << path
                   << "': " << error.message() << "\n";
      return std::nullopt;
    }
    llvm::sys::Process::SafelyCloseFileDescriptor(fd);
    pending.push_back({temporary.str().str(), path.str()});
    removeOnSignal();
    return temporary.str().str();
  }

  /// Has a crash remove the temporary files: again after something wrote
  /// one with a ToolOutputFile, whose keep() cancels that.
  void removeOnSignal() {
    for (const Pending &file : pending)
      llvm::sys::RemoveFileOnSignal(file.temporary);
  }

  /// Renames every temporary file over its output.
  bool commit() {
    for (const Pending &file : pending) {
      if (std::error_code error =
              llvm::sys::fs::rename(file.temporary, file.path)) {
        llvm::errs() << "fxp-compile: cannot write '" << file.path
                     << "': " << error.message() << "\n";
        return false;
      }
      llvm::sys::DontRemoveFileOnSignal(file.temporary);
    }
    pending.clear();
    return true;
  }

private:
  struct Pending {
    std::string temporary, path;
  };
  SmallVector<Pending> pending;
};
} // namespace

/// Writes to `path` (- for standard output) with `write`; false after
/// reporting why not.
static bool
writeFile(StringRef path,
          function_ref<LogicalResult(llvm::raw_fd_ostream &)> write) {
  std::error_code error;
  llvm::raw_fd_ostream os(path, error);
  if (error) {
    llvm::errs() << "fxp-compile: cannot write '" << path
                 << "': " << error.message() << "\n";
    return false;
  }
  return succeeded(write(os));
}

/// Writes MLIR with its locations (ONNX node names) to `path`.
static bool writeMLIR(ModuleOp module, StringRef path) {
  return writeFile(path, [&](llvm::raw_fd_ostream &os) {
    module->print(os, OpPrintingFlags().enableDebugInfo());
    return success();
  });
}

/// Writes the module as the output and commits every output: the end of
/// compilation at an --emit stage.
static int finishWithMLIR(ModuleOp module,
                          const std::optional<std::string> &output,
                          AtomicOutputs &outputs) {
  return writeMLIR(module, output ? *output : "-") && outputs.commit() ? 0 : 1;
}

/// Checks the options that do not need the model, before the long steps.
static bool checkOptions() {
  auto fail = [](const Twine &message) {
    llvm::errs() << "fxp-compile: " << message << "\n";
    return false;
  };
  if (!fxp::codegen::lookupTarget(target))
    return fail("unknown target '" + target + "'; expected one of: " +
                llvm::join(fxp::codegen::getTargetNames(), ", "));
  auto isRule = [](StringRef name) {
    return name == "std" || name == "mse" || name == "minmax";
  };
  if (!isRule(rule))
    return fail("unknown rule '" + rule + "'; expected std, mse or minmax");
  if (!weightRule.empty() && !isRule(weightRule))
    return fail("unknown weight rule '" + weightRule +
                "'; expected std, mse or minmax");
  int threads = getThreadsOption();
  if (threads < 0)
    return fail("--threads=" + Twine(threads) + " is negative");
  if (threads > 1 && referenceLowering)
    return fail("--threads needs the fast lowering: no --reference");
  if (bits < 2 || bits > 32)
    return fail("--bits=" + Twine(bits) + " is out of range [2, 32]");
  if (firstLastBits > 32)
    return fail("--first-last-bits=" + Twine(firstLastBits) +
                " is out of range [0, 32]");
  if (shared && emit != Emit::Object)
    return fail("--shared links an object: it cannot go with --emit");
  if (!headerFilename.empty() && emit == Emit::TOSA)
    return fail("--header needs the C entry points: --emit=fxp or later");
  if (floatModel && (!reportFilename.empty() || emit == Emit::FXP))
    return fail("--float compiles the model without quantizing it: no "
                "--report or --emit=fxp");
  if (outputFilename == "-" && emit == Emit::Object)
    return fail("an object cannot go to standard output");
  if (!entryName.empty() && entryName != fxp::getCIdentifier(entryName))
    return fail("--name=" + entryName + " is not a C identifier");
  return true;
}

/// The default output: the input's name without its directory and with the
/// extension of what is emitted.
static std::string getDefaultOutput() {
  StringRef extension = emit != Emit::Object ? ".mlir" : shared ? ".so" : ".o";
  return (llvm::sys::path::stem(inputFilename) + extension).str();
}

/// How far an MLIR input has come: float TOSA, quantized, or with its C
/// entry points.
enum class InputStage { TOSA, Quantized, WithEntryPoints };
static InputStage getInputStage(ModuleOp module) {
  InputStage stage = InputStage::TOSA;
  module.walk([&](Operation *op) {
    if (op->hasAttr(fxp::kCInterfaceAttrName))
      stage = InputStage::WithEntryPoints;
    else if (stage == InputStage::TOSA &&
             isa<fxp::FXPDialect>(op->getDialect()))
      stage = InputStage::Quantized;
  });
  return stage;
}

/// Keeps freed memory in the process. The compiler allocates and frees
/// buffers of weights (megabytes each) over and over: glibc maps each one
/// above its threshold anew and returns the top of the heap to the system,
/// and every page then comes back through a page fault. (MobileNetV2: 7.7-
/// 8.3 s -> 7.5 s, peak RSS +4%.)
static void keepFreedMemory() {
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, INT_MAX);
#endif
}

int main(int argc, char **argv) {
  llvm::InitLLVM y(argc, argv);
  keepFreedMemory();
  registerAllPasses();
  fxp::registerAllPasses();
  cl::opt<int> &threads = getThreadsOption();
  threads.setDescription("Threads per kernel (OpenMP; link the object with "
                         "-fopenmp; 0 or 1: one thread). Compiling and "
                         "calibrating use every core regardless");
  threads.setHiddenFlag(cl::NotHidden);
  threads.addCategory(compileCategory);
  // --help lists this tool's options, not every LLVM and MLIR one.
  cl::HideUnrelatedOptions(compileCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "fxp-compile: ONNX models to F8Net fixed-point objects with a C "
      "interface\n");
  if (!checkOptions())
    return 1;
  if (outputFilename.empty())
    outputFilename = getDefaultOutput();

  fxp::CompileOptions options;
  options.target = target;
  options.threads = std::max(threads.getValue(), 1);
  options.referenceLowering = referenceLowering;
  options.floatModel = floatModel;
  // Samples run one per core: the statistics do not depend on the number.
  options.calibration.threads = 0;
  options.calibration.progress = &llvm::errs();
  options.rule = rule;
  options.weightRule = weightRule;
  options.perChannelWeights = perChannelWeights;
  if (correctBias != cl::BOU_UNSET)
    options.correctBias = correctBias == cl::BOU_TRUE;
  options.bits = bits;
  options.firstLastBits = firstLastBits;
  options.name = entryName.empty()
                     ? fxp::getCIdentifier(llvm::sys::path::stem(inputFilename))
                     : entryName.getValue();

  // Every output file exists, as a temporary, before the work starts.
  AtomicOutputs outputs;
  std::optional<std::string> output, header;
  if (outputFilename != "-" && !(output = outputs.add(outputFilename)))
    return 1;
  if (!headerFilename.empty() && !(header = outputs.add(headerFilename)))
    return 1;
  if (!reportFilename.empty()) {
    std::optional<std::string> report = outputs.add(reportFilename);
    if (!report)
      return 1;
    options.reportPath = *report;
  }

  DialectRegistry registry;
  fxp::registerCompilerDialects(registry);
  MLIRContext context(registry);
  context.printOpOnDiagnostic(false);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler handler(sourceMgr, &context);

  OwningOpRef<ModuleOp> module;
  bool isMLIR = llvm::sys::path::extension(inputFilename) == ".mlir";
  {
    Step step("reading " + inputFilename);
    if (isMLIR) {
      std::string error;
      std::unique_ptr<llvm::MemoryBuffer> file =
          openInputFile(inputFilename, &error);
      if (!file) {
        llvm::errs() << "fxp-compile: " << error << "\n";
        return 1;
      }
      sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
      module = parseSourceFile<ModuleOp>(sourceMgr, &context);
    } else {
      module = fxp::importModel(inputFilename, &context);
    }
  }
  if (!module)
    return 1;
  InputStage stage = getInputStage(*module);
  if (stage != InputStage::TOSA &&
      (floatModel || emit == Emit::TOSA || !calibrationInputs.empty() ||
       !reportFilename.empty())) {
    llvm::errs() << "fxp-compile: '" << inputFilename
                 << "' is quantized already: no --float, --emit=tosa, "
                    "--calibration or --report\n";
    return 1;
  }

  if (!calibrationInputs.empty()) {
    Step step("calibrating");
    if (failed(fxp::calibrateModel(*module, calibrationInputs, options)))
      return 1;
  } else if (stage == InputStage::TOSA && !floatModel && !isMLIR &&
             emit != Emit::TOSA) {
    llvm::errs() << "fxp-compile: quantizing '" << inputFilename
                 << "' needs --calibration samples (or --float)\n";
    return 1;
  }
  if (emit == Emit::TOSA)
    return finishWithMLIR(*module, output, outputs);

  if (stage == InputStage::TOSA && !floatModel) {
    Step step("quantizing with F8Net");
    if (failed(fxp::quantizeModel(*module, options)))
      return 1;
    outputs.removeOnSignal();
  }
  if (stage != InputStage::WithEntryPoints &&
      failed(fxp::buildCInterface(*module, options)))
    return 1;
  if (header && !writeFile(*header, [&](llvm::raw_fd_ostream &os) {
        return fxp::exportCHeader(*module, os);
      }))
    return 1;
  if (emit == Emit::FXP)
    return finishWithMLIR(*module, output, outputs);

  if (emit == Emit::LLVM) {
    Step step("lowering for " + target);
    if (failed(fxp::lowerToLLVM(*module, options)))
      return 1;
    return finishWithMLIR(*module, output, outputs);
  }

  // The object goes to the output, or to a temporary file to link.
  SmallString<128> objectPath(*output);
  std::optional<llvm::FileRemover> objectRemover;
  if (shared) {
    if (std::error_code error = llvm::sys::fs::createTemporaryFile(
            "fxp-compile", "o", objectPath)) {
      llvm::errs() << "fxp-compile: cannot create a temporary object: "
                   << error.message() << "\n";
      return 1;
    }
    objectRemover.emplace(objectPath);
  }
  {
    Step step("lowering for " + target + " and compiling the object");
    if (!writeFile(objectPath, [&](llvm::raw_fd_ostream &os) {
          return fxp::emitObject(*module, options, os);
        }))
      return 1;
  }
  if (shared) {
    Step step("linking");
    if (failed(fxp::linkSharedObject(objectPath, *output, module->getLoc())))
      return 1;
  }
  return outputs.commit() ? 0 : 1;
}
