//===- RescaleGlobalPool.cpp - F8Net's 64/49 global average pooling -------===//
//
// F8Net divides a 7x7 global average pool's sum by 64, a shift, instead of
// 49, and scales the convolution before it by 64/49 so that the mean comes
// out right. Here the pool becomes a depthwise convolution by the constant
// 1/64 (a power of two, exact in any weight format: an integer code shifts
// and adds), and the convolution's weights, bias, clipping bounds and
// calibration statistics scale by 64/49, in float before quantization.
//
//===----------------------------------------------------------------------===//

#include "fxp/Dialect/FXP/Transforms/Passes.h"

#include "fxp/Dialect/FXP/Transforms/FracLengthRules.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/MathExtras.h"

namespace mlir::fxp {
#define GEN_PASS_DEF_FXPRESCALEGLOBALPOOL
#include "fxp/Dialect/FXP/Transforms/Passes.h.inc"
} // namespace mlir::fxp

using namespace mlir;
using namespace mlir::fxp;

/// A float constant scaled by `factor`, or null when `value` is none.
static Value scaleConstant(PatternRewriter &rewriter, Value value,
                           double factor) {
  DenseFPElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) || !attr.getElementType().isF32())
    return {};
  SmallVector<float> scaled;
  for (float v : attr.getValues<float>())
    scaled.push_back(float(v * factor));
  auto type = cast<RankedTensorType>(attr.getType());
  return tosa::ConstOp::create(rewriter, value.getLoc(), type,
                               DenseElementsAttr::get(type, ArrayRef(scaled)));
}

static void scaleStatsOf(Operation *op, double factor) {
  if (auto stats = op->getAttrOfType<StatsAttr>(StatsAttr::getAttrName()))
    op->setAttr(StatsAttr::getAttrName(),
                scaleStats(stats, [&](double v) { return v * factor; }));
}

namespace {
/// conv -> [clamp] -> avg_pool2d over the whole (static, unpadded) input,
/// whose window is not a power of two.
struct RescalePool : OpRewritePattern<tosa::AvgPool2dOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::AvgPool2dOp pool,
                                PatternRewriter &rewriter) const override {
    auto inputType = dyn_cast<RankedTensorType>(pool.getInput().getType());
    ArrayRef<int64_t> kernel = pool.getKernel();
    if (!inputType || !inputType.hasStaticShape() ||
        !inputType.getElementType().isF32() ||
        inputType.getDimSize(1) != kernel[0] ||
        inputType.getDimSize(2) != kernel[1] ||
        llvm::any_of(pool.getPad(), [](int64_t p) { return p != 0; }))
      return rewriter.notifyMatchFailure(pool, "not a global average pool");
    int64_t window = kernel[0] * kernel[1];
    if (llvm::isPowerOf2_64(window))
      return rewriter.notifyMatchFailure(pool, "already a shift");
    double divisor = double(llvm::PowerOf2Ceil(window));
    double factor = divisor / double(window);

    // What the pool averages must scale as a whole: a convolution whose only
    // use is the pool, possibly through a clamp (ReLU, ReLU6, PACT).
    Value pooled = pool.getInput();
    auto clamp = pooled.getDefiningOp<tosa::ClampOp>();
    Value convOutput = clamp ? clamp.getInput() : pooled;
    Operation *conv = convOutput.getDefiningOp();
    if (!isa_and_nonnull<tosa::Conv2DOp, tosa::DepthwiseConv2DOp>(conv) ||
        !conv->hasOneUse() || !pooled.hasOneUse())
      return rewriter.notifyMatchFailure(pool, "no convolution of its own");
    Value weights = scaleConstant(rewriter, conv->getOperand(1), factor);
    Value bias = scaleConstant(rewriter, conv->getOperand(2), factor);
    if (!weights || !bias)
      return rewriter.notifyMatchFailure(pool, "non-constant weights");

    rewriter.modifyOpInPlace(conv, [&] {
      conv->setOperand(1, weights);
      conv->setOperand(2, bias);
      scaleStatsOf(conv, factor);
    });
    if (clamp) {
      auto scaleBound = [&](FloatAttr bound) {
        return FloatAttr::get(bound.getType(),
                              bound.getValueAsDouble() * factor);
      };
      rewriter.modifyOpInPlace(clamp, [&] {
        clamp.setMinValAttr(scaleBound(cast<FloatAttr>(clamp.getMinValAttr())));
        // An unbounded ReLU stays unbounded.
        auto max = cast<FloatAttr>(clamp.getMaxValAttr());
        if (std::isfinite(max.getValueAsDouble() * factor))
          clamp.setMaxValAttr(scaleBound(max));
        scaleStatsOf(clamp, factor);
      });
    }

    // The sum divided by a power of two: a depthwise convolution by it.
    Location loc = pool.getLoc();
    int64_t channels = inputType.getDimSize(3);
    Type f32 = rewriter.getF32Type();
    auto weightType =
        RankedTensorType::get({kernel[0], kernel[1], channels, 1}, f32);
    auto biasType = RankedTensorType::get({channels}, f32);
    auto zpType = RankedTensorType::get({1}, f32);
    auto constant = [&](RankedTensorType type, float value) {
      return tosa::ConstOp::create(
          rewriter, loc, type,
          DenseElementsAttr::get(type, rewriter.getF32FloatAttr(value)));
    };
    Value zero = constant(zpType, 0.0f);
    auto mean = tosa::DepthwiseConv2DOp::create(
        rewriter, loc, pool.getType(), pooled,
        constant(weightType, float(1 / divisor)), constant(biasType, 0.0f),
        zero, zero, rewriter.getDenseI64ArrayAttr({0, 0, 0, 0}),
        pool.getStrideAttr(), rewriter.getDenseI64ArrayAttr({1, 1}),
        TypeAttr::get(f32));
    // It computes the pool's mean: the pool's statistics describe it.
    if (Attribute stats = pool->getAttr(StatsAttr::getAttrName()))
      mean->setAttr(StatsAttr::getAttrName(), stats);
    rewriter.replaceOp(pool, mean);
    return success();
  }
};

struct RescaleGlobalPoolPass
    : fxp::impl::FXPRescaleGlobalPoolBase<RescaleGlobalPoolPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<RescalePool>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
