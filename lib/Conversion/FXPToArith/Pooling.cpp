//===- Pooling.cpp - reference lowering of fxp pools ----------------------===//
//
// Pools lower to window reductions (linalg.generic) over the padded input:
// max for max_pool2d, an exact sum for the average pools, then one rounded
// division by the window's element count.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::fxp;
using llvm::APInt;

/// Bits needed for a positive count.
static unsigned getCountBits(uint64_t count) {
  return llvm::Log2_64_Ceil(count + 1) + 1;
}

/// Reduces every window of a pool into `init` with `combine`. The loops are
/// (n, oh, ow, kh, kw, c): channels innermost, so that the loop over them
/// runs along contiguous elements and vectorizes; a kernel-shaped empty
/// tensor carries kh and kw.
template <typename PoolOp>
static Value buildWindowReduction(
    OpBuilder &builder, PoolOp op, Value padded, Value init,
    function_ref<Value(OpBuilder &, Location, Value, Value)> combine) {
  Location loc = op.getLoc();
  MLIRContext *ctx = op.getContext();
  ArrayRef<int64_t> kernel = op.getKernel();
  SmallVector<int64_t, 2> strides = op.getStridesOrDefault();
  Value window =
      tensor::EmptyOp::create(builder, loc, kernel, builder.getI1Type());
  AffineExpr n, oh, ow, r, s, c;
  bindDims(ctx, n, oh, ow, r, s, c);
  SmallVector<AffineMap> maps = {
      AffineMap::get(6, 0, {n, oh * strides[0] + r, ow * strides[1] + s, c},
                     ctx),
      AffineMap::get(6, 0, {r, s}, ctx),
      AffineMap::get(6, 0, {n, oh, ow, c}, ctx)};
  auto generic = linalg::GenericOp::create(
      builder, loc, TypeRange{init.getType()}, ValueRange{padded, window},
      ValueRange{init}, maps,
      {utils::IteratorType::parallel, utils::IteratorType::parallel,
       utils::IteratorType::parallel, utils::IteratorType::reduction,
       utils::IteratorType::reduction, utils::IteratorType::parallel},
      [&](OpBuilder &b, Location l, ValueRange args) {
        linalg::YieldOp::create(b, l, combine(b, l, args[2], args[0]));
      });
  return generic.getResult(0);
}

template <typename PoolOp>
static SmallVector<OpFoldResult> getPoolShape(OpBuilder &builder, PoolOp op,
                                              Value input) {
  Location loc = op.getLoc();
  ArrayRef<int64_t> kernel = op.getKernel();
  SmallVector<int64_t, 2> strides = op.getStridesOrDefault();
  SmallVector<int64_t, 4> pad = op.getPadOrDefault();
  auto resultType = op.getType();
  return {getDim(builder, loc, input, 0),
          getWindowedSize(builder, loc, resultType.getDimSize(1),
                          getDim(builder, loc, input, 1), kernel[0], strides[0],
                          1, pad[0], pad[1]),
          getWindowedSize(builder, loc, resultType.getDimSize(2),
                          getDim(builder, loc, input, 2), kernel[1], strides[1],
                          1, pad[2], pad[3]),
          getDim(builder, loc, input, 3)};
}

namespace {
struct MaxPool2DLowering : OpConversionPattern<MaxPool2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MaxPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FixedType format = fixedOf(op.getInput());
    unsigned width = format.getWidth();
    // Padding holds the smallest stored value, so it never wins a window
    // that has an input element (the verifier ensures every window has one).
    APInt lowest = format.getStorageMin(width + 1).trunc(width);
    Value padded = padSpatial(rewriter, loc, adaptor.getInput(),
                              op.getPadOrDefault(), lowest);
    Value init = buildFilled(rewriter, loc,
                             getPoolShape(rewriter, op, adaptor.getInput()),
                             IntegerType::get(op.getContext(), width), lowest);
    bool isSigned = format.getIsSigned();
    rewriter.replaceOp(
        op, buildWindowReduction(
                rewriter, op, padded, init,
                [&](OpBuilder &b, Location l, Value a, Value v) -> Value {
                  if (isSigned)
                    return arith::MaxSIOp::create(b, l, a, v);
                  return arith::MaxUIOp::create(b, l, a, v);
                }));
    return success();
  }
};

