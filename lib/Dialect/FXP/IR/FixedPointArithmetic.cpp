//===- FixedPointArithmetic.cpp - exact fixed-point arithmetic ------------===//

#include "fxp/Dialect/FXP/IR/FixedPointArithmetic.h"

#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/bit.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::fxp;
using llvm::APFloat;
using llvm::APInt;

APInt mlir::fxp::widenStored(const APInt &stored, bool isSigned) {
  return isSigned ? stored.sext(kExactBits) : stored.zext(kExactBits);
}

APInt mlir::fxp::roundedDivide(const APInt &numerator, const APInt &denominator,
                               RoundingMode mode) {
  assert(denominator.isStrictlyPositive() && "divisor must be positive");
  APInt quotient = llvm::APIntOps::RoundingSDiv(numerator, denominator,
                                                APInt::Rounding::DOWN);
  APInt remainder = numerator - quotient * denominator;
  if (remainder.isZero())
    return quotient;
  // 0 < remainder < denominator: compare twice the remainder with the divisor.
  // The remainder is non-negative and below a positive divisor, so doubling
  // it cannot overflow as long as the width has a spare bit, which callers
  // guarantee by working at kExactBits.
  APInt twice = remainder.shl(1);
  int tie = twice.ult(denominator) ? -1 : (twice == denominator ? 0 : 1);
  bool roundUp = false;
  switch (mode) {
  case RoundingMode::Floor:
    roundUp = false;
    break;
  case RoundingMode::Trunc:
    roundUp = numerator.isNegative();
    break;
  case RoundingMode::HalfUp:
    roundUp = tie >= 0;
    break;
  case RoundingMode::HalfAway:
    roundUp = tie > 0 || (tie == 0 && !numerator.isNegative());
    break;
  case RoundingMode::HalfEven:
    roundUp = tie > 0 || (tie == 0 && quotient[0]);
    break;
  }
  return roundUp ? quotient + 1 : quotient;
}

APInt mlir::fxp::rescale(const APInt &value, int64_t from, int64_t to,
                         RoundingMode mode) {
  if (to >= from)
    return value.shl(to - from);
  APInt divisor = APInt::getOneBitSet(value.getBitWidth(), from - to);
  return roundedDivide(value, divisor, mode);
}

APInt mlir::fxp::fitToFormat(const APInt &value, FixedType format,
                             OverflowMode mode) {
  unsigned width = format.getWidth();
  if (mode == OverflowMode::Wrap)
    return value.trunc(width);
  unsigned bits = std::max(value.getBitWidth(), width + 2);
  APInt wide = value.sext(bits);
  APInt hi = format.getSaturationMax(bits);
  APInt lo = format.getSaturationMin(bits);
  if (wide.sgt(hi))
    wide = hi;
  else if (wide.slt(lo))
    wide = lo;
  return wide.trunc(width);
}

APInt mlir::fxp::castStored(const APInt &stored, FixedType from, FixedType to,
                            RoundingMode rounding, OverflowMode overflow) {
  APInt exact = widenStored(stored, from.getIsSigned());
  return fitToFormat(
      rescale(exact, *from.getFracLength(), *to.getFracLength(), rounding), to,
      overflow);
}

APInt mlir::fxp::roundScaledFloat(const APFloat &value, int64_t fracLength,
                                  RoundingMode rounding) {
  assert(value.isFinite() && "only finite values scale to integers");
  // IEEE quad holds every f64 value exactly, and its exponent range makes the
  // scaling by 2^FL exact as well; the only rounding is the one below.
  bool losesInfo = false;
  APFloat scaled = value;
  scaled.convert(APFloat::IEEEquad(), APFloat::rmNearestTiesToEven, &losesInfo);
  assert(!losesInfo && "quad holds every f64 exactly");
  scaled = llvm::scalbn(scaled, fracLength, APFloat::rmNearestTiesToEven);
  APFloat floorValue = scaled;
  floorValue.roundToIntegral(APFloat::rmTowardNegative);
  APFloat fraction = scaled;
  fraction.subtract(floorValue, APFloat::rmNearestTiesToEven); // exact

  llvm::APSInt floorInt(kScaledFloatBits, /*isUnsigned=*/false);
  bool isExact = false;
  floorValue.convertToInteger(floorInt, APFloat::rmTowardZero, &isExact);
  APInt result = floorInt;
  if (fraction.isZero())
    return result;
  // Turn the fraction in (0, 1) into the remainder of a division by 4, so that
  // floats and integers share one rounding rule: 1, 2 or 3 quarters for a
  // fraction below, at or above one half (2 * fraction is exact in quad).
  APFloat twice = fraction;
  twice.multiply(APFloat(APFloat::IEEEquad(), 2), APFloat::rmNearestTiesToEven);
  APFloat::cmpResult order =
      twice.compare(APFloat::getOne(APFloat::IEEEquad()));
  uint64_t quarters = order == APFloat::cmpLessThan ? 1
                      : order == APFloat::cmpEqual  ? 2
                                                    : 3;
  APInt numerator = result.shl(2) + APInt(kScaledFloatBits, quarters);
  return roundedDivide(numerator, APInt(kScaledFloatBits, 4), rounding);
}

