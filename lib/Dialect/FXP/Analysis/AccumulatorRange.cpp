//===- AccumulatorRange.cpp - the range of contraction accumulators -------===//

#include "fxp/Dialect/FXP/Analysis/AccumulatorRange.h"

#include "fxp/Dialect/FXP/IR/FixedPointArithmetic.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::fxp;
using llvm::APInt;

unsigned AccumulatorRange::getMagnitudeBits() const {
  return std::max(lo.abs().getActiveBits(), hi.abs().getActiveBits());
}

/// The elements of an integer constant read as `format`'s stored values.
static SmallVector<int64_t> readStored(DenseIntElementsAttr attr,
                                       FixedType format) {
  SmallVector<int64_t> values;
  values.reserve(attr.getNumElements());
  bool isSigned = format.getIsSigned();
  // The common widths read the raw data without an APInt per element.
  auto read = [&](auto signedTag, auto unsignedTag) {
    using S = decltype(signedTag);
    using U = decltype(unsignedTag);
    if (isSigned)
      for (S v : attr.getValues<S>())
        values.push_back(v);
    else
      for (U v : attr.getValues<U>())
        values.push_back(v);
  };
  switch (format.getWidth()) {
  case 8:
    read(int8_t(), uint8_t());
    break;
  case 16:
    read(int16_t(), uint16_t());
    break;
  case 32:
    read(int32_t(), uint32_t());
    break;
  default:
    for (const APInt &v : attr.getValues<APInt>())
      values.push_back(isSigned ? v.getSExtValue() : int64_t(v.getZExtValue()));
  }
  return values;
}

std::optional<SmallVector<int64_t>>
mlir::fxp::getStoredConstantValues(Value value) {
  // Per-axis formats share their width and signedness, which is all that
  // reading stored integers needs; quantizing floats reads each slice's FL.
  if (!getFixedElementType(value.getType()) &&
      !getFixedPerAxisElementType(value.getType()))
    return std::nullopt;
  ElementFormats formats(value.getType());
  FixedType format = formats.at(0);
  if (!format.hasKnownFracLength() || format.getWidth() > 32)
    return std::nullopt;
  DenseIntElementsAttr stored;
  if (auto bitcast = value.getDefiningOp<BitcastOp>())
    value = bitcast.getInput();
  if (matchPattern(value, m_Constant(&stored)))
    return readStored(stored, format);
  auto quantize = value.getDefiningOp<QuantizeOp>();
  DenseFPElementsAttr floats;
  if (!quantize || !matchPattern(quantize.getInput(), m_Constant(&floats)))
    return std::nullopt;
  SmallVector<int64_t> values;
  values.reserve(floats.getNumElements());
  RoundingMode rounding = quantize.getRounding();
  OverflowMode overflow = quantize.getOverflow();
  // f32 and f64 weights without an APFloat per element.
  auto quantizeAll = [&](auto floatTag) {
    for (auto [index, v] :
         llvm::enumerate(floats.getValues<decltype(floatTag)>()))
      values.push_back(
          quantizeFloat(double(v), formats.at(index), rounding, overflow));
  };
  if (floats.getElementType().isF32())
    quantizeAll(float());
  else if (floats.getElementType().isF64())
    quantizeAll(double());
  else
    for (auto [index, v] : llvm::enumerate(floats.getValues<llvm::APFloat>())) {
      format = formats.at(index);
      APInt q = quantizeFloat(v, format, rounding, overflow);
      values.push_back(format.getIsSigned() ? q.getSExtValue()
                                            : int64_t(q.getZExtValue()));
    }
  return values;
}

FailureOr<AccumulatorRange> mlir::fxp::computeAccumulatorRange(
    ContractionOpInterface op, function_ref<int64_t(int64_t)> storedWeight,
    ArrayRef<int64_t> shifts, std::optional<ArrayRef<int64_t>> biases) {
  auto weightType = op.getWeight().getType();
  unsigned channelDim = op.getWeightChannelDim();
  int64_t channels = weightType.getDimSize(channelDim);
  int64_t trailing = getTrailingSize(weightType, channelDim);
  SmallVector<int64_t> positive(channels, 0), negative(channels, 0);
  for (int64_t i = 0, e = weightType.getNumElements(); i < e; ++i) {
    int64_t w = storedWeight(i);
    int64_t c = (i / trailing) % channels;
    int64_t &sum = w > 0 ? positive[c] : negative[c];
    // (llvm::checkedAdd would make two APInts per weight.)
    if (llvm::AddOverflow(sum, w, sum))
      return failure();
  }
  auto [xLo, xHi] =
      getStoredRange(getFixedElementType(op.getInput().getType()));
  auto exact = [](int64_t v) {
    return APInt(kExactBits, v, /*isSigned=*/true);
  };
  AccumulatorRange range{APInt::getZero(kExactBits),
                         APInt::getZero(kExactBits)};
  for (int64_t c = 0; c < channels; ++c) {
    APInt bias = exact(biases ? (*biases)[c] : 0);
    // Per-axis weights: the channel's sum is aligned by a left shift.
    unsigned shift = shifts.empty() ? 0 : shifts[c];
    APInt lo =
        (exact(positive[c]) * xLo + exact(negative[c]) * xHi).shl(shift) + bias;
    APInt hi =
        (exact(positive[c]) * xHi + exact(negative[c]) * xLo).shl(shift) + bias;
    if (c == 0 || lo.slt(range.lo))
      range.lo = lo;
    if (c == 0 || hi.sgt(range.hi))
      range.hi = hi;
  }
  return range;
}

FailureOr<AccumulatorRange> mlir::fxp::computeAccumulatorRange(
    ContractionOpInterface op, std::optional<uint64_t> dynamicReductionBound) {
  Value bias = op.getBias();
  if (std::optional<SmallVector<int64_t>> weights =
          getStoredConstantValues(op.getWeight())) {
    std::optional<SmallVector<int64_t>> biases;
    if (bias)
      biases = getStoredConstantValues(bias);
    if (!bias || biases) {
      std::optional<ArrayRef<int64_t>> biasRef;
      if (biases)
        biasRef = *biases;
      FailureOr<AccumulatorRange> range = computeAccumulatorRange(
          op, [&](int64_t i) { return (*weights)[i]; }, op.getChannelShifts(),
          biasRef);
      if (succeeded(range))
        return range;
    }
  }
  int64_t reduction = op.getReductionSize();
  if (ShapedType::isDynamic(reduction)) {
    if (!dynamicReductionBound)
      return failure();
    reduction = *dynamicReductionBound;
  }
  auto [lo, hi] = getAccumulatorRange(
      getFixedElementType(op.getInput().getType()), op.getWeightFormat(),
      bias ? getFixedElementType(bias.getType()) : FixedType(), reduction);
  return AccumulatorRange{lo, hi};
}
