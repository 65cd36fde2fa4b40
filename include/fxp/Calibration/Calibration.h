//===- Calibration.h - activation statistics for F8Net ----------*- C++ -*-===//
//
// Calibration runs a float TOSA model on sample inputs and writes the
// statistics of every activation (function arguments and the results of TOSA
// ops) into the model as #fxp.stats attributes named `fxp.stats`, which
// --fxp-infer-frac-lengths reads. fxp-calibrate and fxp-compile call it.
//
//===----------------------------------------------------------------------===//

#ifndef FXP_CALIBRATION_CALIBRATION_H
#define FXP_CALIBRATION_CALIBRATION_H

#include "fxp/Calibration/NpyReader.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace mlir::fxp {

/// More bins than this would not fit the statistics of a large model in
/// memory, and give the mse rule nothing a finer histogram would not.
constexpr unsigned kMaxHistogramBins = 1 << 16;

struct CalibrationOptions {
  /// Histogram bins per activation, for the mse rule (0: no histogram; at
  /// most kMaxHistogramBins).
  unsigned histogramBins = 128;
  /// Also calibrate pre-activations: the results of a conv, matmul or add
  /// that only clamps read. fxp keeps them in their accumulator's format;
  /// only the std rule reads them (their sigma). Without them the model
  /// hands over, and the statistics read, a third fewer values on a CNN.
  bool preActivations = true;
  /// Run the float model through the fast lowering (--fxp-float-to-llvm for
  /// the running CPU) rather than the scalar reference lowering
  /// (--tosa-to-linalg-pipeline, --fxp-reference-to-llvm). The statistics
  /// agree within float rounding; the reference is for testing.
  bool reference = false;
  /// Threads over calibration samples (0: one per core). The statistics do
  /// not depend on it.
  unsigned threads = 1;
  /// Where to report progress (samples run, time per sample) at most once a
  /// second; none when null.
  llvm::raw_ostream *progress = nullptr;
};

/// Reads a .npy file of float32 or float64 values; an error at `loc` names
/// the file when it cannot be read or is not such an array.
FailureOr<NpyArray> readNpy(StringRef path, Location loc);

/// Runs `func` of `module` on the samples in the .npy files `inputPaths`
/// (one per argument) and sets `fxp.stats` on its activations. Each file
/// holds float32 arrays with one more leading dimension (the samples) than
/// the argument, exactly the argument's shape (one sample), or arrays of the
/// argument's rank whose leading dimension is a multiple of the argument's:
/// a batch-1 model takes (N, C, H, W) images. Inputs and activations must be
/// finite: an error names the first NaN or infinity. The model is executed
/// by the reference lowering, JIT-compiled.
LogicalResult calibrate(ModuleOp module, func::FuncOp func,
                        ArrayRef<std::string> inputPaths,
                        const CalibrationOptions &options = {});

} // namespace mlir::fxp

#endif // FXP_CALIBRATION_CALIBRATION_H
