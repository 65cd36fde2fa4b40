//===- InitAllFXP.h - register everything fxp provides ----------*- C++ -*-===//

#ifndef FXP_INITALLFXP_H
#define FXP_INITALLFXP_H

#include "fxp/Codegen/Passes.h"
#include "fxp/Conversion/Passes.h"
#include "fxp/Dialect/FXP/IR/FXP.h"
#include "fxp/Dialect/FXP/Transforms/Passes.h"
#include "fxp/Dialect/ISA/IR/ISA.h"
#include "fxp/Pipelines/Pipelines.h"
#include "mlir/IR/DialectRegistry.h"

namespace mlir::fxp {

/// Adds the fxp dialects to `registry`: fxp, and fxp_isa (the target
/// instructions of generated kernels).
inline void registerAllDialects(DialectRegistry &registry) {
  registry.insert<FXPDialect, fxp_isa::ISADialect>();
}

/// Registers every fxp pass and pass pipeline with the global registry.
inline void registerAllPasses() {
  registerFXPCodegenPasses();
  registerFXPConversionPasses();
  registerFXPPasses();
  registerPipelines();
}

} // namespace mlir::fxp

#endif // FXP_INITALLFXP_H
