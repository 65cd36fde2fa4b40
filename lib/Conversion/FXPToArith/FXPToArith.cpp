//===- FXPToArith.cpp - the fxp reference lowering ------------------------===//
//
// Lowers fxp ops to exact integer arith/math/linalg/tensor ops. Elementwise
// ops become linalg.generic ops (or plain scalar code) whose bodies come from
// FixedPointEmitter; contractions and pools become linalg.generic reductions
// into an accumulator wide enough for the exact sum, followed by one
// elementwise requantization.
//
//===----------------------------------------------------------------------===//

#include "fxp/Conversion/Passes.h"

#include "fxp/Dialect/FXP/IR/FXP.h"
#include "fxp/Dialect/FXP/IR/FixedPointArithmetic.h"
#include "fxp/Dialect/FXP/Utils/FixedPointEmitter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::fxp {
#define GEN_PASS_DEF_CONVERTFXPTOARITH
#include "fxp/Conversion/Passes.h.inc"
} // namespace mlir::fxp

using namespace mlir;
using namespace mlir::fxp;
using llvm::APInt;

//===----------------------------------------------------------------------===//
// Type conversion
//===----------------------------------------------------------------------===//

FixedToStorageTypeConverter::FixedToStorageTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](FixedType type) -> Type { return type.getStorageType(); });
  addConversion([](RankedTensorType type) -> Type {
    if (auto fixed = dyn_cast<FixedType>(type.getElementType()))
      return type.clone(fixed.getStorageType());
    return type;
  });
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// Bits of the magnitude of a signed integer range [lo, hi].
static unsigned getMagnitudeBits(const APInt &lo, const APInt &hi) {
  return std::max(lo.getSignificantBits(), hi.getSignificantBits());
}

/// Bits needed for a positive count.
static unsigned getCountBits(uint64_t count) {
  return llvm::Log2_64_Ceil(count + 1) + 1;
}

static SmallVector<utils::IteratorType> getIterators(unsigned parallel,
                                                     unsigned reduction = 0) {
  SmallVector<utils::IteratorType> iterators(parallel,
                                             utils::IteratorType::parallel);
  iterators.append(reduction, utils::IteratorType::reduction);
  return iterators;
}

using ScalarBuilder =
    function_ref<Value(FixedPointEmitter &, Location, ValueRange)>;

/// Applies `scalar` to every element of `operands` (tensors of one shape, or
/// scalars) and returns a value of `resultType`.
static Value buildElementwise(OpBuilder &builder, Location loc,
                              ValueRange operands, Type resultType,
                              ScalarBuilder scalar) {
  auto tensorType = dyn_cast<RankedTensorType>(resultType);
  if (!tensorType) {
    FixedPointEmitter emitter(builder, loc);
    return scalar(emitter, loc, operands);
  }
  Value init = tensor::EmptyOp::create(
      builder, loc, tensor::getMixedSizes(builder, loc, operands.front()),
      tensorType.getElementType());
  SmallVector<AffineMap> maps(
      operands.size() + 1,
      builder.getMultiDimIdentityMap(tensorType.getRank()));
  auto generic = linalg::GenericOp::create(
      builder, loc, TypeRange{tensorType}, operands, ValueRange{init}, maps,
      getIterators(tensorType.getRank()),
      [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
        FixedPointEmitter emitter(b, nestedLoc);
        Value result = scalar(emitter, nestedLoc, args.drop_back());
        linalg::YieldOp::create(b, nestedLoc, result);
      });
  return generic.getResult(0);
}

/// A tensor of `shape` and integer `type` filled with `value`.
static Value buildFilled(OpBuilder &builder, Location loc,
                         ArrayRef<OpFoldResult> shape, IntegerType type,
                         const APInt &value) {
  Value empty = tensor::EmptyOp::create(builder, loc, shape, type);
  Value fill = arith::ConstantOp::create(
      builder, loc, IntegerAttr::get(type, value.sextOrTrunc(type.getWidth())));
  return linalg::FillOp::create(builder, loc, fill, empty).getResult(0);
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
        linalg::YieldOp::create(
            b, l, emitter.extend(args[0], biasFormat, accType.getWidth()));
      });
  return generic.getResult(0);
}

