//===- FixedPointArithmetic.h - exact fixed-point arithmetic ----*- C++ -*-===//
//
// The arithmetic of fxp-spec.md sections 1-3 on arbitrary-precision integers:
// rounding, rescaling, overflow, quantization and dequantization. Folders use
// it; it is the compiler's own statement of the semantics and is unit-tested
// against hand-computed cases.
//
//===----------------------------------------------------------------------===//

#ifndef FXP_DIALECT_FXP_IR_FIXEDPOINTARITHMETIC_H
#define FXP_DIALECT_FXP_IR_FIXEDPOINTARITHMETIC_H

#include "fxp/Dialect/FXP/IR/FXP.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/APInt.h"

#include <optional>

namespace mlir::fxp {

/// Bit width of the exact intermediates. Every op's exact value before the
/// final rounding fits: stored values have at most 64 bits and fractional
/// lengths differ by at most 192 (a product at FL 128 cast to FL -64).
constexpr unsigned kExactBits = 512;

/// The exact value of a stored W-bit integer, as a kExactBits signed integer.
llvm::APInt widenStored(const llvm::APInt &stored, bool isSigned);

/// round(numerator / denominator) with `mode`; denominator > 0. Works at the
/// width of `numerator`.
llvm::APInt roundedDivide(const llvm::APInt &numerator,
                          const llvm::APInt &denominator, RoundingMode mode);

/// Rescales an exact signed value from fractional length `from` to `to`:
/// a left shift when `to >= from` (exact), otherwise a rounding right shift.
llvm::APInt rescale(const llvm::APInt &value, int64_t from, int64_t to,
                    RoundingMode mode);

/// Maps an exact signed integer (any width) at the format's fractional length
/// into the format: clamped to its saturation range or wrapped to its low W
/// bits. Returns the W-bit stored integer.
llvm::APInt fitToFormat(const llvm::APInt &value, FixedType format,
                        OverflowMode mode);

/// `fxp.cast` of one stored value. Both formats must have a known FL.
llvm::APInt castStored(const llvm::APInt &stored, FixedType from, FixedType to,
                       RoundingMode rounding, OverflowMode overflow);

/// Bit width of roundScaledFloat's result: |value| < 2^1024 and FL <= 64.
constexpr unsigned kScaledFloatBits = 1120;

/// round(value * 2^fracLength) with `rounding`, exactly, as a signed
/// kScaledFloatBits integer. `value` must be finite (any IEEE semantics up to
/// f64).
llvm::APInt roundScaledFloat(const llvm::APFloat &value, int64_t fracLength,
                             RoundingMode rounding);

/// roundScaledFloat of a double, computed in double precision, which is
/// exact when `value` is finite, the scaled value is below 2^52 in magnitude
/// and the scaling loses no bits (a weight or an activation, in practice);
/// nullopt otherwise.
std::optional<int64_t> roundScaledDouble(double value, int64_t fracLength,
                                         RoundingMode rounding);

/// quantizeFloat of a double, without arbitrary-precision arithmetic: the
/// stored word zero-extended to 64 bits, or nullopt where roundScaledDouble
/// declines or the format is wider than 62 bits.
std::optional<uint64_t> quantizeDouble(double value, FixedType to,
                                       RoundingMode rounding,
                                       OverflowMode overflow);

/// `fxp.quantize` of one float value (any IEEE semantics up to f64).
llvm::APInt quantizeFloat(const llvm::APFloat &value, FixedType to,
                          RoundingMode rounding, OverflowMode overflow);

/// quantizeFloat of a double (an f32 or f64 element) into a format of at
/// most 64 bits, through quantizeDouble where it applies (no APFloat per
/// element in the common case): the stored integer, sign-extended for a
/// signed format; its low W bits are the stored word.
int64_t quantizeFloat(double value, FixedType to, RoundingMode rounding,
                      OverflowMode overflow);

/// `fxp.dequantize` of one stored value into the float semantics `semantics`,
/// rounded once to nearest-even.
llvm::APFloat dequantizeStored(const llvm::APInt &stored, FixedType from,
                               const llvm::fltSemantics &semantics);

/// The stored-integer bounds of `fxp.clamp`: each real bound is rounded into
/// `format` with half_even and limited to the stored range
/// [-2^(W-1), 2^(W-1)-1] (or [0, 2^W-1]); a missing or infinite bound is the
/// end of that range.
std::pair<llvm::APInt, llvm::APInt> getClampBounds(FixedType format,
                                                   std::optional<double> min,
                                                   std::optional<double> max);

/// The range [lo, hi] of the stored integers of `format` (including
/// -2^(W-1) for signed formats), at kExactBits.
std::pair<llvm::APInt, llvm::APInt> getStoredRange(FixedType format);

/// The range [lo, hi] of the exact accumulator of `fxp.matmul` and
/// `fxp.conv2d`: `reduction` products of x and w plus an optional bias (null
/// `bias`), at kExactBits. The formats need no known fractional length.
std::pair<llvm::APInt, llvm::APInt> getAccumulatorRange(FixedType x,
                                                        FixedType w,
                                                        FixedType bias,
                                                        uint64_t reduction);

/// Whether every value of `from` converts to `to` exactly with `overflow`:
/// no fractional bit is dropped and the value is inside `to`'s saturation
/// range, or for `wrap` its storage range (which also holds -2^(W-1)).
bool isExactlyRepresentable(FixedType from, FixedType to,
                            OverflowMode overflow = OverflowMode::Saturate);

} // namespace mlir::fxp

#endif // FXP_DIALECT_FXP_IR_FIXEDPOINTARITHMETIC_H
