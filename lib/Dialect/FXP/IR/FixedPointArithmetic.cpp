//===- FixedPointArithmetic.cpp - exact fixed-point arithmetic ------------===//

#include "fxp/Dialect/FXP/IR/FixedPointArithmetic.h"

#include "llvm/ADT/APSInt.h"

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
  APInt quotient =
      llvm::APIntOps::RoundingSDiv(numerator, denominator, APInt::Rounding::DOWN);
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
  // IEEE quad holds every f64 value exactly, and its exponent range makes the
  // scaling by 2^FL exact as well; the only rounding is the one below.
  bool losesInfo = false;
  APFloat scaled = value;
  scaled.convert(APFloat::IEEEquad(), APFloat::rmNearestTiesToEven, &losesInfo);
  assert(!losesInfo && "quad holds every f64 exactly");
  scaled = llvm::scalbn(scaled, *to.getFracLength(),
                        APFloat::rmNearestTiesToEven);
  APFloat floorValue = scaled;
  floorValue.roundToIntegral(APFloat::rmTowardNegative);
  APFloat fraction = scaled;
  fraction.subtract(floorValue, APFloat::rmNearestTiesToEven); // exact

  // |value| < 2^1024 and FL <= 64, so the floor fits in 1100 bits.
  constexpr unsigned kFloatIntBits = 1120;
  llvm::APSInt floorInt(kFloatIntBits, /*isUnsigned=*/false);
  bool isExact = false;
  floorValue.convertToInteger(floorInt, APFloat::rmTowardZero, &isExact);
  APInt result = floorInt;
  if (!fraction.isZero()) {
    // Turn the fraction in (0, 1) into a division remainder so that one
    // rounding rule serves floats and integers alike: 4 * fraction is exact
    // in quad, and comparing it against 2 decides the tie.
    APFloat twice = fraction;
    twice.multiply(APFloat(APFloat::IEEEquad(), 2),
                   APFloat::rmNearestTiesToEven);
    int tie = 0;
    switch (twice.compare(APFloat::getOne(APFloat::IEEEquad()))) {
    case APFloat::cmpLessThan:
      tie = -1;
      break;
    case APFloat::cmpEqual:
      tie = 0;
      break;
    default:
      tie = 1;
      break;
    }
    // Reuse roundedDivide: numerator = 4 * floor + {1, 2, 3} over 4 has the
    // same quotient, remainder order and sign as the real value.
    APInt numerator = result.shl(2) + APInt(kFloatIntBits, 2 + tie);
    result = roundedDivide(numerator, APInt(kFloatIntBits, 4), rounding);
  }
  return fitToFormat(result, to, overflow);
}

APFloat mlir::fxp::dequantizeStored(const APInt &stored, FixedType from,
                                    const llvm::fltSemantics &semantics) {
  APFloat exact(APFloat::IEEEquad());
  // At most 64 significant bits: exact in quad, as is the scaling.
  exact.convertFromAPInt(stored, from.getIsSigned(),
                         APFloat::rmNearestTiesToEven);
  exact = llvm::scalbn(exact, -*from.getFracLength(),
                       APFloat::rmNearestTiesToEven);
  bool losesInfo = false;
  exact.convert(semantics, APFloat::rmNearestTiesToEven, &losesInfo);
  return exact;
}

std::pair<APInt, APInt>
mlir::fxp::getClampBounds(FixedType format, std::optional<double> min,
                          std::optional<double> max) {
  unsigned width = format.getWidth();
  auto bound = [&](std::optional<double> real, APInt end) {
    if (!real)
      return end;
    return quantizeFloat(APFloat(*real), format, RoundingMode::HalfEven,
                         OverflowMode::Saturate);
  };
  return {bound(min, format.getStorageMin(width + 1).trunc(width)),
          bound(max, format.getSaturationMax(width + 1).trunc(width))};
}

bool mlir::fxp::isExactlyRepresentable(FixedType from, FixedType to) {
  if (!from.hasKnownFracLength() || !to.hasKnownFracLength())
    return false;
  int64_t shift = *to.getFracLength() - *from.getFracLength();
  if (shift < 0)
    return false;
  APInt lo = from.getStorageMin(kExactBits).shl(shift);
  APInt hi = from.getSaturationMax(kExactBits).shl(shift);
  return lo.sge(to.getSaturationMin(kExactBits)) &&
         hi.sle(to.getSaturationMax(kExactBits));
}
