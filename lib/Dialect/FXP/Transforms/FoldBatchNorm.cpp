//===- FoldBatchNorm.cpp - fold per-channel affines into weights ----------===//

#include "fxp/Dialect/FXP/Transforms/Passes.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::fxp {
#define GEN_PASS_DEF_FXPFOLDBATCHNORM
#include "fxp/Dialect/FXP/Transforms/Passes.h.inc"
} // namespace mlir::fxp

using namespace mlir;
using namespace mlir::fxp;

/// The values of a float constant whose shape is 1 x ... x 1 x `channels`.
static std::optional<SmallVector<float>>
getPerChannelConstant(Value value, int64_t channels) {
  DenseFPElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  auto type = cast<ShapedType>(attr.getType());
  if (!type.getElementType().isF32() || type.getRank() == 0 ||
      type.getShape().back() != channels || type.getNumElements() != channels)
    return std::nullopt;
  return llvm::to_vector(attr.getValues<float>());
}

static std::optional<SmallVector<float>> getFloatConstant(Value value) {
  DenseFPElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) || !attr.getElementType().isF32())
    return std::nullopt;
  return llvm::to_vector(attr.getValues<float>());
}

static Value createConstant(PatternRewriter &rewriter, Location loc,
                            ShapedType type, ArrayRef<float> values) {
  auto tensorType =
      RankedTensorType::get(type.getShape(), type.getElementType());
  return tosa::ConstOp::create(rewriter, loc, tensorType,
                               DenseElementsAttr::get(tensorType, values));
}

/// The output channel of each weight element: OHWI conv weights are
/// channel-major, HWCM depthwise weights and KxN matmul weights channel-minor.
static int64_t getChannel(Operation *producer, int64_t index,
                          ShapedType weightType, int64_t channels) {
  if (isa<tosa::Conv2DOp>(producer))
    return index / (weightType.getNumElements() / channels);
  return index % channels;
}

/// The folded producer computes what `affine` did: calibration statistics
/// of `affine`'s result describe it now. The producer's own described the
/// value before the affine step: without `affine`'s (calibration skips
/// pre-activations unless the std rule needs them), it has none.
static void moveStats(PatternRewriter &rewriter, Operation *affine,
                      Operation *producer) {
  Attribute stats = affine->getAttr(StatsAttr::getAttrName());
  if (!stats && !producer->hasAttr(StatsAttr::getAttrName()))
    return;
  rewriter.modifyOpInPlace(producer, [&] {
    if (stats)
      producer->setAttr(StatsAttr::getAttrName(), stats);
    else
      producer->removeAttr(StatsAttr::getAttrName());
  });
}

/// The two operands of a per-channel affine step: a contraction result with
/// no other use, and the constant per-channel values applied to it.
struct PerChannelOperands {
  Operation *producer;
  SmallVector<float> values;
};

/// Matches `op` (binary, result type equal to the producer's) whose operands
/// are, in either order, the result of one of `ProducerOps` and a
/// per-channel constant.
template <typename... ProducerOps>
static std::optional<PerChannelOperands> matchPerChannel(Operation *op) {
  for (unsigned side : {0u, 1u}) {
    Value produced = op->getOperand(side);
    Operation *producer = produced.getDefiningOp();
    if (!producer || !producer->hasOneUse() || !isa<ProducerOps...>(producer) ||
        op->getResult(0).getType() != produced.getType())
      continue;
    int64_t channels = cast<ShapedType>(produced.getType()).getShape().back();
    if (std::optional<SmallVector<float>> values =
            getPerChannelConstant(op->getOperand(1 - side), channels))
      return PerChannelOperands{producer, std::move(*values)};
  }
  return std::nullopt;
}

namespace {
/// x * s (per channel) after a contraction: scale the weights and the bias.
struct FoldScale : OpRewritePattern<tosa::MulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::MulOp mul,
                                PatternRewriter &rewriter) const override {
    std::optional<PerChannelOperands> match =
        matchPerChannel<tosa::Conv2DOp, tosa::DepthwiseConv2DOp,
                        tosa::MatMulOp>(mul);
    if (!match)
      return rewriter.notifyMatchFailure(mul, "not a per-channel scale");
    Operation *producer = match->producer;
    ArrayRef<float> scale = match->values;
    int64_t channels = scale.size();
    Value weight = producer->getOperand(1);
    std::optional<SmallVector<float>> weights = getFloatConstant(weight);
    if (!weights)
      return rewriter.notifyMatchFailure(mul, "the weights are computed");
    auto weightType = cast<ShapedType>(weight.getType());
    for (auto [i, w] : llvm::enumerate(*weights))
      w *= scale[getChannel(producer, i, weightType, channels)];
    SmallVector<float> biases;
    bool hasBias = !isa<tosa::MatMulOp>(producer);
    if (hasBias) {
      std::optional<SmallVector<float>> bias =
          getFloatConstant(producer->getOperand(2));
      if (!bias || int64_t(bias->size()) != channels)
        return rewriter.notifyMatchFailure(mul, "the bias is computed");
      biases = std::move(*bias);
      for (auto [o, b] : llvm::enumerate(biases))
        b *= scale[o];
    }
    rewriter.setInsertionPoint(producer);
    Location loc = producer->getLoc();
    Value newWeight = createConstant(rewriter, loc, weightType, *weights);
    rewriter.modifyOpInPlace(producer, [&] {
      producer->setOperand(1, newWeight);
      if (hasBias)
        producer->setOperand(
            2,
            createConstant(rewriter, loc,
                           cast<ShapedType>(producer->getOperand(2).getType()),
                           biases));
    });
    moveStats(rewriter, mul, producer);
    rewriter.replaceOp(mul, producer->getResult(0));
    return success();
  }
};

/// x + t (per channel) after a conv: add the shift to the bias.
struct FoldShift : OpRewritePattern<tosa::AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::AddOp add,
                                PatternRewriter &rewriter) const override {
    std::optional<PerChannelOperands> match =
        matchPerChannel<tosa::Conv2DOp, tosa::DepthwiseConv2DOp>(add);
    if (!match)
      return rewriter.notifyMatchFailure(add, "not a per-channel shift");
    Operation *producer = match->producer;
    Value bias = producer->getOperand(2);
    std::optional<SmallVector<float>> biases = getFloatConstant(bias);
    if (!biases || biases->size() != match->values.size())
      return rewriter.notifyMatchFailure(add, "the bias is computed");
    for (auto [b, t] : llvm::zip(*biases, match->values))
      b += t;
    rewriter.setInsertionPoint(producer);
    Value newBias = createConstant(rewriter, producer->getLoc(),
                                   cast<ShapedType>(bias.getType()), *biases);
    rewriter.modifyOpInPlace(producer,
                             [&] { producer->setOperand(2, newBias); });
    moveStats(rewriter, add, producer);
    rewriter.replaceOp(add, producer->getResult(0));
    return success();
  }
};

struct FoldBatchNormPass : fxp::impl::FXPFoldBatchNormBase<FoldBatchNormPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateFoldBatchNormPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

void mlir::fxp::populateFoldBatchNormPatterns(RewritePatternSet &patterns) {
  patterns.add<FoldScale, FoldShift>(patterns.getContext());
}
