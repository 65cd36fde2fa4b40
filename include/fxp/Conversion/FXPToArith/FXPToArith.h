//===- FXPToArith.h - the fxp reference lowering ----------------*- C++ -*-===//

#ifndef FXP_CONVERSION_FXPTOARITH_FXPTOARITH_H
#define FXP_CONVERSION_FXPTOARITH_FXPTOARITH_H

#include "mlir/Transforms/DialectConversion.h"

namespace mlir::fxp {

/// Converts fixed-point types (scalars and tensors) to their storage
/// integers and leaves every other type alone.
class FixedToStorageTypeConverter : public TypeConverter {
public:
  FixedToStorageTypeConverter();
};

/// Adds the patterns that lower every fxp op to arith/math/linalg/tensor.
void populateFXPToArithConversionPatterns(const TypeConverter &converter,
                                          RewritePatternSet &patterns);

} // namespace mlir::fxp

#endif // FXP_CONVERSION_FXPTOARITH_FXPTOARITH_H