/// round(sum * 2^(FL_out - FL_in) / count) into `result`: the exact mean of
/// `count` values, rounded once. `count` is a value unless `constantCount`
/// gives it; a constant power of two 2^k makes the sum itself the mean at
/// FL_in + k: a shift, no division.
static Value emitMean(FixedPointEmitter &emitter, Value sum, Value count,
                      std::optional<uint64_t> constantCount, FixedType input,
                      FixedType result, uint64_t maxCount,
                      RoundingMode rounding, OverflowMode overflow) {
  OpBuilder &builder = emitter.getBuilder();
  Location loc = emitter.getLoc();
  if (constantCount && llvm::isPowerOf2_64(*constantCount))
    return emitter.requantize(
        sum, *input.getFracLength() + llvm::Log2_64(*constantCount), result,
        rounding, overflow);
  int64_t shift = *result.getFracLength() - *input.getFracLength();
  unsigned sumBits = input.getWidth() + getCountBits(maxCount);
  unsigned bits = FixedPointEmitter::getExactWidth(
      std::max<unsigned>(sumBits + std::max<int64_t>(shift, 0),
                         getCountBits(maxCount) +
                             std::max<int64_t>(-shift, 0)) +
      1);
  Value numerator = emitter.resize(sum, bits);
  Value denominator = constantCount ? emitter.constant(numerator.getType(),
                                                       int64_t(*constantCount))
                                    : emitter.resize(count, bits);
  if (shift > 0)
    numerator = arith::ShLIOp::create(
        builder, loc, numerator, emitter.constant(numerator.getType(), shift));
  if (shift < 0)
    denominator =
        arith::ShLIOp::create(builder, loc, denominator,
                              emitter.constant(denominator.getType(), -shift));
  return emitter.fit(emitter.roundedDivide(numerator, denominator, rounding),
                     result, overflow);
}

struct AvgPool2DLowering : OpConversionPattern<AvgPool2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AvgPool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FixedType input = fixedOf(op.getInput());
    FixedType result = fixedOf(op.getResult());
    ArrayRef<int64_t> kernel = op.getKernel();
    SmallVector<int64_t, 2> strides = op.getStridesOrDefault();
    SmallVector<int64_t, 4> pad = op.getPadOrDefault();
    uint64_t maxCount = kernel[0] * kernel[1];
    // Without padding every window holds the whole kernel.
    std::optional<uint64_t> constantCount;
    if (llvm::all_of(pad, [](int64_t p) { return p == 0; }))
      constantCount = maxCount;
    auto sumType = IntegerType::get(
        op.getContext(), FixedPointEmitter::getExactWidth(
                             input.getWidth() + getCountBits(maxCount)));
    Value padded = padSpatial(rewriter, loc, adaptor.getInput(), pad,
                              APInt::getZero(input.getWidth()));
    Value init = buildFilled(rewriter, loc,
                             getPoolShape(rewriter, op, adaptor.getInput()),
                             sumType, APInt::getZero(sumType.getWidth()));
    Value sum = buildWindowReduction(
        rewriter, op, padded, init,
        [&](OpBuilder &b, Location l, Value acc, Value v) -> Value {
          FixedPointEmitter emitter(b, l);
          return arith::AddIOp::create(
              b, l, acc, emitter.extend(v, input, sumType.getWidth()));
        });

    // The window at (oh, ow) covers rows [oh*s - pt, oh*s - pt + kh) of the
    // unpadded input; only the rows inside [0, H) count, likewise columns.
    Value height = getValueOrCreateConstantIndexOp(
        rewriter, loc, getDim(rewriter, loc, adaptor.getInput(), 1));
    Value width = getValueOrCreateConstantIndexOp(
        rewriter, loc, getDim(rewriter, loc, adaptor.getInput(), 2));
    Type resultType = getTypeConverter()->convertType(op.getType());
    rewriter.replaceOp(
        op, buildElementwise(
                rewriter, loc, sum, resultType,
                [&](FixedPointEmitter &emitter, Location l,
                    ValueRange args) -> Value {
                  if (constantCount)
                    return emitMean(emitter, args[0], Value(), constantCount,
                                    input, result, maxCount, op.getRounding(),
                                    op.getOverflow());
                  OpBuilder &b = emitter.getBuilder();
                  auto covered = [&](unsigned dim, int64_t stride,
                                     int64_t padBefore, int64_t size,
                                     Value extent) -> Value {
                    auto index = [&](int64_t v) {
                      return arith::ConstantIndexOp::create(b, l, v);
                    };
                    Value start = arith::SubIOp::create(
                        b, l,
                        arith::MulIOp::create(
                            b, l, linalg::IndexOp::create(b, l, dim),
                            index(stride)),
                        index(padBefore));
                    Value end = arith::AddIOp::create(b, l, start, index(size));
                    Value first = arith::MaxSIOp::create(b, l, start, index(0));
                    Value last = arith::MinSIOp::create(b, l, end, extent);
                    return arith::SubIOp::create(b, l, last, first);
                  };
                  Value count = arith::MulIOp::create(
                      b, l, covered(1, strides[0], pad[0], kernel[0], height),
                      covered(2, strides[1], pad[2], kernel[1], width));
                  Value countInt =
                      arith::IndexCastOp::create(b, l, b.getI64Type(), count);
                  return emitMean(emitter, args[0], countInt, std::nullopt,
                                  input, result, maxCount, op.getRounding(),
                                  op.getOverflow());
                }));
    return success();
  }
};