std::optional<int64_t> mlir::fxp::roundScaledDouble(double value,
                                                    int64_t fracLength,
                                                    RoundingMode rounding) {
  // The scaling is exact when it neither overflows nor loses bits to
  // underflow (checked by scaling back), and below 2^52 every rounding below
  // is exact in double.
  // Powers of two from 2^-1022 to 2^1023 are normal doubles, and
  // multiplying by one is ldexp without its cost.
  if (!std::isfinite(value) || fracLength < -1022 || fracLength > 1023)
    return std::nullopt;
  double scale = llvm::bit_cast<double>(uint64_t(1023 + fracLength) << 52);
  double unscale = llvm::bit_cast<double>(uint64_t(1023 - fracLength) << 52);
  double scaled = value * scale;
  if (!(std::fabs(scaled) < 0x1p52) || scaled * unscale != value)
    return std::nullopt;
  double rounded;
  switch (rounding) {
  case RoundingMode::HalfEven:
    // nearbyint rounds ties to even in the default floating-point mode.
    rounded = std::nearbyint(scaled);
    break;
  case RoundingMode::HalfUp:
    // Exact below 2^52, where the spacing of doubles is at most 1/2.
    rounded = std::floor(scaled + 0.5);
    break;
  case RoundingMode::HalfAway:
    rounded = std::round(scaled);
    break;
  case RoundingMode::Floor:
    rounded = std::floor(scaled);
    break;
  case RoundingMode::Trunc:
    rounded = std::trunc(scaled);
    break;
  }
  return int64_t(rounded);
}

std::optional<uint64_t> mlir::fxp::quantizeDouble(double value, FixedType to,
                                                  RoundingMode rounding,
                                                  OverflowMode overflow) {
  unsigned width = to.getWidth();
  // Below 63 bits the saturation bounds and the rounded value (below 2^52
  // in magnitude) are int64 values.
  if (width > 62)
    return std::nullopt;
  std::optional<int64_t> rounded =
      roundScaledDouble(value, *to.getFracLength(), rounding);
  if (!rounded)
    return std::nullopt;
  int64_t fitted = *rounded;
  if (overflow == OverflowMode::Saturate) {
    // The saturation range is symmetric for signed formats (spec section 2).
    int64_t max = to.getIsSigned() ? (int64_t(1) << (width - 1)) - 1
                                   : (int64_t(1) << width) - 1;
    fitted = std::clamp(fitted, to.getIsSigned() ? -max : 0, max);
  }
  // Wrapping keeps the low `width` bits, as does the stored word.
  return uint64_t(fitted) & ((uint64_t(1) << width) - 1);
}

int64_t mlir::fxp::quantizeFloat(double value, FixedType to,
                                 RoundingMode rounding, OverflowMode overflow) {
  std::optional<uint64_t> word = quantizeDouble(value, to, rounding, overflow);
  if (!word)
    word = quantizeFloat(APFloat(value), to, rounding, overflow).getZExtValue();
  return to.getIsSigned() ? llvm::SignExtend64(*word, to.getWidth())
                          : int64_t(*word);
}

