//===- FXP.h - fxp dialect --------------------------------------*- C++ -*-===//
//
// The fxp dialect: its types, attributes and ops.
//
//===----------------------------------------------------------------------===//

#ifndef FXP_DIALECT_FXP_IR_FXP_H
#define FXP_DIALECT_FXP_IR_FXP_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinTypeInterfaces.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/RuntimeVerifiableOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "fxp/Dialect/FXP/IR/FXPDialect.h.inc"
#include "fxp/Dialect/FXP/IR/FXPEnums.h.inc"

#define GET_TYPEDEF_CLASSES
#include "fxp/Dialect/FXP/IR/FXPTypes.h.inc"

#define GET_ATTRDEF_CLASSES
#include "fxp/Dialect/FXP/IR/FXPAttributes.h.inc"

namespace mlir::fxp {

/// The fixed-point element type of a fixed-point scalar or tensor type, or
/// null if `type` is neither.
FixedType getFixedElementType(Type type);

/// The per-axis fixed-point element type of a tensor type, or null.
FixedPerAxisType getFixedPerAxisElementType(Type type);

/// The storage type of a fixed-point (per-tensor or per-axis) scalar or tensor
/// type: `iW`, or a tensor of the same shape of `iW`.
Type getStorageType(Type fixedLike);

/// The number of elements one index of dimension `dim` of `type` spans in
/// row-major order: the product of the later dimensions (static).
int64_t getTrailingSize(ShapedType type, unsigned dim);

/// The fixed-point format of each element, by row-major index, of a
/// fixed-point tensor type with a per-tensor or a per-axis format.
class ElementFormats {
public:
  explicit ElementFormats(Type type);
  FixedType at(int64_t index) const {
    return formats[(index / trailing) % int64_t(formats.size())];
  }
  /// Whether every element has one format.
  bool isUniform() const { return formats.size() == 1; }

private:
  SmallVector<FixedType> formats;
  int64_t trailing = 1;
};

/// The format a contraction accumulates weights of `weightType` in: their
/// format, or for per-axis weights FixedPerAxisType::getAlignedFormat; null
/// for other types.
FixedType getAlignedWeightFormat(Type weightType);

/// Per index along the axis of per-axis weights, the left shift from its
/// fractional length to the largest; empty for other types.
SmallVector<int64_t> getWeightChannelShifts(Type weightType);

/// The same scalar or tensor shape as `like` with element type `element`.
Type cloneWithElementType(Type like, Type element);

} // namespace mlir::fxp

#include "fxp/Dialect/FXP/IR/FXPInterfaces.h.inc"

#define GET_OP_CLASSES
#include "fxp/Dialect/FXP/IR/FXPOps.h.inc"

#endif // FXP_DIALECT_FXP_IR_FXP_H
