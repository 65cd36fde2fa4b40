//===- Contractions.cpp - reference lowering of matmul and conv2d ---------===//
//
// A contraction lowers in two parts, as upstream TosaToLinalgNamed does: the
// exact accumulation, a linalg.generic whose body multiplies extended inputs
// and adds (a contraction in linalg's sense, see
// linalg::isaContractionOpInterface), into an integer as wide as
// AccumulatorRange proves the sum needs; then the requantization epilogue, an
// elementwise linalg.generic.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"

#include "fxp/Dialect/FXP/Analysis/AccumulatorRange.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::fxp;
using llvm::APInt;

/// The integer type the exact accumulator of `op` lowers to: it holds the
/// accumulator's range and the extended inputs. Products and partial sums may
/// wrap in it; the final sum is still exact, as two's complement addition is
/// exact modulo 2^bits.
static IntegerType getAccumulatorType(ContractionOpInterface op) {
  // A dynamic reduction is bounded by the 2^31 elements a dimension may have.
  AccumulatorRange range =
      *computeAccumulatorRange(op, /*dynamicReductionBound=*/uint64_t{1} << 31);
  unsigned inputBits = std::max(fixedOf(op.getInput()).getWidth(),
                                op.getWeightFormat().getWidth());
  return IntegerType::get(op->getContext(),
                          FixedPointEmitter::getExactWidth(
                              std::max(range.getMagnitudeBits(), inputBits)));
}

/// A tensor of `shape` filled with zero, or with `bias` (a vector along the
/// last dimension) sign-extended to `accType`.
static Value buildAccumulatorInit(OpBuilder &builder, Location loc,
                                  ArrayRef<OpFoldResult> shape,
                                  IntegerType accType, Value bias,
                                  FixedType biasFormat) {
  if (!bias)
    return buildFilled(builder, loc, shape, accType,
                       APInt::getZero(accType.getWidth()));
  Value empty = tensor::EmptyOp::create(builder, loc, shape, accType);
  unsigned rank = shape.size();
  AffineMap biasMap = AffineMap::get(
      rank, 0, builder.getAffineDimExpr(rank - 1), builder.getContext());
  auto generic = linalg::GenericOp::create(
      builder, loc, TypeRange{empty.getType()}, ValueRange{bias},
      ValueRange{empty},
      ArrayRef<AffineMap>{biasMap, builder.getMultiDimIdentityMap(rank)},
      getIterators(rank), [&](OpBuilder &b, Location l, ValueRange args) {
        FixedPointEmitter emitter(b, l);
        // The accumulator holds every bias value (it is the sum over a zero
        // input), so a bias as wide or wider narrows exactly.
        unsigned bits = accType.getWidth();
        linalg::YieldOp::create(b, l,
                                biasFormat.getWidth() < bits
                                    ? emitter.extend(args[0], biasFormat, bits)
                                    : emitter.resize(args[0], bits));
      });
  return generic.getResult(0);
}