APInt mlir::fxp::quantizeFloat(const APFloat &value, FixedType to,
                               RoundingMode rounding, OverflowMode overflow) {
  unsigned width = to.getWidth();
  if (value.isNaN())
    return APInt::getZero(width);
  if (value.isInfinity()) {
    if (overflow == OverflowMode::Wrap)
      return APInt::getZero(width);
    return (value.isNegative() ? to.getSaturationMin(width + 2)
                               : to.getSaturationMax(width + 2))
        .trunc(width);
  }
  // Every float up to f64 converts to double exactly.
  if (APFloat::isRepresentableBy(value.getSemantics(), APFloat::IEEEdouble()))
    if (std::optional<uint64_t> stored =
            quantizeDouble(value.convertToDouble(), to, rounding, overflow))
      return APInt(width, *stored);
  return fitToFormat(roundScaledFloat(value, *to.getFracLength(), rounding), to,
                     overflow);
}

APFloat mlir::fxp::dequantizeStored(const APInt &stored, FixedType from,
                                    const llvm::fltSemantics &semantics) {
  APFloat exact(APFloat::IEEEquad());
  // At most 64 significant bits: exact in quad, as is the scaling.
  exact.convertFromAPInt(stored, from.getIsSigned(),
                         APFloat::rmNearestTiesToEven);
  exact =
      llvm::scalbn(exact, -*from.getFracLength(), APFloat::rmNearestTiesToEven);
  bool losesInfo = false;
  exact.convert(semantics, APFloat::rmNearestTiesToEven, &losesInfo);
  return exact;
}

std::pair<APInt, APInt> mlir::fxp::getClampBounds(FixedType format,
                                                  std::optional<double> min,
                                                  std::optional<double> max) {
  unsigned width = format.getWidth();
  APInt storageMin = format.getStorageMin(kScaledFloatBits);
  APInt storageMax = format.getSaturationMax(kScaledFloatBits);
  // A bound outside the stored range has the effect of the range's end; it
  // must not be saturated, which would move a stored -2^(W-1).
  auto bound = [&](std::optional<double> real, const APInt &end) {
    if (!real)
      return end.trunc(width);
    if (std::isinf(*real))
      return (*real < 0 ? storageMin : storageMax).trunc(width);
    APInt rounded = roundScaledFloat(APFloat(*real), *format.getFracLength(),
                                     RoundingMode::HalfEven);
    if (rounded.slt(storageMin))
      rounded = storageMin;
    else if (rounded.sgt(storageMax))
      rounded = storageMax;
    return rounded.trunc(width);
  };
  return {bound(min, storageMin), bound(max, storageMax)};
}

std::pair<APInt, APInt> mlir::fxp::getStoredRange(FixedType format) {
  return {format.getStorageMin(kExactBits),
          format.getSaturationMax(kExactBits)};
}

std::pair<APInt, APInt> mlir::fxp::getAccumulatorRange(FixedType x, FixedType w,
                                                       FixedType bias,
                                                       uint64_t reduction) {
  auto [xLo, xHi] = getStoredRange(x);
  auto [wLo, wHi] = getStoredRange(w);
  APInt corners[] = {xLo * wLo, xLo * wHi, xHi * wLo, xHi * wHi};
  APInt lo = corners[0], hi = corners[0];
  for (const APInt &corner : corners) {
    if (corner.slt(lo))
      lo = corner;
    if (corner.sgt(hi))
      hi = corner;
  }
  APInt count(kExactBits, reduction);
  lo *= count;
  hi *= count;
  if (bias) {
    auto [bLo, bHi] = getStoredRange(bias);
    lo += bLo;
    hi += bHi;
  }
  return {lo, hi};
}

bool mlir::fxp::isExactlyRepresentable(FixedType from, FixedType to,
                                       OverflowMode overflow) {
  if (!from.hasKnownFracLength() || !to.hasKnownFracLength())
    return false;
  int64_t shift = *to.getFracLength() - *from.getFracLength();
  if (shift < 0)
    return false;
  APInt lo = from.getStorageMin(kExactBits).shl(shift);
  APInt hi = from.getSaturationMax(kExactBits).shl(shift);
  // Wrapping keeps every value of `to`'s storage, -2^(W-1) included.
  APInt toLo = overflow == OverflowMode::Wrap ? to.getStorageMin(kExactBits)
                                              : to.getSaturationMin(kExactBits);
  return lo.sge(toLo) && hi.sle(to.getSaturationMax(kExactBits));
}
