//===- Passes.h - fxp dialect passes ----------------------------*- C++ -*-===//

#ifndef FXP_DIALECT_FXP_TRANSFORMS_PASSES_H
#define FXP_DIALECT_FXP_TRANSFORMS_PASSES_H

#include "fxp/Dialect/FXP/IR/FXP.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::fxp {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "fxp/Dialect/FXP/Transforms/Passes.h.inc"

/// Adds the patterns of --fxp-fold-batchnorm (which --fxp-quantize applies
/// first as well).
void populateFoldBatchNormPatterns(RewritePatternSet &patterns);

} // namespace mlir::fxp

#endif // FXP_DIALECT_FXP_TRANSFORMS_PASSES_H