/// The weights of `op` as its accumulation reads them, with their format:
/// per-axis weights become integers of the aligned format, each channel's
/// values shifted left to the largest fractional length (exact: the aligned
/// format is wide enough).
static std::pair<Value, FixedType>
buildAlignedWeights(OpBuilder &builder, Location loc, ContractionOpInterface op,
                    Value weight) {
  FixedType aligned = op.getWeightFormat();
  FixedPerAxisType perAxis =
      getFixedPerAxisElementType(op.getWeight().getType());
  // Per-axis weights whose FLs are all alike are stored aligned.
  if (!perAxis || aligned.getWidth() == perAxis.getWidth())
    return {weight, aligned};
  auto type = cast<RankedTensorType>(weight.getType());
  unsigned rank = type.getRank(), axis = perAxis.getAxis();
  auto alignedType = type.clone(aligned.getStorageType());
  auto shiftType =
      RankedTensorType::get({type.getDimSize(axis)}, aligned.getStorageType());
  SmallVector<APInt> shiftValues =
      llvm::map_to_vector(op.getChannelShifts(), [&](int64_t shift) {
        return APInt(aligned.getWidth(), shift);
      });
  Value shifts = arith::ConstantOp::create(
      builder, loc, DenseIntElementsAttr::get(shiftType, shiftValues));
  SmallVector<OpFoldResult> shape;
  for (unsigned d = 0; d < rank; ++d)
    shape.push_back(getDim(builder, loc, weight, d));
  Value empty =
      tensor::EmptyOp::create(builder, loc, shape, aligned.getStorageType());
  MLIRContext *ctx = builder.getContext();
  AffineMap identity = builder.getMultiDimIdentityMap(rank);
  auto generic = linalg::GenericOp::create(
      builder, loc, TypeRange{alignedType}, ValueRange{weight, shifts},
      ValueRange{empty},
      ArrayRef<AffineMap>{
          identity,
          AffineMap::get(rank, 0, builder.getAffineDimExpr(axis), ctx),
          identity},
      getIterators(rank), [&](OpBuilder &b, Location l, ValueRange args) {
        FixedPointEmitter emitter(b, l);
        Value extended = emitter.extend(args[0], perAxis.getSliceFormat(0),
                                        aligned.getWidth());
        linalg::YieldOp::create(
            b, l, arith::ShLIOp::create(b, l, extended, args[1]).getResult());
      });
  return {generic.getResult(0), aligned};
}

/// Builds the accumulation of a contraction: `maps` index input, weight and
/// the accumulator; the body adds extended products.
static Value buildAccumulation(OpBuilder &builder, Location loc, Value input,
                               FixedType x, Value weight, FixedType w,
                               Value init, ArrayRef<AffineMap> maps,
                               unsigned parallel, unsigned reduction) {
  auto accType = cast<IntegerType>(
      cast<RankedTensorType>(init.getType()).getElementType());
  auto generic = linalg::GenericOp::create(
      builder, loc, TypeRange{init.getType()}, ValueRange{input, weight},
      ValueRange{init}, maps, getIterators(parallel, reduction),
      [&](OpBuilder &b, Location l, ValueRange args) {
        FixedPointEmitter emitter(b, l);
        Value product = arith::MulIOp::create(
            b, l, emitter.extend(args[0], x, accType.getWidth()),
            emitter.extend(args[1], w, accType.getWidth()));
        linalg::YieldOp::create(
            b, l, arith::AddIOp::create(b, l, args[2], product).getResult());
      });
  return generic.getResult(0);
}

/// The requantization epilogue: the accumulator tensor, at FL_x + FL_w, cast
/// to the op's result format.
template <typename OpTy>
static Value buildEpilogue(OpBuilder &builder, OpTy op, Value acc,
                           Type resultType) {
  FixedType result = fixedOf(op.getResult());
  int64_t accFL = *op.getAccumulatorFracLength();
  return buildElementwise(
      builder, op.getLoc(), acc, resultType,
      [&](FixedPointEmitter &emitter, Location, ValueRange args) {
        return emitter.requantize(args[0], accFL, result, op.getRounding(),
                                  op.getOverflow());
      });
}

namespace {
struct MatmulLowering : OpConversionPattern<MatmulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FixedType x = fixedOf(op.getInput());
    auto [weight, w] =
        buildAlignedWeights(rewriter, loc, op, adaptor.getWeight());
    FixedType bias = op.getBias() ? fixedOf(op.getBias()) : FixedType();
    IntegerType accType = getAccumulatorType(op);
    SmallVector<OpFoldResult> shape = {
        getDim(rewriter, loc, adaptor.getInput(), 0),
        getDim(rewriter, loc, adaptor.getWeight(), 1)};
    Value init = buildAccumulatorInit(rewriter, loc, shape, accType,
                                      adaptor.getBias(), bias);
    MLIRContext *ctx = op.getContext();
    AffineExpr m, n, k;
    bindDims(ctx, m, n, k);
    SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {m, k}, ctx),
                                   AffineMap::get(3, 0, {k, n}, ctx),
                                   AffineMap::get(3, 0, {m, n}, ctx)};
    Value acc = buildAccumulation(rewriter, loc, adaptor.getInput(), x, weight,
                                  w, init, maps, 2, 1);
    rewriter.replaceOp(
        op, buildEpilogue(rewriter, op, acc,
                          getTypeConverter()->convertType(op.getType())));
    return success();
  }
};

