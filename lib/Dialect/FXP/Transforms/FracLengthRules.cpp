//===- FracLengthRules.cpp - how fractional lengths are chosen ------------===//

#include "fxp/Dialect/FXP/Transforms/FracLengthRules.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
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

std::optional<StdRange> mlir::fxp::parseStdRange(StringRef name) {
  return llvm::StringSwitch<std::optional<StdRange>>(name)
      .Case("auto", StdRange::Auto)
      .Case("f8net", StdRange::F8Net)
      .Case("type", StdRange::Type)
      .Default(std::nullopt);
}

/// F8Net's top fractional length: a signed format holds [-1, 1), an unsigned
/// one [0, 1].
static int64_t getF8NetTop(unsigned width, bool isSigned) {
  return isSigned ? int64_t(width) - 1 : int64_t(width);
}

std::pair<int64_t, int64_t>
mlir::fxp::getStdRuleRange(StdRange range, unsigned width, bool isSigned) {
  switch (range) {
  case StdRange::F8Net:
    return {0, getF8NetTop(width, isSigned)};
  case StdRange::Auto:
    // F8Net's top at 8 bits only makes a format coarser than the rule's, so
    // it never clips; its bottom, FL 0, would clip a value whose sigma asks
    // for a negative FL, which F8Net's trained models never had.
    if (width == 8)
      return {FixedType::kMinFracLength, getF8NetTop(width, isSigned)};
    [[fallthrough]];
  case StdRange::Type:
    return {FixedType::kMinFracLength, FixedType::kMaxFracLength};
  }
  llvm_unreachable("unknown std range");
}

/// The largest stored magnitude of a format, as a real number at FL 0.
static double getMaxStored(unsigned width, bool isSigned) {
  return std::ldexp(1.0, isSigned ? int(width) - 1 : int(width)) - 1;
}

int64_t mlir::fxp::getMinMaxFracLength(double maxAbs, unsigned width,
                                       bool isSigned) {
  if (!(maxAbs > 0))
    return getF8NetTop(width, isSigned);
  double fl = std::floor(std::log2(getMaxStored(width, isSigned) / maxAbs));
  return int64_t(std::clamp(fl, double(FixedType::kMinFracLength),
                            double(FixedType::kMaxFracLength)));
}

int64_t mlir::fxp::getStdRuleFracLength(double sigma, double maxAbs,
                                        unsigned width, bool isSigned,
                                        double signedThreshold,
                                        double unsignedThreshold,
                                        std::pair<int64_t, int64_t> range) {
  double fl;
  if (sigma > 0) {
    double threshold = (isSigned ? signedThreshold : unsignedThreshold) *
                       std::ldexp(1.0, int(width) - 8);
    fl = std::floor(std::log2(threshold / sigma));
  } else {
    fl = double(getMinMaxFracLength(maxAbs, width, isSigned));
  }
  return int64_t(std::clamp(fl, double(range.first), double(range.second)));
}

//===----------------------------------------------------------------------===//
// Distributions
//===----------------------------------------------------------------------===//

ValueDistribution ValueDistribution::fromValues(SmallVector<double> values) {
  ValueDistribution distribution;
  distribution.values = std::move(values);
  distribution.finish();
  return distribution;
}

ValueDistribution ValueDistribution::fromHistogram(double min, double max,
                                                   ArrayRef<int64_t> counts) {
  ValueDistribution distribution;
  double width = (max - min) / counts.size();
  for (auto [i, count] : llvm::enumerate(counts))
    if (count > 0)
      distribution.bins.push_back(
          {min + i * width, min + (i + 1) * width, double(count)});
  distribution.finish();
  return distribution;
}

ValueDistribution ValueDistribution::fromClippedNormal(double mean, double std,
                                                       double min, double max) {
  if (!(std > 0) || !(max > min))
    return fromValues({mean});
  ValueDistribution distribution;
  double lo = std::max(min, mean - 8 * std);
  double hi = std::min(max, mean + 8 * std);
  constexpr int kBins = 4096;
  double width = (hi - lo) / kBins;
  for (int i = 0; i < kBins; ++i) {
    double z = (lo + (i + 0.5) * width - mean) / std;
    distribution.bins.push_back(
        {lo + i * width, lo + (i + 1) * width, std::exp(-0.5 * z * z)});
  }
  distribution.finish();
  return distribution;
}

