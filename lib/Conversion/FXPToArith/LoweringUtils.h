//===- LoweringUtils.h - shared pieces of the reference lowering -*- C++
//-*-===//
//
// Builders shared by the elementwise, contraction and pooling parts of
// --convert-fxp-to-arith, and the functions that add each part's patterns.
//
//===----------------------------------------------------------------------===//

#ifndef LIB_CONVERSION_FXPTOARITH_LOWERINGUTILS_H
#define LIB_CONVERSION_FXPTOARITH_LOWERINGUTILS_H

#include "fxp/Dialect/FXP/IR/FXP.h"
#include "fxp/Dialect/FXP/Utils/FixedPointEmitter.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::fxp {

/// The fixed-point element type of `value`'s type.
inline FixedType fixedOf(Value value) {
  return getFixedElementType(value.getType());
}

/// `parallel` parallel iterators followed by `reduction` reduction ones.
SmallVector<utils::IteratorType> getIterators(unsigned parallel,
                                              unsigned reduction = 0);

using ScalarBuilder =
    function_ref<Value(FixedPointEmitter &, Location, ValueRange)>;

/// Applies `scalar` to every element of `operands` (tensors of one shape, or
/// scalars) and returns a value of `resultType`: a linalg.generic for
/// tensors, the scalar code itself for scalars.
Value buildElementwise(OpBuilder &builder, Location loc, ValueRange operands,
                       Type resultType, ScalarBuilder scalar);

/// A tensor of `shape` and integer `type` filled with `value`.
Value buildFilled(OpBuilder &builder, Location loc,
                  ArrayRef<OpFoldResult> shape, IntegerType type,
                  const APInt &value);

/// The size of dimension `dim` of `tensor`.
OpFoldResult getDim(OpBuilder &builder, Location loc, Value tensor,
                    int64_t dim);

/// The output size of a window over a dimension of `size` elements (the
/// static `staticResult` when it is known).
OpFoldResult getWindowedSize(OpBuilder &builder, Location loc,
                             int64_t staticResult, OpFoldResult size,
                             int64_t kernel, int64_t stride, int64_t dilation,
                             int64_t padBefore, int64_t padAfter);

/// Pads the H and W dimensions of an NHWC tensor with `padValue` (`pad` is
/// [top, bottom, left, right]).
Value padSpatial(OpBuilder &builder, Location loc, Value input,
                 ArrayRef<int64_t> pad, const APInt &padValue);

/// Patterns of each part of the lowering.
void populateElementwiseLoweringPatterns(const TypeConverter &converter,
                                         RewritePatternSet &patterns);
void populateContractionLoweringPatterns(const TypeConverter &converter,
                                         RewritePatternSet &patterns);
void populatePoolingLoweringPatterns(const TypeConverter &converter,
                                     RewritePatternSet &patterns);

} // namespace mlir::fxp

#endif // LIB_CONVERSION_FXPTOARITH_LOWERINGUTILS_H
