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
/// add/sub(a, b) with the result at FL_r: both operands are cast exactly to
/// one common format (signed, FL_r, wide enough for both: F8Net's "widen
/// first, then shift"), so that the op is a plain integer add or subtract
/// followed by the result's saturation.
template <typename OpTy> struct AlignOperands : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    FixedType result = getFixedElementType(op.getType());
    FixedType lhs = getFixedElementType(op.getLhs().getType());
    FixedType rhs = getFixedElementType(op.getRhs().getType());
    if (!result.hasKnownFracLength() || !lhs.hasKnownFracLength() ||
        !rhs.hasKnownFracLength())
      return rewriter.notifyMatchFailure(op, "unknown formats");
    if (lhs == rhs && *lhs.getFracLength() == *result.getFracLength())
      return rewriter.notifyMatchFailure(op, "already aligned");
    int64_t fracLength = *result.getFracLength();
    unsigned width = result.getWidth();
    for (FixedType operand : {lhs, rhs}) {
      if (*operand.getFracLength() > fracLength)
        return rewriter.notifyMatchFailure(
            op, "an operand has more fractional bits than the result: "
                "aligning it first would round twice");
      width = std::max(
          width, InferFormatOpInterface::getAlignedWidth(operand, fracLength));
    }
    if (width > FixedType::kMaxWidth)
      return rewriter.notifyMatchFailure(op, "the common format is too wide");
    FixedType common = FixedType::get(op.getContext(), width,
                                      /*isSigned=*/true, fracLength);
    auto align = [&](Value operand) -> Value {
      Type type = cloneWithElementType(operand.getType(), common);
      if (operand.getType() == type)
        return operand;
      // A saturating cast would clip a stored -2^(W-1) (which a bitcast may
      // give) shifted to -2^(W'-1); wrapping keeps every value exactly.
      assert(isExactlyRepresentable(getFixedElementType(operand.getType()),
                                    common, OverflowMode::Wrap) &&
             "the common format holds every operand value");
      return CastOp::create(rewriter, op.getLoc(), type, operand,
                            RoundingMode::HalfEven, OverflowMode::Wrap);
    };
    Value newLhs = align(op.getLhs()), newRhs = align(op.getRhs());
    rewriter.modifyOpInPlace(op, [&] {
      op.getLhsMutable().assign(newLhs);
      op.getRhsMutable().assign(newRhs);
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