void ValueDistribution::finish() {
  double sum = 0;
  totalWeight = 0;
  for (double v : values) {
    sum += v * v;
    maxAbs = std::max(maxAbs, std::abs(v));
  }
  totalWeight += values.size();
  for (const Bin &bin : bins) {
    // The mean of v^2 over a bin with a uniform density.
    sum +=
        bin.weight * (bin.lo * bin.lo + bin.lo * bin.hi + bin.hi * bin.hi) / 3;
    maxAbs = std::max({maxAbs, std::abs(bin.lo), std::abs(bin.hi)});
    totalWeight += bin.weight;
  }
  meanSquare = totalWeight > 0 ? sum / totalWeight : 0;
}

/// The integral over [a, b] of (v - round(v))^2 for rounding to the nearest
/// multiple of `step`: with u = v / step + 1/2, the error is
/// step * (frac(u) - 1/2), whose square integrates to
/// floor(u) / 12 + ((frac(u) - 1/2)^3 + 1/8) / 3 per unit of u.
static double integrateRoundingError(double a, double b, double step) {
  auto antiderivative = [&](double v) {
    double u = v / step + 0.5;
    double whole = std::floor(u), offset = u - whole - 0.5;
    return whole / 12 + (offset * offset * offset + 0.125) / 3;
  };
  return step * step * step * (antiderivative(b) - antiderivative(a));
}

/// The integral over [a, b] of (v - bound)^2.
static double integrateSquareDistance(double a, double b, double bound) {
  return (std::pow(b - bound, 3) - std::pow(a - bound, 3)) / 3;
}

QuantizationError
ValueDistribution::getQuantizationError(unsigned width, bool isSigned,
                                        int64_t fracLength) const {
  QuantizationError error;
  if (!(totalWeight > 0))
    return error;
  double step = std::ldexp(1.0, -int(fracLength));
  double maxStored = getMaxStored(width, isSigned);
  double hi = maxStored * step, lo = isSigned ? -hi : 0.0;
  double square = 0, clipping = 0, clipped = 0;
  // This loop over a weight tensor's elements dominates the pass, so it
  // calls nothing: multiplying by a power of two scales as ldexp does, and
  // clamping just outside the saturation range first keeps the rounding
  // below 2^51, where adding and subtracting 1.5 * 2^52 rounds half to even
  // as nearbyint does; the compiler vectorizes it.
  double scale = std::ldexp(1.0, int(fracLength));
  double minStored = isSigned ? -maxStored : 0.0;
  for (double v : values) {
    double scaled = std::clamp(v * scale, minStored - 1, maxStored + 1);
    double rounded = (scaled + 0x1.8p52) - 0x1.8p52;
    double q = std::clamp(rounded, minStored, maxStored) * step;
    square += (v - q) * (v - q);
    if (v > hi || v < lo)
      clipping += (v - q) * (v - q);
    if (v > hi + step / 2 || v < lo - step / 2)
      clipped += 1;
  }
  for (const Bin &bin : bins) {
    double length = bin.hi - bin.lo;
    if (!(length > 0))
      continue; // no spread; finish() saw it, quantization cannot miss it
    double density = bin.weight / length;
    double below = 0, above = 0;
    if (bin.lo < lo)
      below = integrateSquareDistance(bin.lo, std::min(bin.hi, lo), lo);
    if (bin.hi > hi)
      above = integrateSquareDistance(std::max(bin.lo, hi), bin.hi, hi);
    double inside = 0;
    double from = std::max(bin.lo, lo), to = std::min(bin.hi, hi);
    if (to > from)
      inside = integrateRoundingError(from, to, step);
    square += density * (below + above + inside);
    clipping += density * (below + above);
    double outside = std::max(0.0, std::min(bin.hi, lo - step / 2) - bin.lo) +
                     std::max(0.0, bin.hi - std::max(bin.lo, hi + step / 2));
    clipped += density * outside;
  }
  error.meanSquare = square / totalWeight;
  error.clippingMeanSquare = clipping / totalWeight;
  error.clippedFraction = clipped / totalWeight;
  return error;
}