struct GlobalAvgPoolLowering : OpConversionPattern<GlobalAvgPoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GlobalAvgPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    FixedType input = fixedOf(op.getInput());
    FixedType result = fixedOf(op.getResult());
    auto inputType = op.getInput().getType();
    int64_t h = inputType.getDimSize(1), w = inputType.getDimSize(2);
    // A dynamic extent is bounded by 2^31 elements per dimension.
    bool isStatic = !ShapedType::isDynamic(h) && !ShapedType::isDynamic(w);
    uint64_t maxCount = isStatic ? uint64_t(h * w) : (uint64_t{1} << 62);
    std::optional<uint64_t> constantCount;
    if (isStatic)
      constantCount = maxCount;
    auto sumType =
        IntegerType::get(ctx, FixedPointEmitter::getExactWidth(
                                  input.getWidth() + getCountBits(maxCount)));
    Value source = adaptor.getInput();
    SmallVector<OpFoldResult> shape = {getDim(rewriter, loc, source, 0),
                                       getDim(rewriter, loc, source, 3)};
    Value init = buildFilled(rewriter, loc, shape, sumType,
                             APInt::getZero(sumType.getWidth()));
    AffineExpr n, c, r, s;
    bindDims(ctx, n, c, r, s);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{init.getType()}, ValueRange{source},
        ValueRange{init},
        ArrayRef<AffineMap>{AffineMap::get(4, 0, {n, r, s, c}, ctx),
                            AffineMap::get(4, 0, {n, c}, ctx)},
        getIterators(2, 2), [&](OpBuilder &b, Location l, ValueRange args) {
          FixedPointEmitter emitter(b, l);
          linalg::YieldOp::create(
              b, l,
              arith::AddIOp::create(
                  b, l, args[1],
                  emitter.extend(args[0], input, sumType.getWidth()))
                  .getResult());
        });
    Value count = arith::MulIOp::create(
        rewriter, loc,
        getValueOrCreateConstantIndexOp(rewriter, loc,
                                        getDim(rewriter, loc, source, 1)),
        getValueOrCreateConstantIndexOp(rewriter, loc,
                                        getDim(rewriter, loc, source, 2)));
    Value countInt =
        arith::IndexCastOp::create(rewriter, loc, rewriter.getI64Type(), count);
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    auto flatType = RankedTensorType::get(
        {resultType.getDimSize(0), resultType.getDimSize(3)},
        resultType.getElementType());
    Value mean = buildElementwise(
        rewriter, loc, generic.getResult(0), flatType,
        [&](FixedPointEmitter &emitter, Location, ValueRange args) -> Value {
          return emitMean(emitter, args[0], countInt, constantCount, input,
                          result, maxCount, op.getRounding(), op.getOverflow());
        });
    rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
        op, resultType, mean, ArrayRef<ReassociationIndices>{{0, 1, 2}, {3}});
    return success();
  }
};
} // namespace

void mlir::fxp::populatePoolingLoweringPatterns(const TypeConverter &converter,
                                                RewritePatternSet &patterns) {
  patterns.add<MaxPool2DLowering, AvgPool2DLowering, GlobalAvgPoolLowering>(
      converter, patterns.getContext());
}
