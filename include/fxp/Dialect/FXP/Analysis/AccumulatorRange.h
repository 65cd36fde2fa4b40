//===- AccumulatorRange.h - the range of contraction accumulators -*- C++
//-*-===//
//
// One analysis decides how wide the exact accumulator of a contraction
// (fxp.matmul, fxp.conv2d) must be. The format inference pass reads it to
// choose accumulator formats, and both lowerings read it to choose the integer
// they accumulate in: with constant weights and bias (the case after F8Net
// folding) the range is computed from their values, which is what lets 8-bit
// products accumulate in 32 bits even beside a full s32 bias format. The
// verifier uses the format-only range (getAccumulatorRange in
// FixedPointArithmetic.h), which this analysis refines.
//
//===----------------------------------------------------------------------===//

#ifndef FXP_DIALECT_FXP_ANALYSIS_ACCUMULATORRANGE_H
#define FXP_DIALECT_FXP_ANALYSIS_ACCUMULATORRANGE_H

#include "fxp/Dialect/FXP/IR/FXP.h"
#include "llvm/ADT/APInt.h"

namespace mlir::fxp {

/// The range [lo, hi] of the exact accumulator of a contraction over every
/// input its format allows.
struct AccumulatorRange {
  llvm::APInt lo, hi;

  /// Bits of the largest magnitude in the range: a signed format of one more
  /// bit holds every value within its symmetric saturation range.
  unsigned getMagnitudeBits() const;

  /// Whether every exact accumulator is an i32. Integer additions wrap
  /// consistently, so any order of 32-bit multiply-adds (vpdpbusd, sdot)
  /// then computes it exactly, whatever its partial sums do.
  bool fitsInt32() const { return getMagnitudeBits() <= 31; }
};

/// The accumulator range of `op`. When the weights are constants (and the
/// bias, if any), it is the tight range over inputs of the input format;
/// otherwise that of the formats, assuming `dynamicReductionBound` products
/// where the reduction size is dynamic (none: failure).
FailureOr<AccumulatorRange>
computeAccumulatorRange(ContractionOpInterface op,
                        std::optional<uint64_t> dynamicReductionBound = {});

/// The tight range from the stored constant weights of `op`,
/// `storedWeight(i)` for the i-th element in row-major order (and biases):
/// per output channel c, the positive weights times the largest input plus
/// the negative ones times the smallest, and the reverse, shifted left by
/// `shifts[c]` (per-axis weights; empty: none), plus b[c]. Fails when a
/// per-channel sum overflows int64 (computeAccumulatorRange above then falls
/// back to the formats). A function, not an array: candidate weights need
/// not be materialized (millions of elements for a large layer).
FailureOr<AccumulatorRange>
computeAccumulatorRange(ContractionOpInterface op,
                        llvm::function_ref<int64_t(int64_t)> storedWeight,
                        ArrayRef<int64_t> shifts,
                        std::optional<ArrayRef<int64_t>> biases);

/// The stored integers of a constant fixed-point value as int64, when it is
/// an fxp.constant (or fxp.bitcast of an integer constant) or an fxp.quantize
/// of a float constant with a known format, and its storage is at most 32
/// bits wide.
std::optional<SmallVector<int64_t>> getStoredConstantValues(Value value);

} // namespace mlir::fxp

#endif // FXP_DIALECT_FXP_ANALYSIS_ACCUMULATORRANGE_H
