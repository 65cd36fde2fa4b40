//===- FixedPointEmitter.cpp - fxp arithmetic as arith ops ----------------===//

#include "fxp/Dialect/FXP/Utils/FixedPointEmitter.h"

#include "fxp/Dialect/FXP/IR/FixedPointArithmetic.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/TypeUtilities.h"

#include <cmath>

using namespace mlir;
using namespace mlir::fxp;
using llvm::APInt;

unsigned FixedPointEmitter::getExactWidth(unsigned magnitudeBits) {
  unsigned bits = magnitudeBits + 2;
  unsigned width = 8;
  while (width < bits)
    width *= 2;
  return width;
}

Type FixedPointEmitter::withIntegerWidth(Type like, unsigned bits) {
  return cloneWithElementType(like, IntegerType::get(like.getContext(), bits));
}

static unsigned getIntegerWidth(Type type) {
  return getElementTypeOrSelf(type).getIntOrFloatBitWidth();
}

Value FixedPointEmitter::constant(Type like, const APInt &value) {
  unsigned bits = getIntegerWidth(like);
  Type element = getElementTypeOrSelf(like);
  auto attr = IntegerAttr::get(element, value.sextOrTrunc(bits));
  if (auto shaped = dyn_cast<ShapedType>(like))
    return arith::ConstantOp::create(builder, loc,
                                     DenseElementsAttr::get(shaped, attr));
  return arith::ConstantOp::create(builder, loc, attr);
}

Value FixedPointEmitter::constant(Type like, int64_t value) {
  return constant(like, APInt(64, value, /*isSigned=*/true));
}

Value FixedPointEmitter::floatConstant(Type like, double value) {
  auto element = cast<FloatType>(getElementTypeOrSelf(like));
  auto attr = FloatAttr::get(element, value);
  if (auto shaped = dyn_cast<ShapedType>(like))
    return arith::ConstantOp::create(builder, loc,
                                     DenseElementsAttr::get(shaped, attr));
  return arith::ConstantOp::create(builder, loc, attr);
}

Value FixedPointEmitter::resize(Value value, unsigned bits) {
  unsigned from = getIntegerWidth(value.getType());
  Type type = withIntegerWidth(value.getType(), bits);
  if (from == bits)
    return value;
  if (from < bits)
    return arith::ExtSIOp::create(builder, loc, type, value);
  return arith::TruncIOp::create(builder, loc, type, value);
}

Value FixedPointEmitter::extend(Value stored, FixedType format, unsigned bits) {
  assert(bits > format.getWidth() && "needs room for the sign");
  Type type = withIntegerWidth(stored.getType(), bits);
  if (format.getIsSigned())
    return arith::ExtSIOp::create(builder, loc, type, stored);
  return arith::ExtUIOp::create(builder, loc, type, stored);
}

Value FixedPointEmitter::toExact(Value stored, FixedType format,
                                 unsigned bits) {
  if (bits > format.getWidth())
    return extend(stored, format, bits);
  return resize(stored, bits);
}

Value FixedPointEmitter::roundQuotient(Value quotient, Value exact,
                                       Value remainder, Value scaledRemainder,
                                       Value half, RoundingMode mode) {
  Value zero = constant(exact.getType(), 0);
  auto cmp = [&](arith::CmpIPredicate predicate, Value a, Value b) -> Value {
    return arith::CmpIOp::create(builder, loc, predicate, a, b);
  };
  // Both sides are non-negative, so signed comparisons are right.
  Value aboveHalf = cmp(arith::CmpIPredicate::sgt, scaledRemainder, half);
  Value atHalf = cmp(arith::CmpIPredicate::eq, scaledRemainder, half);
  Value increment;
  switch (mode) {
  case RoundingMode::Floor:
    return quotient;
  case RoundingMode::Trunc:
    increment = arith::AndIOp::create(
        builder, loc, cmp(arith::CmpIPredicate::slt, exact, zero),
        cmp(arith::CmpIPredicate::ne, remainder, zero));
    break;
  case RoundingMode::HalfUp:
    increment = arith::OrIOp::create(builder, loc, aboveHalf, atHalf);
    break;
  case RoundingMode::HalfAway:
    increment = arith::OrIOp::create(
        builder, loc, aboveHalf,
        arith::AndIOp::create(builder, loc, atHalf,
                              cmp(arith::CmpIPredicate::sge, exact, zero)));
    break;
  case RoundingMode::HalfEven: {
    Value odd = arith::TruncIOp::create(
        builder, loc, withIntegerWidth(quotient.getType(), 1), quotient);
    increment =
        arith::OrIOp::create(builder, loc, aboveHalf,
                             arith::AndIOp::create(builder, loc, atHalf, odd));
    break;
  }
  }
  return arith::AddIOp::create(
      builder, loc, quotient,
      arith::ExtUIOp::create(builder, loc, quotient.getType(), increment));
}

