//===- SetLLVMTarget.cpp - record the target on LLVM functions ------------===//

#include "fxp/Codegen/Passes.h"

#include "fxp/Codegen/Target.h"

namespace mlir::fxp {
#define GEN_PASS_DEF_FXPSETLLVMTARGET
#include "fxp/Codegen/Passes.h.inc"
} // namespace mlir::fxp

using namespace mlir;
using namespace mlir::fxp;

namespace {
struct FXPSetLLVMTargetPass
    : fxp::impl::FXPSetLLVMTargetBase<FXPSetLLVMTargetPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::optional<codegen::TargetDescription> description =
        codegen::lookupTarget(target);
    if (!description) {
      module.emitError("unknown target '")
          << target << "'; expected one of: "
          << llvm::join(codegen::getTargetNames(), ", ");
      return signalPassFailure();
    }
    MLIRContext *ctx = &getContext();
    module->setAttr(LLVM::LLVMDialect::getTargetTripleAttrName(),
                    StringAttr::get(ctx, description->triple));
    auto features =
        description->features.empty()
            ? LLVM::TargetFeaturesAttr()
            : LLVM::TargetFeaturesAttr::get(ctx, description->features);
    module.walk([&](LLVM::LLVMFuncOp func) {
      func.setTargetCpuAttr(StringAttr::get(ctx, description->cpu));
      if (features)
        func.setTargetFeaturesAttr(features);
    });
  }
};
} // namespace
