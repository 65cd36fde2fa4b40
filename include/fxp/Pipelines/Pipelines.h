//===- Pipelines.h - fxp pass pipelines -------------------------*- C++ -*-===//

#ifndef FXP_PIPELINES_PIPELINES_H
#define FXP_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"

namespace mlir::fxp {

/// Adds the reference lowering of a module mixing fxp with upstream
/// func/arith/math/tensor/linalg ops down to the LLVM dialect: the exact
/// scalar code of --convert-fxp-to-arith, bufferized and lowered to loops.
void buildReferenceToLLVMPipeline(OpPassManager &pm);

/// Registers the fxp pass pipelines (`--fxp-reference-to-llvm`).
void registerPipelines();

} // namespace mlir::fxp

#endif // FXP_PIPELINES_PIPELINES_H