Value FixedPointEmitter::roundingShiftRight(Value value, uint64_t shift,
                                            RoundingMode mode) {
  if (shift == 0)
    return value;
  Type type = value.getType();
  unsigned bits = getIntegerWidth(type);
  // |value| < 2^(bits-2): a shift by bits-1 or more leaves less than one half,
  // so only floor can move a negative value to -1.
  if (shift >= bits - 1) {
    if (mode == RoundingMode::Floor)
      return arith::ShRSIOp::create(builder, loc, value,
                                    constant(type, bits - 1));
    return constant(type, 0);
  }
  // Every mode is a floor shift of the value plus a bias of at most 2^shift
  // - 1, which the headroom holds: |value| + 2^(bits-2) < 2^(bits-1).
  // With value = q * 2^shift + r, 0 <= r < 2^shift:
  auto shiftRight = [&](Value v, uint64_t amount) -> Value {
    return arith::ShRSIOp::create(builder, loc, v, constant(type, amount));
  };
  auto add = [&](Value a, Value b) -> Value {
    return arith::AddIOp::create(builder, loc, a, b);
  };
  APInt half = APInt::getOneBitSet(bits, shift - 1);
  // -1 for negative values, 0 otherwise.
  auto signMask = [&]() { return shiftRight(value, bits - 1); };
  Value biased;
  switch (mode) {
  case RoundingMode::Floor:
    biased = value;
    break;
  case RoundingMode::HalfUp:
    // r >= half carries.
    biased = add(value, constant(type, half));
    break;
  case RoundingMode::HalfAway:
    // As half_up, but a negative tie (r == half) stays at q, away from 0.
    biased = add(add(value, constant(type, half)), signMask());
    break;
  case RoundingMode::HalfEven: {
    // r > half carries; r == half carries when q is odd.
    Value odd = arith::AndIOp::create(builder, loc, shiftRight(value, shift),
                                      constant(type, 1));
    biased = add(add(value, constant(type, half - 1)), odd);
    break;
  }
  case RoundingMode::Trunc:
    // Negative values with r > 0 carry toward zero.
    biased = add(value, arith::AndIOp::create(
                            builder, loc, signMask(),
                            constant(type, APInt::getLowBitsSet(bits, shift))));
    break;
  }
  return shiftRight(biased, shift);
}

Value FixedPointEmitter::roundedDivide(Value numerator, Value denominator,
                                       RoundingMode mode) {
  // Floor division from the truncating one: arith.floordivsi is avoided
  // because its LLVM lowering is wrong above 64 bits (it adds 2^64-1 where
  // it means -1, LLVM 22).
  Type type = numerator.getType();
  Value truncated =
      arith::DivSIOp::create(builder, loc, numerator, denominator);
  Value truncatedRemainder = arith::SubIOp::create(
      builder, loc, numerator,
      arith::MulIOp::create(builder, loc, truncated, denominator));
  Value below = arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::slt,
                                      truncatedRemainder, constant(type, 0));
  Value quotient = arith::SelectOp::create(
      builder, loc, below,
      arith::SubIOp::create(builder, loc, truncated, constant(type, 1)),
      truncated);
  if (mode == RoundingMode::Floor)
    return quotient;
  Value remainder = arith::SelectOp::create(
      builder, loc, below,
      arith::AddIOp::create(builder, loc, truncatedRemainder, denominator),
      truncatedRemainder);
  // remainder / denominator against 1/2: 2 * remainder against denominator.
  Value twice =
      arith::ShLIOp::create(builder, loc, remainder, constant(type, 1));
  return roundQuotient(quotient, numerator, remainder, twice, denominator,
                       mode);
}

