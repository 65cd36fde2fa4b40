//===- FracLengthRules.h - how fractional lengths are chosen ----*- C++ -*-===//
//
// The rules of --fxp-infer-frac-lengths as plain functions, so that they can
// be tested and reused (the report, the calibration tool).
//
//===----------------------------------------------------------------------===//

#ifndef FXP_DIALECT_FXP_TRANSFORMS_FRACLENGTHRULES_H
#define FXP_DIALECT_FXP_TRANSFORMS_FRACLENGTHRULES_H

#include "fxp/Dialect/FXP/IR/FXP.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>

namespace mlir::fxp {

enum class FracLengthRule { Std, Mse, MinMax };

std::optional<FracLengthRule> parseFracLengthRule(llvm::StringRef name);
llvm::StringRef stringifyFracLengthRule(FracLengthRule rule);

/// Where the std rule's fractional length may lie.
enum class StdRange {
  /// F8Net's top (W-1 signed, W unsigned) at 8 bits, where F8Net defined
  /// the rule, with no bottom (a negative FL rather than FL 0 clipping a
  /// large sigma); the type's range elsewhere.
  Auto,
  /// F8Net's clamp at every width: [0, W-1] signed, [0, W] unsigned.
  F8Net,
  /// Every fractional length the type allows.
  Type,
};

std::optional<StdRange> parseStdRange(llvm::StringRef name);

/// The fractional lengths the std rule chooses from under `range`.
std::pair<int64_t, int64_t> getStdRuleRange(StdRange range, unsigned width,
                                            bool isSigned);

/// F8Net's rule: floor(log2(T / sigma)) clamped to `range`, with the 8-bit
/// constant T scaled by 2^(W-8). Without a spread (sigma = 0), the largest
/// fractional length in `range` that holds `maxAbs`.
int64_t getStdRuleFracLength(double sigma, double maxAbs, unsigned width,
                             bool isSigned, double signedThreshold,
                             double unsignedThreshold,
                             std::pair<int64_t, int64_t> range);

/// The largest FL (in [-64, 64]) whose format holds `maxAbs`; F8Net's top,
/// W-1 signed or W unsigned, for zero.
int64_t getMinMaxFracLength(double maxAbs, unsigned width, bool isSigned);

/// How well a format holds a distribution.
struct QuantizationError {
  /// Mean squared error of quantizing (rounding to nearest, saturating).
  double meanSquare = 0;
  /// The part of it that saturation causes: the mean of (v - bound)^2 over
  /// the values beyond the largest (or below the smallest) stored value.
  double clippingMeanSquare = 0;
  /// The fraction of the mass that saturation, not rounding, decides: the
  /// values more than half a step beyond the format's range.
  double clippedFraction = 0;
};

/// The values a format is chosen for: the exact values of a constant, or a
/// density that is uniform within each of a set of bins (a calibration
/// histogram, or a normal model of statistics). A histogram's values are
/// spread over their bins, so that its bin centres falling on a format's grid
/// never make that format look exact.
class ValueDistribution {
public:
  /// The values of a constant, each of the same weight (taken, not copied:
  /// a large model's weight tensor has millions).
  static ValueDistribution fromValues(llvm::SmallVector<double> values);
  /// `counts` in equal-width bins over [min, max].
  static ValueDistribution fromHistogram(double min, double max,
                                         llvm::ArrayRef<int64_t> counts);
  /// The normal distribution N(mean, std) clipped to [min, max].
  static ValueDistribution fromClippedNormal(double mean, double std,
                                             double min, double max);

  double getMaxAbs() const { return maxAbs; }
  /// The signal power: the mean of v^2.
  double getMeanSquare() const { return meanSquare; }
  /// Whether it holds exact values (a constant's), not a density.
  bool isExact() const { return bins.empty(); }

  QuantizationError getQuantizationError(unsigned width, bool isSigned,
                                         int64_t fracLength) const;

private:
  struct Bin {
    double lo, hi, weight;
  };

  void finish();

  llvm::SmallVector<double> values;
  llvm::SmallVector<Bin> bins;
  double totalWeight = 0, maxAbs = 0, meanSquare = 0;
};

/// The mse rule: the FL with the least mean squared quantization error over
/// every FL the type allows (ties go to the larger FL).
int64_t getMseFracLength(const ValueDistribution &distribution, unsigned width,
                         bool isSigned);

/// `stats` of the values `map(v)`, `map` a positive scale: the histogram's
/// counts stay with their bins.
StatsAttr scaleStats(StatsAttr stats, llvm::function_ref<double(double)> map);

/// The operand whose fractional length `op`'s result keeps, so that a scale
/// of its values scales the result alike: the format source of an
/// InferFormatOpInterface op, or the first operand of a tensor op (views,
/// reshapes and concatenations carry their operand's format); null
/// otherwise.
Value getFormatSource(Operation *op);

/// The format of `op`'s first result by its op's rule: its
/// InferFormatOpInterface, or a tensor op's first operand's format. Null when
/// `op` has no rule or an operand it needs is unknown; failure after an error
/// at `op` when no format can hold the result.
FailureOr<FixedType> inferResultFormat(Operation *op);

/// The elements of a float constant as doubles; nullopt when `value` is not
/// one.
std::optional<llvm::SmallVector<double>> getConstantFloats(Value value);

/// The calibration statistics of `value`: on its producer, on the function
/// argument, or on what a view of it reads (a tensor op such as a batched
/// matmul's reshapes, a transpose) or what a quantize of it reads (statistics
/// in real numbers hold for both); null when there are none.
StatsAttr getValueStats(Value value);

/// Has `user` read `values` (an arith.constant) through a new fxp.quantize
/// like `quantize` instead of through `quantize`, erasing `quantize` and its
/// constant if nothing else reads them: other users of a shared constant
/// keep its values.
void replaceQuantizedConstant(Operation *user, QuantizeOp quantize,
                              DenseElementsAttr values);

} // namespace mlir::fxp

#endif // FXP_DIALECT_FXP_TRANSFORMS_FRACLENGTHRULES_H