/// The size of dimension `dim` of `tensor` as an OpFoldResult.
static OpFoldResult getDim(OpBuilder &builder, Location loc, Value tensor,
                           int64_t dim) {
  return tensor::getMixedSize(builder, loc, tensor, dim);
}

/// The output size of a window over a dimension of `size` elements.
static OpFoldResult getWindowedSize(OpBuilder &builder, Location loc,
                                    int64_t staticResult, OpFoldResult size,
                                    int64_t kernel, int64_t stride,
                                    int64_t dilation, int64_t padBefore,
                                    int64_t padAfter) {
  if (!ShapedType::isDynamic(staticResult))
    return builder.getIndexAttr(staticResult);
  Value value = getValueOrCreateConstantIndexOp(builder, loc, size);
  auto index = [&](int64_t v) {
    return arith::ConstantIndexOp::create(builder, loc, v);
  };
  int64_t span = dilation * (kernel - 1) + 1;
  Value padded = arith::AddIOp::create(builder, loc, value,
                                       index(padBefore + padAfter - span));
  Value steps = arith::DivUIOp::create(builder, loc, padded, index(stride));
  return arith::AddIOp::create(builder, loc, steps, index(1)).getResult();
}

/// Pads the H and W dimensions of an NHWC tensor with `padValue`.
static Value padSpatial(OpBuilder &builder, Location loc, Value input,
                        ArrayRef<int64_t> pad, const APInt &padValue) {
  if (llvm::all_of(pad, [](int64_t p) { return p == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> low = {0, pad[0], pad[2], 0};
  SmallVector<int64_t> high = {0, pad[1], pad[3], 0};
  auto resultType = tensor::PadOp::inferResultType(type, low, high);
  Value value = arith::ConstantOp::create(
      builder, loc, IntegerAttr::get(type.getElementType(), padValue));
  return tensor::PadOp::create(builder, loc, resultType, input,
                               getAsOpFoldResult(builder.getI64ArrayAttr(low)),
                               getAsOpFoldResult(builder.getI64ArrayAttr(high)),
                               value);
}

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

static FixedType fixedOf(Value value) {
  return getFixedElementType(value.getType());
}

static Value emitScalar(QuantizeOp op, FixedPointEmitter &emitter,
                        ValueRange args) {
  return emitter.quantize(args[0], fixedOf(op.getResult()), op.getRounding(),
                          op.getOverflow());
}

static Value emitScalar(DequantizeOp op, FixedPointEmitter &emitter,
                        ValueRange args) {
  return emitter.dequantize(
      args[0], fixedOf(op.getInput()),
      cast<FloatType>(getElementTypeOrSelf(op.getType())));
}

static Value emitScalar(CastOp op, FixedPointEmitter &emitter,
                        ValueRange args) {
  FixedType from = fixedOf(op.getInput());
  unsigned bits = FixedPointEmitter::getExactWidth(from.getWidth());
  return emitter.requantize(emitter.extend(args[0], from, bits),
                            *from.getFracLength(), fixedOf(op.getResult()),
                            op.getRounding(), op.getOverflow());
}

/// add and sub: both operands aligned to the larger fractional length by
/// exact left shifts, combined, then requantized once.
template <typename OpTy, typename ArithOpTy>
static Value emitAligned(OpTy op, FixedPointEmitter &emitter, ValueRange args,
                         OpBuilder &builder, Location loc) {
  FixedType lhs = fixedOf(op.getLhs()), rhs = fixedOf(op.getRhs());
  int64_t lhsFL = *lhs.getFracLength(), rhsFL = *rhs.getFracLength();
  int64_t fracLength = std::max(lhsFL, rhsFL);
  unsigned magnitude = std::max(lhs.getWidth() + (fracLength - lhsFL),
                                rhs.getWidth() + (fracLength - rhsFL)) +
                       1;
  unsigned bits = FixedPointEmitter::getExactWidth(magnitude);
  auto align = [&](Value stored, FixedType format, int64_t fl) -> Value {
    Value exact = emitter.extend(stored, format, bits);
    if (fl == fracLength)
      return exact;
    return arith::ShLIOp::create(
        builder, loc, exact,
        emitter.constant(exact.getType(), fracLength - fl));
  };
  Value combined = ArithOpTy::create(builder, loc, align(args[0], lhs, lhsFL),
                                     align(args[1], rhs, rhsFL));
  return emitter.requantize(combined, fracLength, fixedOf(op.getResult()),
                            op.getRounding(), op.getOverflow());
}

static Value emitScalar(MulOp op, FixedPointEmitter &emitter, ValueRange args,
                        OpBuilder &builder, Location loc) {
  FixedType lhs = fixedOf(op.getLhs()), rhs = fixedOf(op.getRhs());
  unsigned bits =
      FixedPointEmitter::getExactWidth(lhs.getWidth() + rhs.getWidth());
  Value product =
      arith::MulIOp::create(builder, loc, emitter.extend(args[0], lhs, bits),
                            emitter.extend(args[1], rhs, bits));
  return emitter.requantize(
      product, *lhs.getFracLength() + *rhs.getFracLength(),
      fixedOf(op.getResult()), op.getRounding(), op.getOverflow());
}

static Value emitClamp(FixedPointEmitter &emitter, Value stored,
                       FixedType format, std::optional<double> min,
                       std::optional<double> max) {
  auto [lo, hi] = getClampBounds(format, min, max);
  return emitter.clamp(stored, format, lo, hi);
}

static std::optional<double> toDouble(std::optional<llvm::APFloat> value) {
  if (!value)
    return std::nullopt;
  return value->convertToDouble();
}

namespace {
/// Lowers an elementwise fxp op; `emit` builds the scalar computation.
template <typename OpTy>
struct ElementwiseLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpConversionPattern<OpTy>::OpAdaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type resultType = this->getTypeConverter()->convertType(op.getType());
    Value result = buildElementwise(
        rewriter, op.getLoc(), adaptor.getOperands(), resultType,
        [&](FixedPointEmitter &emitter, Location loc, ValueRange args) {
          return emit(op, emitter, args, rewriter, loc);
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  static Value emit(OpTy op, FixedPointEmitter &emitter, ValueRange args,
                    OpBuilder &builder, Location loc) {
    if constexpr (std::is_same_v<OpTy, AddOp>)
      return emitAligned<AddOp, arith::AddIOp>(op, emitter, args, builder, loc);
    else if constexpr (std::is_same_v<OpTy, SubOp>)
      return emitAligned<SubOp, arith::SubIOp>(op, emitter, args, builder, loc);
    else if constexpr (std::is_same_v<OpTy, MulOp>)
      return emitScalar(op, emitter, args, builder, loc);
    else if constexpr (std::is_same_v<OpTy, ClampOp>)
      return emitClamp(emitter, args[0], fixedOf(op.getInput()),
                       toDouble(op.getMin()), toDouble(op.getMax()));
    else if constexpr (std::is_same_v<OpTy, ReluOp>)
      return emitClamp(emitter, args[0], fixedOf(op.getInput()), 0.0,
                       std::nullopt);
    else
      return emitScalar(op, emitter, args);
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

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

/// The accumulator type of a contraction of `reduction` products.
static IntegerType getAccumulatorType(MLIRContext *ctx, FixedType x,
                                      FixedType w, FixedType bias,
                                      int64_t reduction) {
  // A dynamic reduction is bounded by the 2^31 elements a dimension may have.
  uint64_t count =
      ShapedType::isDynamic(reduction) ? (uint64_t{1} << 31) : reduction;
  auto [lo, hi] = getAccumulatorRange(x, w, bias, count);
  return IntegerType::get(
      ctx, FixedPointEmitter::getExactWidth(getMagnitudeBits(lo, hi)));
}

/// Builds the reduction of a contraction: `maps` index input, weight and the
/// accumulator; the body adds extended products.
static Value buildContraction(OpBuilder &builder, Location loc, Value input,
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

/// Requantizes an accumulator tensor at `accFL` into `resultType`.
template <typename OpTy>
static Value requantizeAccumulator(OpBuilder &builder, OpTy op, Value acc,
                                   int64_t accFL, Type resultType) {
  FixedType result = getFixedElementType(op.getType());
  return buildElementwise(
      builder, op.getLoc(), acc, resultType,
      [&](FixedPointEmitter &emitter, Location, ValueRange args) {
        return emitter.requantize(args[0], accFL, result, op.getRounding(),
                                  op.getOverflow());
      });
}

struct MatmulLowering : OpConversionPattern<MatmulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FixedType x = fixedOf(op.getInput()), w = fixedOf(op.getWeight());
    FixedType bias = op.getBias() ? fixedOf(op.getBias()) : FixedType();
    int64_t reduction = op.getInput().getType().getDimSize(1);
    IntegerType accType =
        getAccumulatorType(op.getContext(), x, w, bias, reduction);
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
    Value acc = buildContraction(rewriter, loc, adaptor.getInput(), x,
                                 adaptor.getWeight(), w, init, maps, 2, 1);
    rewriter.replaceOp(op, requantizeAccumulator(
                               rewriter, op, acc,
                               *x.getFracLength() + *w.getFracLength(),
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
    FixedType x = fixedOf(op.getInput()), w = fixedOf(op.getWeight());
    FixedType bias = op.getBias() ? fixedOf(op.getBias()) : FixedType();
    SmallVector<int64_t, 2> strides = op.getStridesOrDefault();
    SmallVector<int64_t, 2> dilations = op.getDilationsOrDefault();
    SmallVector<int64_t, 4> pad = op.getPadOrDefault();
    int64_t kh = weightType.getDimSize(1), kw = weightType.getDimSize(2);
    int64_t groupChannels = weightType.getDimSize(3);
    int64_t reduction = ShapedType::isDynamic(groupChannels)
                            ? ShapedType::kDynamic
                            : kh * kw * groupChannels;
    IntegerType accType = getAccumulatorType(ctx, x, w, bias, reduction);

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
    Value acc = buildContraction(rewriter, loc, padded, x, adaptor.getWeight(),
                                 w, init, maps, 4, 3);
    rewriter.replaceOp(op, requantizeAccumulator(
                               rewriter, op, acc,
                               *x.getFracLength() + *w.getFracLength(),
                               getTypeConverter()->convertType(op.getType())));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

/// Reduces every window of a pool into `init` with `combine`. The loops are
/// (n, oh, ow, c, kh, kw); a kernel-shaped empty tensor carries kh and kw.
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
  AffineExpr n, oh, ow, c, r, s;
  bindDims(ctx, n, oh, ow, c, r, s);
  SmallVector<AffineMap> maps = {
      AffineMap::get(6, 0, {n, oh * strides[0] + r, ow * strides[1] + s, c},
                     ctx),
      AffineMap::get(6, 0, {r, s}, ctx),
      AffineMap::get(6, 0, {n, oh, ow, c}, ctx)};
  auto generic = linalg::GenericOp::create(
      builder, loc, TypeRange{init.getType()}, ValueRange{padded, window},
      ValueRange{init}, maps, getIterators(4, 2),
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

/// Ops of other dialects (tensor.extract, tensor.empty, ...) that carry
/// fixed-point types get their storage types.
struct ConvertOpTypes : ConversionPattern {
  ConvertOpTypes(const TypeConverter &converter, MLIRContext *ctx)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}
  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (isa<FXPDialect>(op->getDialect()) || op->getNumRegions() != 0)
      return failure();
    SmallVector<Type> resultTypes;
    if (failed(getTypeConverter()->convertTypes(op->getResultTypes(),
                                                resultTypes)))
      return failure();
    OperationState state(op->getLoc(), op->getName(), operands, resultTypes,
                         op->getAttrs(), op->getSuccessors());
    rewriter.replaceOp(op, rewriter.create(state)->getResults());
    return success();
  }
};
} // namespace

void mlir::fxp::populateFXPToArithConversionPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns
      .add<ConstantLowering, BitcastLowering, ElementwiseLowering<QuantizeOp>,
           ElementwiseLowering<DequantizeOp>, ElementwiseLowering<CastOp>,
           ElementwiseLowering<AddOp>, ElementwiseLowering<SubOp>,
           ElementwiseLowering<MulOp>, ElementwiseLowering<ClampOp>,
           ElementwiseLowering<ReluOp>, MatmulLowering, Conv2DLowering,
           MaxPool2DLowering, AvgPool2DLowering, GlobalAvgPoolLowering,
           ConvertOpTypes>(converter, patterns.getContext());
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

namespace {
struct ConvertFXPToArithPass
    : fxp::impl::ConvertFXPToArithBase<ConvertFXPToArithPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (failed(checkKnownFormats(module)))
      return signalPassFailure();

    MLIRContext *ctx = &getContext();
    FixedToStorageTypeConverter converter;
    RewritePatternSet patterns(ctx);
    populateFXPToArithConversionPatterns(converter, patterns);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateCallOpTypeConversionPattern(patterns, converter);
    populateReturnOpTypeConversionPattern(patterns, converter);

    ConversionTarget target(*ctx);
    target.addIllegalDialect<FXPDialect>();
    target.markUnknownOpDynamicallyLegal([&](Operation *op) {
      if (auto func = dyn_cast<FunctionOpInterface>(op))
        return converter.isSignatureLegal(
                   cast<FunctionType>(func.getFunctionType())) &&
               converter.isLegal(&func.getFunctionBody());
      return converter.isLegal(op);
    });
    if (failed(applyFullConversion(module, target, std::move(patterns))))
      return signalPassFailure();
    dropStatistics(module);
  }

  /// Calibration statistics (`fxp.stats` on ops and function arguments)
  /// belong to the fxp dialect, which the lowered module no longer uses.
  static void dropStatistics(ModuleOp module) {
    StringRef name = StatsAttr::getAttrName();
    module.walk([&](Operation *op) {
      op->removeAttr(name);
      if (auto func = dyn_cast<FunctionOpInterface>(op))
        for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
          func.removeArgAttr(i, name);
    });
  }

  /// Reports every value whose format has an unknown fractional length.
  static LogicalResult checkKnownFormats(ModuleOp module) {
    AsmState state(module);
    bool failed = false;
    auto check = [&](Operation *op, Value value) {
      FixedType fixed = getFixedElementType(value.getType());
      if (!fixed || fixed.hasKnownFracLength())
        return;
      std::string name;
      llvm::raw_string_ostream os(name);
      value.printAsOperand(os, state);
      op->emitError("cannot lower ")
          << name << " of type " << value.getType()
          << ": its fractional length is unknown; run "
             "--fxp-infer-frac-lengths first";
      failed = true;
    };
    module.walk([&](Operation *op) {
      for (Value result : op->getResults())
        check(op, result);
      for (Region &region : op->getRegions())
        for (Block &block : region)
          for (BlockArgument arg : block.getArguments())
            check(op, arg);
    });
    return success(!failed);
  }
};
} // namespace