struct Conv2DLowering : OpConversionPattern<Conv2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    auto inputType = op.getInput().getType();
    auto weightType = op.getWeight().getType();
    int64_t groups = op.getGroups();
    int64_t channels = inputType.getDimSize(3);
    int64_t outChannels = weightType.getDimSize(0);
    if (groups > 1 &&
        (ShapedType::isDynamic(channels) || ShapedType::isDynamic(outChannels)))
      return rewriter.notifyMatchFailure(
          op, "grouped convolution needs static channel counts");
    FixedType x = fixedOf(op.getInput());
    auto [weight, w] =
        buildAlignedWeights(rewriter, loc, op, adaptor.getWeight());
    FixedType bias = op.getBias() ? fixedOf(op.getBias()) : FixedType();
    SmallVector<int64_t, 2> strides = op.getStridesOrDefault();
    SmallVector<int64_t, 2> dilations = op.getDilationsOrDefault();
    SmallVector<int64_t, 4> pad = op.getPadOrDefault();
    int64_t kh = weightType.getDimSize(1), kw = weightType.getDimSize(2);
    IntegerType accType = getAccumulatorType(op);

    auto resultType = op.getType();
    SmallVector<OpFoldResult> shape = {
        getDim(rewriter, loc, adaptor.getInput(), 0),
        getWindowedSize(rewriter, loc, resultType.getDimSize(1),
                        getDim(rewriter, loc, adaptor.getInput(), 1), kh,
                        strides[0], dilations[0], pad[0], pad[1]),
        getWindowedSize(rewriter, loc, resultType.getDimSize(2),
                        getDim(rewriter, loc, adaptor.getInput(), 2), kw,
                        strides[1], dilations[1], pad[2], pad[3]),
        getDim(rewriter, loc, adaptor.getWeight(), 0)};
    Value init = buildAccumulatorInit(rewriter, loc, shape, accType,
                                      adaptor.getBias(), bias);
    Value padded = padSpatial(rewriter, loc, adaptor.getInput(), pad,
                              APInt::getZero(x.getWidth()));

    // Loops (n, oh, ow, o, kh, kw, i); input channel g(o) * C/groups + i.
    AffineExpr n, oh, ow, o, r, s, i;
    bindDims(ctx, n, oh, ow, o, r, s, i);
    AffineExpr inChannel = i;
    if (groups > 1)
      inChannel = o.floorDiv(outChannels / groups) * (channels / groups) + i;
    SmallVector<AffineMap> maps = {
        AffineMap::get(7, 0,
                       {n, oh * strides[0] + r * dilations[0],
                        ow * strides[1] + s * dilations[1], inChannel},
                       ctx),
        AffineMap::get(7, 0, {o, r, s, i}, ctx),
        AffineMap::get(7, 0, {n, oh, ow, o}, ctx)};
    Value acc = buildAccumulation(rewriter, loc, padded, x, weight, w, init,
                                  maps, 4, 3);
    rewriter.replaceOp(
        op, buildEpilogue(rewriter, op, acc,
                          getTypeConverter()->convertType(op.getType())));
    return success();
  }
};
} // namespace

void mlir::fxp::populateContractionLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<MatmulLowering, Conv2DLowering>(converter,
                                               patterns.getContext());
}
