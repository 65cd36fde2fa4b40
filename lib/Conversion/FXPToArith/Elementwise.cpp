//===- Elementwise.cpp - reference lowering of elementwise fxp ops --------===//
//
// Each elementwise op becomes a linalg.generic (or scalar code) whose body
// FixedPointEmitter builds; constants and bitcasts keep their storage.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::fxp;

namespace {
/// Lowers the elementwise fxp op named `opName` with
/// FixedPointEmitter::elementwise.
struct ElementwiseLowering : ConversionPattern {
  ElementwiseLowering(StringRef opName, const TypeConverter &converter,
                      MLIRContext *ctx)
      : ConversionPattern(converter, opName, /*benefit=*/1, ctx) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    Type resultType =
        getTypeConverter()->convertType(op->getResult(0).getType());
    Value result = buildElementwise(
        rewriter, op->getLoc(), operands, resultType,
        [&](FixedPointEmitter &emitter, Location, ValueRange args) {
          return emitter.elementwise(op, args);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// A quantize into a per-axis format quantizes each slice along the axis at
/// its own format (weights that are not constants: folding quantizes those).
struct PerAxisQuantizeLowering : OpConversionPattern<QuantizeOp> {
  PerAxisQuantizeLowering(const TypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, /*benefit=*/2) {}

  LogicalResult
  matchAndRewrite(QuantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FixedPerAxisType perAxis = getFixedPerAxisElementType(op.getType());
    if (!perAxis)
      return rewriter.notifyMatchFailure(op, "not a per-axis format");
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
    SmallVector<OpFoldResult> sizes;
    for (int64_t d = 0; d < rank; ++d)
      sizes.push_back(getDim(rewriter, loc, input, d));
    IntegerType storage = perAxis.getStorageType();
    Value result = tensor::EmptyOp::create(rewriter, loc, sizes, storage);
    SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0)),
        strides(rank, rewriter.getIndexAttr(1)), sliceSizes = sizes;
    unsigned axis = perAxis.getAxis();
    sliceSizes[axis] = rewriter.getIndexAttr(1);
    for (auto [index, fracLength] : llvm::enumerate(perAxis.getFracLengths())) {
      offsets[axis] = rewriter.getIndexAttr(index);
      auto slice = tensor::ExtractSliceOp::create(rewriter, loc, input, offsets,
                                                  sliceSizes, strides);
      FixedType format = perAxis.getSliceFormat(index);
      Value quantized = buildElementwise(
          rewriter, loc, slice.getResult(), slice.getType().clone(storage),
          [&](FixedPointEmitter &emitter, Location, ValueRange args) {
            return emitter.quantize(args[0], format, op.getRounding(),
                                    op.getOverflow());
          });
      result = tensor::InsertSliceOp::create(rewriter, loc, quantized, result,
                                             offsets, sliceSizes, strides);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ConstantLowering : OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, op.getValue());
    return success();
  }
};

/// Storage is unchanged: the converted operand is the result.
struct BitcastLowering : OpConversionPattern<BitcastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BitcastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};
} // namespace

void mlir::fxp::populateElementwiseLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  for (StringRef name : FixedPointEmitter::getElementwiseOpNames())
    patterns.add<ElementwiseLowering>(name, converter, ctx);
  patterns.add<ConstantLowering, BitcastLowering, PerAxisQuantizeLowering>(
      converter, ctx);
}
