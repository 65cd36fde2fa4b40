//===- ISAToLLVM.cpp - fxp_isa ops to LLVM intrinsic calls ----------------===//

#include "fxp/Conversion/Passes.h"

#include "fxp/Dialect/ISA/IR/ISA.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::fxp {
#define GEN_PASS_DEF_CONVERTFXPISATOLLVM
#include "fxp/Conversion/Passes.h.inc"
} // namespace mlir::fxp

using namespace mlir;
using namespace mlir::fxp;

namespace {
/// Builtin vector types are LLVM types, so the call takes the operands as
/// they are.
struct IntrinsicToCall
    : OpInterfaceRewritePattern<fxp_isa::IntrinsicOpInterface> {
  using OpInterfaceRewritePattern::OpInterfaceRewritePattern;
  LogicalResult matchAndRewrite(fxp_isa::IntrinsicOpInterface op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<LLVM::CallIntrinsicOp>(
        op, op->getResult(0).getType(),
        rewriter.getStringAttr(op.getIntrinsicName()), op->getOperands());
    return success();
  }
};

struct ConvertFXPISAToLLVMPass
    : fxp::impl::ConvertFXPISAToLLVMBase<ConvertFXPISAToLLVMPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<IntrinsicToCall>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
