//===- CorrectBias.cpp - remove the mean shift of weight rounding ---------===//
//
// A contraction with rounded weights Wq computes sum_k Wq[c, k] x_k; its
// expected error in channel c is sum_k (Wq - W)[c, k] E[x_k]. With the
// calibrated mean m of the input for every E[x_k] (0 where a convolution
// reads its padding), that is m times the channel's summed weight error,
// each weight's counted in the share of output positions where it reads
// the input; the float bias absorbs it before it is quantized.
//
//===----------------------------------------------------------------------===//

#include "fxp/Dialect/FXP/Transforms/Passes.h"

#include "fxp/Dialect/FXP/Analysis/AccumulatorRange.h"
#include "fxp/Dialect/FXP/IR/FixedPointArithmetic.h"
#include "fxp/Dialect/FXP/Transforms/FracLengthRules.h"

#include <cmath>

namespace mlir::fxp {
#define GEN_PASS_DEF_FXPCORRECTBIAS
#include "fxp/Dialect/FXP/Transforms/Passes.h.inc"
} // namespace mlir::fxp

using namespace mlir;
using namespace mlir::fxp;

/// The float constant that `value`, an fxp.quantize with a known format
/// (per tensor or per axis), quantizes, with that quantize.
static std::optional<std::pair<QuantizeOp, SmallVector<double>>>
getQuantizedConstant(Value value) {
  auto quantize = value ? value.getDefiningOp<QuantizeOp>() : QuantizeOp();
  if (!quantize)
    return std::nullopt;
  Type element = cast<ShapedType>(value.getType()).getElementType();
  auto fixed = dyn_cast<FixedType>(element);
  if (!isa<FixedPerAxisType>(element) && !(fixed && fixed.hasKnownFracLength()))
    return std::nullopt;
  std::optional<SmallVector<double>> values =
      getConstantFloats(quantize.getInput());
  if (!values)
    return std::nullopt;
  return std::make_pair(quantize, std::move(*values));
}

/// The fraction of a convolution's output positions at which the kernel
/// tap `(ky, kx)` reads the input rather than its zero padding, for each tap
/// in row-major order; empty for a matmul or unknown sizes (every tap
/// reads the input).
static SmallVector<double> getTapCoverage(ContractionOpInterface op) {
  auto conv = dyn_cast<Conv2DOp>(op.getOperation());
  if (!conv)
    return {};
  auto input = conv.getInput().getType();
  auto weight = conv.getWeight().getType();
  auto result = cast<RankedTensorType>(conv.getType());
  if (!input.hasStaticShape() || !weight.hasStaticShape() ||
      !result.hasStaticShape())
    return {};
  SmallVector<int64_t, 2> strides = conv.getStridesOrDefault();
  SmallVector<int64_t, 2> dilations = conv.getDilationsOrDefault();
  SmallVector<int64_t, 4> pad = conv.getPadOrDefault();
  // Along one spatial dimension: the fraction of the outputs whose input
  // index for tap k lies in [0, size).
  auto coverage = [](int64_t size, int64_t outputs, int64_t stride,
                     int64_t dilation, int64_t padBefore, int64_t k) {
    int64_t inside = 0;
    for (int64_t o = 0; o < outputs; ++o) {
      int64_t index = o * stride - padBefore + k * dilation;
      inside += index >= 0 && index < size;
    }
    return outputs ? double(inside) / outputs : 1.0;
  };
  int64_t kh = weight.getDimSize(1), kw = weight.getDimSize(2);
  SmallVector<double> taps;
  for (int64_t ky = 0; ky < kh; ++ky)
    for (int64_t kx = 0; kx < kw; ++kx)
      taps.push_back(coverage(input.getDimSize(1), result.getDimSize(1),
                              strides[0], dilations[0], pad[0], ky) *
                     coverage(input.getDimSize(2), result.getDimSize(2),
                              strides[1], dilations[1], pad[2], kx));
  return taps;
}

/// Per output channel of `op`, its rounded weights' errors Wq - W summed,
/// each weighted by how often it multiplies an input rather than padding:
/// `values` are the float weights, `stored` their stored integers.
static SmallVector<double> getChannelWeightErrors(ContractionOpInterface op,
                                                  ArrayRef<double> values,
                                                  ArrayRef<int64_t> stored) {
  auto type = op.getWeight().getType();
  unsigned axis = op.getWeightChannelDim();
  int64_t channels = type.getDimSize(axis);
  int64_t trailing = getTrailingSize(type, axis);
  ElementFormats formats(type);
  SmallVector<double> taps = getTapCoverage(op);
  // Weights are O x KH x KW x C/groups: C/groups elements per tap.
  int64_t perTap = taps.empty() ? 1 : type.getShape().back();
  SmallVector<double> errors(channels, 0.0);
  for (auto [i, w, q] : llvm::enumerate(values, stored)) {
    double rounded = std::ldexp(double(q), -*formats.at(i).getFracLength());
    double coverage =
        taps.empty() ? 1.0 : taps[(int64_t(i) / perTap) % taps.size()];
    errors[(int64_t(i) / trailing) % channels] += (rounded - w) * coverage;
  }
  return errors;
}

/// Whether the float `value` rounds into `format` without saturating.
static bool fitsFormat(double value, FixedType format, RoundingMode rounding) {
  if (!format.getIsSigned() || format.getWidth() > 62)
    return false;
  std::optional<int64_t> stored =
      roundScaledDouble(value, *format.getFracLength(), rounding);
  if (!stored)
    return false;
  auto [lo, hi] = getStoredRange(format);
  return *stored >= lo.getSExtValue() && *stored <= hi.getSExtValue();
}

/// Corrects the bias of `op` where it applies (see the pass description).
static void correctBias(ContractionOpInterface op) {
  StatsAttr stats = getValueStats(op.getInput());
  auto bias = getQuantizedConstant(op.getBias());
  if (!stats || !bias)
    return;
  double mean = stats.getMean().convertToDouble();
  auto biasFormat = dyn_cast<FixedType>(
      cast<ShapedType>(bias->first.getType()).getElementType());
  if (mean == 0 || !std::isfinite(mean) || !biasFormat)
    return;
  auto weights = getQuantizedConstant(op.getWeight());
  std::optional<SmallVector<int64_t>> stored =
      getStoredConstantValues(op.getWeight());
  if (!weights || !stored)
    return;
  SmallVector<double> errors =
      getChannelWeightErrors(op, weights->second, *stored);
  SmallVector<double> &biases = bias->second;
  if (biases.size() != errors.size())
    return;
  auto floatType = cast<ShapedType>(bias->first.getInput().getType());
  SmallVector<APFloat> corrected;
  for (auto [b, error] : llvm::zip(biases, errors)) {
    double value = b - mean * error;
    if (!fitsFormat(value, biasFormat, bias->first.getRounding()))
      return;
    APFloat element(value);
    bool losesInfo = false;
    element.convert(
        cast<FloatType>(floatType.getElementType()).getFloatSemantics(),
        APFloat::rmNearestTiesToEven, &losesInfo);
    corrected.push_back(element);
  }
  replaceQuantizedConstant(op, bias->first,
                           DenseElementsAttr::get(floatType, corrected));
}

namespace {
struct FXPCorrectBiasPass
    : public fxp::impl::FXPCorrectBiasBase<FXPCorrectBiasPass> {
  void runOnOperation() override {
    getOperation().walk([](ContractionOpInterface op) { correctBias(op); });
  }
};
} // namespace
