//===- Compiler.h - the stages of fxp-compile -------------------*- C++ -*-===//
//
// fxp-compile turns an ONNX model into an object file with a C interface, in
// stages that are functions of this library (fxp-compile composes them; tests
// and other drivers may call them one by one):
//
//   importModel      ONNX -> float TOSA (lib/Target/ONNX)
//   calibrateModel   #fxp.stats from sample inputs (lib/Calibration)
//   quantizeModel    --fxp-f8net: fixed-point fxp IR
//   buildCInterface  the entry points: float in/out and integer in/out
//   lowerToLLVM      the fast (or reference) lowering for the target, and
//                    the loops over the batch (for --emit=llvm)
//   emitObject       the same lowering, then LLVM IR optimized and compiled
//                    for the target's triple by LLVM's TargetMachine, in
//                    process; the model in parts, in parallel
//   linkSharedObject the object as a shared library (ld.lld)
//
// Every stage reports errors as diagnostics and returns failure.
//
//===----------------------------------------------------------------------===//

#ifndef FXP_COMPILER_COMPILER_H
#define FXP_COMPILER_COMPILER_H

#include "fxp/Calibration/Calibration.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>
#include <optional>
#include <string>

namespace mlir::fxp {

/// The options of every stage.
struct CompileOptions {
  /// The code generation target: a name of fxp/Codegen/Target.h (host,
  /// avx512vnni, x86-64-v3, aarch64-dotprod, ...).
  std::string target = "host";
  /// Threads over each kernel's output tiles (OpenMP: an object compiled
  /// with more than one is linked with -fopenmp).
  unsigned threads = 1;
  /// Lower with the exact scalar reference lowering instead of the fast one.
  bool referenceLowering = false;
  /// Compile the float model as it is, without quantization: the baseline
  /// that fixed point is compared with (upstream TOSA lowering).
  bool floatModel = false;
  /// The fractional-length rule of --fxp-f8net: mse, std or minmax.
  std::string rule = "mse";
  /// The rule for constant weights; empty: `rule`.
  std::string weightRule;
  /// Word length of weights and activations.
  unsigned bits = 8;
  /// Least word length of the first and last contractions' weights (0:
  /// `bits`).
  unsigned firstLastBits = 8;
  /// A fractional length per output channel of contraction weights.
  bool perChannelWeights = true;
  /// Remove the mean output shift of weight rounding through the biases;
  /// by default below 8 bits, where it helps (at 8 bits it is noise).
  std::optional<bool> correctBias;
  /// Where --fxp-f8net writes its per-value format report (.json: JSON);
  /// empty for none.
  std::string reportPath;
  /// The C name of the float entry point; the integer one adds `_int`.
  std::string name = "model";
  /// calibrateModel sets `preActivations` from `rule` (only std reads them).
  CalibrationOptions calibration;
};

/// Registers what the stages need in `registry`: the dialects of every stage
/// and their translations to LLVM IR.
void registerCompilerDialects(DialectRegistry &registry);

/// Reads and imports an ONNX model as float TOSA.
OwningOpRef<ModuleOp> importModel(StringRef path, MLIRContext *context);

/// Writes activation statistics into the model from sample inputs, one .npy
/// file per model input (see fxp::calibrate for the shapes they may have).
LogicalResult calibrateModel(ModuleOp module, ArrayRef<std::string> inputPaths,
                             const CompileOptions &options);

/// Quantizes the calibrated model with --fxp-f8net.
LogicalResult quantizeModel(ModuleOp module, const CompileOptions &options);

/// Makes the model function a C entry point named `options.name` (float in,
/// float out). For a quantized model, also adds `<name>_int`, which takes
/// and returns the stored integers of the input and output formats; the
/// float one quantizes, calls it and dequantizes.
LogicalResult buildCInterface(ModuleOp module, const CompileOptions &options);

/// How the module lowers for the target: the passes, and what completes the
/// lowered module (the loops over the batch of the C entry points).
struct Lowering {
  std::function<void(OpPassManager &)> buildPasses;
  std::function<LogicalResult(ModuleOp)> finish;
};
FailureOr<Lowering> getLowering(ModuleOp module, const CompileOptions &options);

/// Lowers the module to the LLVM dialect for the target, with the batch
/// loops of the C entry points.
LogicalResult lowerToLLVM(ModuleOp module, const CompileOptions &options);

/// Lowers the module as lowerToLLVM does, optimizes it at -O3 and writes a
/// relocatable (position-independent) object for the target's triple. The
/// model lowers and compiles in parts, in parallel (see
/// lowerAndCompileToObjects).
LogicalResult emitObject(ModuleOp module, const CompileOptions &options,
                         llvm::raw_pwrite_stream &os);

/// Links `objectPath` into the shared library `outputPath` with ld.lld.
LogicalResult linkSharedObject(StringRef objectPath, StringRef outputPath,
                               Location loc);

} // namespace mlir::fxp

#endif // FXP_COMPILER_COMPILER_H
