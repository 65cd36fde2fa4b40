//===- FixedPointEmitter.h - fxp arithmetic as arith ops --------*- C++ -*-===//
//
// Emits the exact arithmetic of fxp-spec.md sections 1-3 as arith (and math)
// ops on signless integers and floats. Values may be scalars or vectors: every
// constant is splat to the operand's shape, so the reference lowering and
// vector code generation share one implementation of the semantics.
//
// Exact intermediates are signed integers "at" a fractional length. Callers
// pick their width with getExactWidth(); every helper below requires a value
// of K bits to satisfy |v| < 2^(K-2), which leaves room for rounding up.
//
//===----------------------------------------------------------------------===//

#ifndef FXP_DIALECT_FXP_UTILS_FIXEDPOINTEMITTER_H
#define FXP_DIALECT_FXP_UTILS_FIXEDPOINTEMITTER_H

#include "fxp/Dialect/FXP/IR/FXP.h"
#include "mlir/IR/Builders.h"

namespace mlir::fxp {

class FixedPointEmitter {
public:
  FixedPointEmitter(OpBuilder &builder, Location loc)
      : builder(builder), loc(loc) {}

  OpBuilder &getBuilder() { return builder; }
  Location getLoc() const { return loc; }

  /// The integer width (8, 16, ..., 256) for exact values of magnitude below
  /// 2^magnitudeBits, with the headroom every helper needs.
  static unsigned getExactWidth(unsigned magnitudeBits);

  /// A constant of the integer (or vector of integer) type of `like`, with
  /// `value` sign-extended or truncated to its width.
  Value constant(Type like, const APInt &value);
  Value constant(Type like, int64_t value);

  /// The type of `like` with integer elements of `bits` bits.
  static Type withIntegerWidth(Type like, unsigned bits);

  /// Sign- or truncates `value` to `bits` bits.
  Value resize(Value value, unsigned bits);

  /// The exact value of stored integers of `format`, as `bits`-bit signed
  /// integers (sign- or zero-extended).
  Value extend(Value stored, FixedType format, unsigned bits);

  /// As `extend`, but `bits` may also be at most the format's width when the
  /// values are known to need fewer: they are then truncated exactly.
  Value toExact(Value stored, FixedType format, unsigned bits);

  /// round(v / 2^shift) with `mode`.
  Value roundingShiftRight(Value value, uint64_t shift, RoundingMode mode);

  /// round(numerator / denominator) with `mode`, for positive denominators.
  Value roundedDivide(Value numerator, Value denominator, RoundingMode mode);

  /// Maps an exact integer at `format`'s fractional length into `format`
  /// (saturate or wrap); returns the W-bit stored integer.
  Value fit(Value value, FixedType format, OverflowMode overflow);

  /// `fxp.cast` of an exact value at `fromFL`: rescale to `to`'s fractional
  /// length with `rounding`, then `fit`.
  Value requantize(Value value, int64_t fromFL, FixedType to,
                   RoundingMode rounding, OverflowMode overflow);

  /// `fxp.quantize` of a float (f16, bf16, f32, f64) value.
  Value quantize(Value value, FixedType to, RoundingMode rounding,
                 OverflowMode overflow);

  /// `fxp.dequantize` to `floatType`, rounded once to nearest-even.
  Value dequantize(Value stored, FixedType from, FloatType floatType);

  /// Clamps stored integers of `format` to stored bounds [lo, hi].
  Value clamp(Value stored, FixedType format, const APInt &lo, const APInt &hi);

  /// The stored result of the elementwise fxp op `op` (quantize, dequantize,
  /// cast, add, sub, mul, clamp or relu) on the stored values `operands`:
  /// scalars, or vectors of one shape computed lane by lane. The reference
  /// lowering and the fused epilogues of generated kernels both use it.
  /// `magnitudeBits[i]`, when given, is a bound |operand i| < 2^bits tighter
  /// than its format's (an accumulator's proven range), which lets the op
  /// compute in a narrower integer.
  Value elementwise(Operation *op, ValueRange operands,
                    ArrayRef<unsigned> magnitudeBits = {});

  /// A bound |result| < 2^bits on the stored result of `elementwise(op, ...)`
  /// when |operand i| < 2^operandBits[i] (missing or ~0u: the operand's
  /// format bounds it). The result's format always bounds it; a float
  /// result (dequantize) has no bound (~0u). Fused epilogues carry bounds
  /// along a chain of ops so that each computes in the narrowest integer.
  static unsigned getResultMagnitudeBits(Operation *op,
                                         ArrayRef<unsigned> operandBits = {});

  /// A bound |result| < 2^bits on `requantize(value, fromFL, to, ...)` when
  /// |value| < 2^bits, for any rounding and overflow mode.
  static unsigned getRequantizedMagnitudeBits(unsigned bits, int64_t fromFL,
                                              FixedType to);

  /// The names of the ops that `elementwise` computes.
  static ArrayRef<StringLiteral> getElementwiseOpNames();

  /// Whether `elementwise` computes `op`.
  static bool isElementwise(Operation *op);

private:
  Value quantizeInF32(Value value, FixedType to);
  /// Adds 1 to the floor quotient `quotient` of `exact` when the rounding
  /// mode asks for it. `remainder` is the (non-negative) remainder, and
  /// `scaledRemainder` compared with `half` tells whether the fraction it
  /// leaves is below, at or above one half.
  Value roundQuotient(Value quotient, Value exact, Value remainder,
                      Value scaledRemainder, Value half, RoundingMode mode);
  Value floatConstant(Type like, double value);

  OpBuilder &builder;
  Location loc;
};

} // namespace mlir::fxp

#endif // FXP_DIALECT_FXP_UTILS_FIXEDPOINTEMITTER_H
