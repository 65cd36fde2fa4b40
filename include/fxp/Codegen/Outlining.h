//===- Outlining.h - operations into a function of their own ----*- C++ -*-===//
//
// The outlining that --fxp-outline-loop-nests (one loop nest per function)
// and --fxp-outline-parts (a model in consecutive parts) share.
//
//===----------------------------------------------------------------------===//

#ifndef FXP_CODEGEN_OUTLINING_H
#define FXP_CODEGEN_OUTLINING_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::fxp {

/// The unit attribute that --fxp-outline-parts puts on the functions it
/// makes of a model's parts.
inline constexpr StringLiteral kPartAttrName = "fxp.part";

/// Moves `ops`, operations of one block in their block order, into a new
/// function named `name` (the caller makes sure it is free), and calls it
/// before the first of them. The function returns the values that the
/// operations define and others read. It takes the values that they read
/// from elsewhere, except those that `isRematerializable` accepts, which are
/// recomputed inside by clones of their defining operations; a value it
/// accepts must be defined by an operation without regions whose operands it
/// accepts too. Every other value read must be defined before the first
/// operation (or be an argument), and `isPassable` must accept it: if not,
/// nothing changes and the result is failure.
FailureOr<std::pair<func::FuncOp, func::CallOp>>
outlineOperations(RewriterBase &rewriter, ArrayRef<Operation *> ops,
                  StringRef name, function_ref<bool(Value)> isRematerializable,
                  function_ref<bool(Value)> isPassable);

} // namespace mlir::fxp

#endif // FXP_CODEGEN_OUTLINING_H