Value FixedPointEmitter::fit(Value value, FixedType format,
                             OverflowMode overflow) {
  unsigned width = format.getWidth();
  if (overflow == OverflowMode::Saturate) {
    unsigned bits = getIntegerWidth(value.getType());
    APInt hi = format.getSaturationMax(kExactBits);
    APInt lo = format.getSaturationMin(kExactBits);
    // A bound beyond the value's own range can never be crossed.
    if (hi.getSignificantBits() <= bits)
      value = arith::MinSIOp::create(builder, loc, value,
                                     constant(value.getType(), hi));
    if (lo.getSignificantBits() <= bits)
      value = arith::MaxSIOp::create(builder, loc, value,
                                     constant(value.getType(), lo));
  }
  // Wrapping keeps the low bits; a narrower value sign-extends unchanged.
  return resize(value, width);
}

Value FixedPointEmitter::requantize(Value value, int64_t fromFL, FixedType to,
                                    RoundingMode rounding,
                                    OverflowMode overflow) {
  int64_t toFL = *to.getFracLength();
  if (fromFL >= toFL)
    return fit(roundingShiftRight(value, fromFL - toFL, rounding), to,
               overflow);
  // A left shift is exact; instead of widening, compare the value with the
  // largest and smallest ones that still fit after shifting.
  uint64_t shift = toFL - fromFL;
  unsigned width = to.getWidth();
  Type resultType = withIntegerWidth(value.getType(), width);
  Value shifted =
      shift >= width ? constant(resultType, 0)
                     : arith::ShLIOp::create(builder, loc, resize(value, width),
                                             constant(resultType, shift));
  if (overflow == OverflowMode::Wrap)
    return shifted;
  unsigned bits = getIntegerWidth(value.getType());
  APInt hi = to.getSaturationMax(kExactBits);
  APInt lo = to.getSaturationMin(kExactBits);
  APInt hiLimit = hi.ashr(std::min<uint64_t>(shift, kExactBits - 1));
  APInt loLimit = -((-lo).ashr(std::min<uint64_t>(shift, kExactBits - 1)));
  Value result = shifted;
  if (hiLimit.getSignificantBits() <= bits) {
    Value above =
        arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::sgt, value,
                              constant(value.getType(), hiLimit));
    result = arith::SelectOp::create(builder, loc, above,
                                     constant(resultType, hi), result);
  }
  if (loLimit.getSignificantBits() <= bits) {
    Value below =
        arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::slt, value,
                              constant(value.getType(), loLimit));
    result = arith::SelectOp::create(builder, loc, below,
                                     constant(resultType, lo), result);
  }
  return result;
}

