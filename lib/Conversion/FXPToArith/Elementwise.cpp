//===- Elementwise.cpp - reference lowering of elementwise fxp ops --------===//
//
// Each elementwise op becomes a linalg.generic (or scalar code) whose body
// FixedPointEmitter builds; constants and bitcasts keep their storage.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

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
  patterns.add<ConstantLowering, BitcastLowering>(converter, ctx);
}
