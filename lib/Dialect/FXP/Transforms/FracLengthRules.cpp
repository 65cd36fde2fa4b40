//===- FracLengthRules.cpp - how fractional lengths are chosen ------------===//

#include "fxp/Dialect/FXP/Transforms/FracLengthRules.h"

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::fxp;

std::optional<FracLengthRule> mlir::fxp::parseFracLengthRule(StringRef name) {
  return llvm::StringSwitch<std::optional<FracLengthRule>>(name)
      .Case("std", FracLengthRule::Std)
      .Case("mse", FracLengthRule::Mse)
      .Case("minmax", FracLengthRule::MinMax)
      .Default(std::nullopt);
}

StringRef mlir::fxp::stringifyFracLengthRule(FracLengthRule rule) {
  switch (rule) {
  case FracLengthRule::Std:
    return "std";
  case FracLengthRule::Mse:
    return "mse";
  case FracLengthRule::MinMax:
    return "minmax";
  }
  llvm_unreachable("unknown rule");
}

std::pair<int64_t, int64_t> mlir::fxp::getRuleRange(unsigned width,
                                                    bool isSigned) {
  return {0, isSigned ? int64_t(width) - 1 : int64_t(width)};
}

int64_t mlir::fxp::getStdRuleFracLength(double sigma, unsigned width,
                                        bool isSigned, double signedThreshold,
                                        double unsignedThreshold) {
  auto [lo, hi] = getRuleRange(width, isSigned);
  if (!(sigma > 0))
    return hi;
  double threshold = (isSigned ? signedThreshold : unsignedThreshold) *
                     std::ldexp(1.0, int(width) - 8);
  double fl = std::floor(std::log2(threshold / sigma));
  return int64_t(std::clamp(fl, double(lo), double(hi)));
}

/// The largest stored magnitude of a format, as a real number at FL 0.
static double getMaxStored(unsigned width, bool isSigned) {
  return std::ldexp(1.0, isSigned ? int(width) - 1 : int(width)) - 1;
}

int64_t mlir::fxp::getMinMaxFracLength(double maxAbs, unsigned width,
                                       bool isSigned) {
  if (!(maxAbs > 0))
    return getRuleRange(width, isSigned).second;
  double fl = std::floor(std::log2(getMaxStored(width, isSigned) / maxAbs));
  return int64_t(std::clamp(fl, -64.0, 64.0));
}

/// The value `v` after quantization at `fracLength`.
static double quantized(double v, unsigned width, bool isSigned,
                        int64_t fracLength) {
  double hi = getMaxStored(width, isSigned);
  double lo = isSigned ? -hi : 0.0;
  double q = std::nearbyint(std::ldexp(v, int(fracLength))); // half to even
  return std::ldexp(std::clamp(q, lo, hi), -int(fracLength));
}

double mlir::fxp::getWeightedQuantizationRms(ArrayRef<double> points,
                                             ArrayRef<double> weights,
                                             unsigned width, bool isSigned,
                                             int64_t fracLength) {
  double sum = 0, total = 0;
  for (auto [v, w] : llvm::zip(points, weights)) {
    double e = v - quantized(v, width, isSigned, fracLength);
    sum += w * e * e;
    total += w;
  }
  return total > 0 ? std::sqrt(sum / total) : 0.0;
}

int64_t mlir::fxp::getWeightedMseFracLength(ArrayRef<double> points,
                                            ArrayRef<double> weights,
                                            unsigned width, bool isSigned) {
  auto [lo, hi] = getRuleRange(width, isSigned);
  int64_t best = hi;
  double bestRms = INFINITY;
  // Ties go to the larger FL (finer steps), scanning downwards.
  for (int64_t fl = hi; fl >= lo; --fl) {
    double rms =
        getWeightedQuantizationRms(points, weights, width, isSigned, fl);
    if (rms < bestRms) {
      bestRms = rms;
      best = fl;
    }
  }
  return best;
}

void mlir::fxp::sampleClippedNormal(double mean, double std, double min,
                                    double max, SmallVectorImpl<double> &points,
                                    SmallVectorImpl<double> &weights) {
  points.clear();
  weights.clear();
  if (!(std > 0) || !(max > min)) {
    points.push_back(mean);
    weights.push_back(1.0);
    return;
  }
  double lo = std::max(min, mean - 8 * std);
  double hi = std::min(max, mean + 8 * std);
  constexpr int kSamples = 4096;
  for (int i = 0; i < kSamples; ++i) {
    double v = lo + (hi - lo) * (i + 0.5) / kSamples;
    double z = (v - mean) / std;
    points.push_back(v);
    weights.push_back(std::exp(-0.5 * z * z));
  }
}