/// The common quantization (an f32 or narrower float to at most 24 bits,
/// ties to even, saturating) in f32 arithmetic, which vectorizes: scaling by
/// 2^FL is exact but for underflow (to a value far below one half, which
/// rounds to zero all the same) and overflow (to infinity, which saturates
/// all the same), `roundeven` is exact, and the bounds of 24-bit formats are
/// exact in f32: the general path's result without its 64-bit arithmetic.
Value FixedPointEmitter::quantizeInF32(Value value, FixedType to) {
  Type f32Type = cloneWithElementType(value.getType(), builder.getF32Type());
  Value x = value;
  if (value.getType() != f32Type)
    x = arith::ExtFOp::create(builder, loc, f32Type, value);
  Value isNaN =
      arith::CmpFOp::create(builder, loc, arith::CmpFPredicate::UNO, x, x);
  Value scaled = arith::MulFOp::create(
      builder, loc, x,
      floatConstant(f32Type, std::ldexp(1.0, *to.getFracLength())));
  Value rounded = math::RoundEvenOp::create(builder, loc, scaled);
  Value clamped = arith::MaximumFOp::create(
      builder, loc, rounded,
      floatConstant(f32Type, to.getSaturationMin(kExactBits).getSExtValue()));
  clamped = arith::MinimumFOp::create(
      builder, loc, clamped,
      floatConstant(f32Type, to.getSaturationMax(kExactBits).getSExtValue()));
  clamped = arith::SelectOp::create(builder, loc, isNaN,
                                    floatConstant(f32Type, 0.0), clamped);
  Value integer = arith::FPToSIOp::create(
      builder, loc, withIntegerWidth(value.getType(), 32), clamped);
  return resize(integer, to.getWidth());
}

