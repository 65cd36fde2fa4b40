//===- AlignResiduals.cpp - explicit casts on residual operands -----------===//

#include "fxp/Dialect/FXP/Transforms/Passes.h"

#include "fxp/Dialect/FXP/IR/FixedPointArithmetic.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::fxp {
#define GEN_PASS_DEF_FXPALIGNRESIDUALS
#include "fxp/Dialect/FXP/Transforms/Passes.h.inc"
} // namespace mlir::fxp

using namespace mlir;
using namespace mlir::fxp;

namespace {
/// add/sub(a, b) -> add/sub(cast(a), cast(b)) with both casts exact, so that
/// the operands already have the result's format.
template <typename OpTy> struct AlignOperands : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Type resultType = op.getType();
    FixedType result = getFixedElementType(resultType);
    if (op.getLhs().getType() == resultType &&
        op.getRhs().getType() == resultType)
      return rewriter.notifyMatchFailure(op, "already aligned");
    for (Value operand : {op.getLhs(), op.getRhs()})
      if (operand.getType() != resultType &&
          !isExactlyRepresentable(getFixedElementType(operand.getType()),
                                  result))
        return rewriter.notifyMatchFailure(
            op, "an operand does not fit the result format exactly");
    auto align = [&](Value operand) -> Value {
      if (operand.getType() == resultType)
        return operand;
      return CastOp::create(rewriter, op.getLoc(), resultType, operand,
                            op.getRounding(), op.getOverflow());
    };
    Value lhs = align(op.getLhs()), rhs = align(op.getRhs());
    rewriter.modifyOpInPlace(op, [&] {
      op.getLhsMutable().assign(lhs);
      op.getRhsMutable().assign(rhs);
    });
    return success();
  }
};

struct AlignResidualsPass
    : fxp::impl::FXPAlignResidualsBase<AlignResidualsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<AlignOperands<AddOp>, AlignOperands<SubOp>>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
