//===- FracLengthRules.h - how fractional lengths are chosen ----*- C++ -*-===//
//
// The rules of --fxp-infer-frac-lengths as plain functions, so that they can
// be tested and reused (the report, the calibration tool).
//
//===----------------------------------------------------------------------===//

#ifndef FXP_DIALECT_FXP_TRANSFORMS_FRACLENGTHRULES_H
#define FXP_DIALECT_FXP_TRANSFORMS_FRACLENGTHRULES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>

namespace mlir::fxp {

enum class FracLengthRule { Std, Mse, MinMax };

std::optional<FracLengthRule> parseFracLengthRule(llvm::StringRef name);
llvm::StringRef stringifyFracLengthRule(FracLengthRule rule);

/// The range the std and mse rules choose from: [0, W-1] signed, [0, W]
/// unsigned (F8Net's clamp).
std::pair<int64_t, int64_t> getRuleRange(unsigned width, bool isSigned);

/// F8Net's rule: floor(log2(T / sigma)) clamped to the rule range, with the
/// 8-bit constant T scaled by 2^(W-8). sigma = 0 gives the top of the range.
int64_t getStdRuleFracLength(double sigma, unsigned width, bool isSigned,
                             double signedThreshold, double unsignedThreshold);

/// The largest FL (in [-64, 64]) whose format holds `maxAbs`.
int64_t getMinMaxFracLength(double maxAbs, unsigned width, bool isSigned);

/// Points and weights that model a normal distribution N(mean, std) clipped
/// to [min, max], for the mse rule and SQNR estimates on statistics.
void sampleClippedNormal(double mean, double std, double min, double max,
                         llvm::SmallVectorImpl<double> &points,
                         llvm::SmallVectorImpl<double> &weights);

/// Root-mean-square error of quantizing `points` (with `weights`) at
/// `fracLength` (half to even, saturating), and the FL in the rule range
/// minimizing it (the mse rule; ties go to the larger FL).
double getWeightedQuantizationRms(llvm::ArrayRef<double> points,
                                  llvm::ArrayRef<double> weights,
                                  unsigned width, bool isSigned,
                                  int64_t fracLength);
int64_t getWeightedMseFracLength(llvm::ArrayRef<double> points,
                                 llvm::ArrayRef<double> weights, unsigned width,
                                 bool isSigned);

} // namespace mlir::fxp

#endif // FXP_DIALECT_FXP_TRANSFORMS_FRACLENGTHRULES_H