Value FixedPointEmitter::quantize(Value value, FixedType to,
                                  RoundingMode rounding,
                                  OverflowMode overflow) {
  using arith::CmpFPredicate;
  if (getElementTypeOrSelf(value.getType()).getIntOrFloatBitWidth() <= 32 &&
      to.getWidth() <= 24 && rounding == RoundingMode::HalfEven &&
      overflow == OverflowMode::Saturate)
    return quantizeInF32(value, to);
  Type f64Type = cloneWithElementType(value.getType(), builder.getF64Type());
  Type i1Type = withIntegerWidth(value.getType(), 1);
  Type i64Type = withIntegerWidth(value.getType(), 64);
  // Every f16, bf16 and f32 value is exact in f64.
  Value x = value;
  if (getElementTypeOrSelf(value.getType()) != builder.getF64Type())
    x = arith::ExtFOp::create(builder, loc, f64Type, value);
  auto cmpf = [&](CmpFPredicate predicate, Value a, Value b) -> Value {
    return arith::CmpFOp::create(builder, loc, predicate, a, b);
  };
  auto select = [&](Value c, Value a, Value b) -> Value {
    return arith::SelectOp::create(builder, loc, c, a, b);
  };
  Value zero = floatConstant(f64Type, 0.0);
  Value isNaN = cmpf(CmpFPredicate::UNO, x, x);
  Value negative = cmpf(CmpFPredicate::OLT, x, zero);
  Value magnitude = math::AbsFOp::create(builder, loc, x);
  magnitude = select(isNaN, zero, magnitude);

  // Scaling by 2^FL is exact unless it underflows, which only a value far
  // below one half does; `underflow` keeps that a non-zero value was there.
  int64_t fracLength = *to.getFracLength();
  Value scaled = arith::MulFOp::create(
      builder, loc, magnitude,
      floatConstant(f64Type, std::ldexp(1.0, fracLength)));
  Value underflow = arith::AndIOp::create(
      builder, loc, cmpf(CmpFPredicate::OEQ, scaled, zero),
      cmpf(CmpFPredicate::ONE, magnitude, zero));

  // Round the magnitude: floor and the exact fraction (Sterbenz), then the
  // mode decides by the fraction and the sign.
  Value whole = math::FloorOp::create(builder, loc, scaled);
  Value fraction = arith::SubFOp::create(builder, loc, scaled, whole);
  Value half = floatConstant(f64Type, 0.5);
  Value aboveHalf = cmpf(CmpFPredicate::OGT, fraction, half);
  Value atHalf = cmpf(CmpFPredicate::OEQ, fraction, half);
  Value hasFraction = arith::OrIOp::create(
      builder, loc, cmpf(CmpFPredicate::OGT, fraction, zero), underflow);
  Value roundUpMagnitude;
  switch (rounding) {
  case RoundingMode::HalfEven: {
    Value halfWhole = math::FloorOp::create(
        builder, loc, arith::MulFOp::create(builder, loc, whole, half));
    Value odd = cmpf(CmpFPredicate::ONE,
                     arith::MulFOp::create(builder, loc, halfWhole,
                                           floatConstant(f64Type, 2.0)),
                     whole);
    roundUpMagnitude =
        arith::OrIOp::create(builder, loc, aboveHalf,
                             arith::AndIOp::create(builder, loc, atHalf, odd));
    break;
  }
  case RoundingMode::HalfAway:
    roundUpMagnitude = arith::OrIOp::create(builder, loc, aboveHalf, atHalf);
    break;
  case RoundingMode::HalfUp:
    // Ties go up for positive values, so toward zero for negative ones.
    roundUpMagnitude = select(
        negative, aboveHalf,
        arith::OrIOp::create(builder, loc, aboveHalf, atHalf).getResult());
    break;
  case RoundingMode::Floor:
    roundUpMagnitude =
        arith::AndIOp::create(builder, loc, negative, hasFraction);
    break;
  case RoundingMode::Trunc:
    roundUpMagnitude = constant(i1Type, 0);
    break;
  }
  Value rounded = select(
      roundUpMagnitude,
      arith::AddFOp::create(builder, loc, whole, floatConstant(f64Type, 1.0))
          .getResult(),
      whole);

  // To integers: the magnitude below 2^63 converts exactly; larger ones
  // saturate, or wrap through an exact fmod. The sign comes last (two's
  // complement negation, which wraps as it should).
  unsigned width = to.getWidth();
  auto withSign = [&](Value magnitude) -> Value {
    Value negated =
        arith::SubIOp::create(builder, loc, constant(i64Type, 0), magnitude);
    return select(negative, negated, magnitude);
  };
  Value integer;
  if (overflow == OverflowMode::Saturate) {
    Value big = cmpf(CmpFPredicate::OGE, rounded,
                     floatConstant(f64Type, std::ldexp(1.0, 63)));
    Value small = arith::FPToSIOp::create(builder, loc, i64Type,
                                          select(big, zero, rounded));
    Value signedValue = withSign(small);
    APInt hi = to.getSaturationMax(kExactBits);
    APInt lo = to.getSaturationMin(kExactBits);
    // Compare in 65 bits so that u64's maximum is a positive bound.
    Type i65Type = withIntegerWidth(value.getType(), 65);
    Value wide = arith::ExtSIOp::create(builder, loc, i65Type, signedValue);
    wide = arith::MinSIOp::create(builder, loc, wide, constant(i65Type, hi));
    wide = arith::MaxSIOp::create(builder, loc, wide, constant(i65Type, lo));
    wide = select(
        big, select(negative, constant(i65Type, lo), constant(i65Type, hi)),
        wide);
    integer = resize(wide, width);
  } else {
    Value finite =
        cmpf(CmpFPredicate::OLT, rounded, floatConstant(f64Type, INFINITY));
    Value modulus = arith::RemFOp::create(
        builder, loc, rounded, floatConstant(f64Type, std::ldexp(1.0, width)));
    Value low = arith::FPToUIOp::create(builder, loc, i64Type,
                                        select(finite, modulus, zero));
    Value wrapped = withSign(low);
    integer = resize(wrapped, width);
  }
  return select(isNaN, constant(integer.getType(), 0), integer);
}