int64_t mlir::fxp::getMseFracLength(const ValueDistribution &distribution,
                                    unsigned width, bool isSigned) {
  int64_t start =
      getMinMaxFracLength(distribution.getMaxAbs(), width, isSigned);
  if (!(distribution.getMaxAbs() > 0))
    return start;
  // Above the largest FL that holds every value, saturation adds an error
  // that grows with the FL: the scan upwards stops where that part alone
  // exceeds the best. Below, nothing saturates; the scan downwards stops
  // where every value rounds to zero, as at every FL below.
  int64_t best = start;
  double bestError =
      distribution.getQuantizationError(width, isSigned, start).meanSquare;
  for (int64_t fl = start + 1; fl <= FixedType::kMaxFracLength; ++fl) {
    QuantizationError error =
        distribution.getQuantizationError(width, isSigned, fl);
    if (error.clippingMeanSquare > bestError)
      break;
    if (error.meanSquare <= bestError) { // ties go to the larger FL
      bestError = error.meanSquare;
      best = fl;
    }
  }
  for (int64_t fl = start - 1; fl >= FixedType::kMinFracLength; --fl) {
    double error =
        distribution.getQuantizationError(width, isSigned, fl).meanSquare;
    if (error < bestError) {
      bestError = error;
      best = fl;
    }
    if (std::ldexp(1.0, -int(fl) - 1) > distribution.getMaxAbs())
      break; // half a step exceeds every value
  }
  return best;
}

//===----------------------------------------------------------------------===//
// Format rules of ops
//===----------------------------------------------------------------------===//

Value mlir::fxp::getFormatSource(Operation *op) {
  if (auto rule = dyn_cast<InferFormatOpInterface>(op))
    return rule.getFormatSource();
  if (isa<tensor::TensorDialect>(op->getDialect()) && op->getNumOperands() > 0)
    return op->getOperand(0);
  return {};
}

FailureOr<FixedType> mlir::fxp::inferResultFormat(Operation *op) {
  if (auto rule = dyn_cast<InferFormatOpInterface>(op))
    return rule.inferResultFormat();
  Value source = getFormatSource(op);
  FixedType format = source ? getFixedElementType(source.getType()) : nullptr;
  if (!format || !format.hasKnownFracLength())
    return FixedType();
  return format;
}

StatsAttr mlir::fxp::scaleStats(StatsAttr stats,
                                llvm::function_ref<double(double)> map) {
  auto apply = [&](const APFloat &v) {
    return APFloat(map(v.convertToDouble()));
  };
  return StatsAttr::get(stats.getContext(), apply(stats.getMean()),
                        apply(stats.getStd()), apply(stats.getMin()),
                        apply(stats.getMax()), stats.getCount(),
                        stats.getHistogram(), apply(stats.getHistogramMin()),
                        apply(stats.getHistogramMax()));
}

std::optional<SmallVector<double>> mlir::fxp::getConstantFloats(Value value) {
  DenseFPElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  // f32 and f64 elements are read as such: an APFloat each is the slow part
  // of reading a large model's weights.
  if (auto floats = attr.tryGetValues<float>(); succeeded(floats))
    return SmallVector<double>(floats->begin(), floats->end());
  if (auto doubles = attr.tryGetValues<double>(); succeeded(doubles))
    return SmallVector<double>(doubles->begin(), doubles->end());
  SmallVector<double> values;
  values.reserve(attr.getNumElements());
  for (const llvm::APFloat &v : attr.getValues<llvm::APFloat>()) {
    bool losesInfo = false;
    llvm::APFloat d = v;
    d.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven,
              &losesInfo);
    values.push_back(d.convertToDouble());
  }
  return values;
}

StatsAttr mlir::fxp::getValueStats(Value value) {
  while (true) {
    if (auto arg = dyn_cast<BlockArgument>(value)) {
      auto func = dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp());
      return func && arg.getOwner()->isEntryBlock()
                 ? func.getArgAttrOfType<StatsAttr>(arg.getArgNumber(),
                                                    StatsAttr::getAttrName())
                 : StatsAttr();
    }
    Operation *producer = value.getDefiningOp();
    if (auto stats =
            producer->getAttrOfType<StatsAttr>(StatsAttr::getAttrName()))
      return stats;
    if (!isa<tensor::TensorDialect>(producer->getDialect()) &&
        !isa<linalg::TransposeOp, QuantizeOp>(producer))
      return {};
    if (producer->getNumOperands() == 0)
      return {};
    value = producer->getOperand(0);
  }
}

void mlir::fxp::replaceQuantizedConstant(Operation *user, QuantizeOp quantize,
                                         DenseElementsAttr values) {
  OpBuilder builder(user);
  Value constant = arith::ConstantOp::create(builder, user->getLoc(), values);
  auto newQuantize =
      QuantizeOp::create(builder, user->getLoc(), quantize.getType(), constant,
                         quantize.getRounding(), quantize.getOverflow());
  user->replaceUsesOfWith(quantize, newQuantize);
  if (quantize->use_empty()) {
    Operation *oldConstant = quantize.getInput().getDefiningOp();
    quantize->erase();
    if (oldConstant && oldConstant->use_empty())
      oldConstant->erase();
  }
}
