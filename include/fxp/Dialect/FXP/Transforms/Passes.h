//===- Passes.h - fxp dialect passes ----------------------------*- C++ -*-===//

#ifndef FXP_DIALECT_FXP_TRANSFORMS_PASSES_H
#define FXP_DIALECT_FXP_TRANSFORMS_PASSES_H

#include "fxp/Dialect/FXP/IR/FXP.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::fxp {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "fxp/Dialect/FXP/Transforms/Passes.h.inc"

} // namespace mlir::fxp

#endif // FXP_DIALECT_FXP_TRANSFORMS_PASSES_H