Value FixedPointEmitter::dequantize(Value stored, FixedType from,
                                    FloatType floatType) {
  Type f64Type = cloneWithElementType(stored.getType(), builder.getF64Type());
  Type i64Type = withIntegerWidth(stored.getType(), 64);
  bool isSigned = from.getIsSigned();
  Value wide = stored;
  if (from.getWidth() < 64)
    wide =
        isSigned
            ? arith::ExtSIOp::create(builder, loc, i64Type, stored).getResult()
            : arith::ExtUIOp::create(builder, loc, i64Type, stored).getResult();
  auto toFloat = [&](Value integer) -> Value {
    if (isSigned)
      return arith::SIToFPOp::create(builder, loc, f64Type, integer);
    return arith::UIToFPOp::create(builder, loc, f64Type, integer);
  };
  bool isF64 = floatType.isF64();
  Value converted;
  if (isF64 || from.getWidth() <= 53) {
    // One rounding to f64 (none below 54 bits).
    converted = toFloat(wide);
  } else {
    // Round to odd at 42+ bits: the following single rounding to a narrower
    // type (at most 24 bits) is then correct.
    Value exact = toFloat(wide);
    Value low =
        arith::AndIOp::create(builder, loc, wide, constant(i64Type, 0x7ff));
    Value sticky = arith::ExtUIOp::create(
        builder, loc, i64Type,
        arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::ne, low,
                              constant(i64Type, 0)));
    Value high =
        isSigned
            ? arith::ShRSIOp::create(builder, loc, wide, constant(i64Type, 11))
                  .getResult()
            : arith::ShRUIOp::create(builder, loc, wide, constant(i64Type, 11))
                  .getResult();
    Value odd = arith::MulFOp::create(
        builder, loc, toFloat(arith::OrIOp::create(builder, loc, high, sticky)),
        floatConstant(f64Type, 2048.0));
    Value magnitude = math::AbsFOp::create(builder, loc, exact);
    Value small = arith::CmpFOp::create(
        builder, loc, arith::CmpFPredicate::OLT, magnitude,
        floatConstant(f64Type, std::ldexp(1.0, 53)));
    converted = arith::SelectOp::create(builder, loc, small, exact, odd);
  }
  // Exact: |q| is in [1, 2^64) and the scale in [2^-64, 2^64].
  Value scaled = arith::MulFOp::create(
      builder, loc, converted,
      floatConstant(f64Type, std::ldexp(1.0, -*from.getFracLength())));
  if (isF64)
    return scaled;
  return arith::TruncFOp::create(
      builder, loc, cloneWithElementType(stored.getType(), floatType), scaled);
}

Value FixedPointEmitter::clamp(Value stored, FixedType format, const APInt &lo,
                               const APInt &hi) {
  Type type = stored.getType();
  if (format.getIsSigned()) {
    Value value =
        arith::MaxSIOp::create(builder, loc, stored, constant(type, lo));
    return arith::MinSIOp::create(builder, loc, value, constant(type, hi));
  }
  Value value =
      arith::MaxUIOp::create(builder, loc, stored, constant(type, lo));
  return arith::MinUIOp::create(builder, loc, value, constant(type, hi));
}

static FixedType fixedOf(Value value) {
  return getFixedElementType(value.getType());
}

/// Magnitude bits of operand `i` of format `format`: its width bounds them
/// (with room for an unsigned format's top bit), unless `magnitudeBits`
/// gives a tighter bound.
static unsigned getOperandBits(ArrayRef<unsigned> magnitudeBits, unsigned i,
                               FixedType format) {
  unsigned bits = format.getWidth();
  if (i < magnitudeBits.size())
    bits = std::min(bits, magnitudeBits[i]);
  return bits;
}

/// How add and sub align their operands: to the larger fractional length,
/// where their sum or difference has magnitude bits `magnitudeBits`, given
/// the operands' (`magnitudeBits`, as for getOperandBits).
struct Alignment {
  int64_t fracLength, magnitudeBits;
};
static Alignment getAlignment(FixedType lhs, FixedType rhs,
                              ArrayRef<unsigned> magnitudeBits) {
  int64_t lhsFL = *lhs.getFracLength(), rhsFL = *rhs.getFracLength();
  int64_t fracLength = std::max(lhsFL, rhsFL);
  // One bit more than the larger aligned operand.
  int64_t bits =
      std::max<int64_t>(
          getOperandBits(magnitudeBits, 0, lhs) + (fracLength - lhsFL),
          getOperandBits(magnitudeBits, 1, rhs) + (fracLength - rhsFL)) +
      1;
  return {fracLength, bits};
}

/// The stored bounds of fxp.clamp's [min, max] (absent: the format's) on
/// values of `format`.
static std::pair<APInt, APInt>
getStoredClampBounds(FixedType format, std::optional<llvm::APFloat> min,
                     std::optional<llvm::APFloat> max) {
  auto toDouble = [](std::optional<llvm::APFloat> bound) {
    return bound ? std::optional<double>(bound->convertToDouble())
                 : std::nullopt;
  };
  return getClampBounds(format, toDouble(min), toDouble(max));
}

/// add and sub: both operands aligned to the larger fractional length by
/// exact left shifts, combined, then requantized once.
template <typename ArithOp, typename OpTy>
static Value emitAligned(FixedPointEmitter &emitter, OpTy op,
                         ValueRange operands,
                         ArrayRef<unsigned> magnitudeBits) {
  OpBuilder &builder = emitter.getBuilder();
  Location loc = emitter.getLoc();
  FixedType lhs = fixedOf(op.getLhs()), rhs = fixedOf(op.getRhs());
  Alignment alignment = getAlignment(lhs, rhs, magnitudeBits);
  int64_t fracLength = alignment.fracLength;
  unsigned bits = FixedPointEmitter::getExactWidth(alignment.magnitudeBits);
  auto align = [&](Value stored, FixedType format, int64_t fl) -> Value {
    Value exact = emitter.toExact(stored, format, bits);
    if (fl == fracLength)
      return exact;
    return arith::ShLIOp::create(
        builder, loc, exact,
        emitter.constant(exact.getType(), fracLength - fl));
  };
  Value combined = ArithOp::create(
      builder, loc, align(operands[0], lhs, *lhs.getFracLength()),
      align(operands[1], rhs, *rhs.getFracLength()));
  return emitter.requantize(combined, fracLength, fixedOf(op.getResult()),
                            op.getRounding(), op.getOverflow());
}

static Value emitClamp(FixedPointEmitter &emitter, Value stored,
                       FixedType format, std::optional<llvm::APFloat> min,
                       std::optional<llvm::APFloat> max) {
  auto [lo, hi] = getStoredClampBounds(format, min, max);
  return emitter.clamp(stored, format, lo, hi);
}

ArrayRef<StringLiteral> FixedPointEmitter::getElementwiseOpNames() {
  static constexpr StringLiteral names[] = {
      QuantizeOp::getOperationName(), DequantizeOp::getOperationName(),
      CastOp::getOperationName(),     AddOp::getOperationName(),
      SubOp::getOperationName(),      MulOp::getOperationName(),
      ClampOp::getOperationName(),    ReluOp::getOperationName()};
  return names;
}

bool FixedPointEmitter::isElementwise(Operation *op) {
  return llvm::is_contained(getElementwiseOpNames(),
                            op->getName().getStringRef());
}

unsigned FixedPointEmitter::getRequantizedMagnitudeBits(unsigned bits,
                                                        int64_t fromFL,
                                                        FixedType to) {
  int64_t shift = *to.getFracLength() - fromFL;
  int64_t rescaled;
  if (shift >= 0) {
    // An exact left shift.
    rescaled = int64_t(bits) + shift;
  } else {
    // |v| / 2^-shift < 2^(bits+shift), which rounding may reach; a shift of
    // every bit leaves at most 1.
    rescaled = std::max<int64_t>(int64_t(bits) + shift, 0) + 1;
  }
  // Saturating and wrapping both leave a stored integer of the format.
  return std::min<int64_t>(rescaled, to.getWidth());
}

unsigned
FixedPointEmitter::getResultMagnitudeBits(Operation *op,
                                          ArrayRef<unsigned> operandBits) {
  auto bitsOf = [&](unsigned i, FixedType format) {
    return getOperandBits(operandBits, i, format);
  };
  if (isa<DequantizeOp>(op))
    return ~0u;
  FixedType result = fixedOf(op->getResult(0));
  if (auto cast = dyn_cast<CastOp>(op)) {
    FixedType from = fixedOf(cast.getInput());
    return getRequantizedMagnitudeBits(bitsOf(0, from), *from.getFracLength(),
                                       result);
  }
  auto aligned = [&](Value lhs, Value rhs) {
    auto [fracLength, bits] =
        getAlignment(fixedOf(lhs), fixedOf(rhs), operandBits);
    return getRequantizedMagnitudeBits(bits, fracLength, result);
  };
  if (auto add = dyn_cast<AddOp>(op))
    return aligned(add.getLhs(), add.getRhs());
  if (auto sub = dyn_cast<SubOp>(op))
    return aligned(sub.getLhs(), sub.getRhs());
  if (auto mul = dyn_cast<MulOp>(op)) {
    FixedType lhs = fixedOf(mul.getLhs()), rhs = fixedOf(mul.getRhs());
    return getRequantizedMagnitudeBits(
        bitsOf(0, lhs) + bitsOf(1, rhs),
        *lhs.getFracLength() + *rhs.getFracLength(), result);
  }
  if (isa<ReluOp>(op))
    // max(v, 0), capped: never larger in magnitude.
    return bitsOf(0, fixedOf(op->getOperand(0)));
  if (auto clampOp = dyn_cast<ClampOp>(op)) {
    // The value itself or one of the bounds.
    FixedType format = fixedOf(clampOp.getInput());
    auto [lo, hi] =
        getStoredClampBounds(format, clampOp.getMin(), clampOp.getMax());
    unsigned boundBits =
        std::max(lo.abs().getActiveBits(), hi.abs().getActiveBits());
    return std::min(std::max(bitsOf(0, format), boundBits), result.getWidth());
  }
  // quantize: only the result's format bounds it.
  return result.getWidth();
}

Value FixedPointEmitter::elementwise(Operation *op, ValueRange operands,
                                     ArrayRef<unsigned> magnitudeBits) {
  auto bitsOf = [&](unsigned i, FixedType format) {
    return getOperandBits(magnitudeBits, i, format);
  };
  if (auto quantize = dyn_cast<QuantizeOp>(op))
    return this->quantize(operands[0], fixedOf(quantize.getResult()),
                          quantize.getRounding(), quantize.getOverflow());
  if (auto dequantize = dyn_cast<DequantizeOp>(op))
    return this->dequantize(
        operands[0], fixedOf(dequantize.getInput()),
        cast<FloatType>(getElementTypeOrSelf(dequantize.getType())));
  if (auto cast = dyn_cast<CastOp>(op)) {
    FixedType from = fixedOf(cast.getInput());
    unsigned bits = getExactWidth(bitsOf(0, from));
    return requantize(toExact(operands[0], from, bits), *from.getFracLength(),
                      fixedOf(cast.getResult()), cast.getRounding(),
                      cast.getOverflow());
  }
  if (auto add = dyn_cast<AddOp>(op))
    return emitAligned<arith::AddIOp>(*this, add, operands, magnitudeBits);
  if (auto sub = dyn_cast<SubOp>(op))
    return emitAligned<arith::SubIOp>(*this, sub, operands, magnitudeBits);
  if (auto mul = dyn_cast<MulOp>(op)) {
    FixedType lhs = fixedOf(mul.getLhs()), rhs = fixedOf(mul.getRhs());
    unsigned bits = getExactWidth(bitsOf(0, lhs) + bitsOf(1, rhs));
    Value product =
        arith::MulIOp::create(builder, loc, toExact(operands[0], lhs, bits),
                              toExact(operands[1], rhs, bits));
    return requantize(product, *lhs.getFracLength() + *rhs.getFracLength(),
                      fixedOf(mul.getResult()), mul.getRounding(),
                      mul.getOverflow());
  }
  if (auto clampOp = dyn_cast<ClampOp>(op))
    return emitClamp(*this, operands[0], fixedOf(clampOp.getInput()),
                     clampOp.getMin(), clampOp.getMax());
  auto relu = cast<ReluOp>(op);
  return emitClamp(*this, operands[0], fixedOf(relu.getInput()),
                   llvm::APFloat(0.0), std::nullopt);
}
