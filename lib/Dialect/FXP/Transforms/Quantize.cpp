//===- Quantize.cpp - float TOSA model to fxp ops -------------------------===//

#include "fxp/Dialect/FXP/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Tosa/Utils/ConversionUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/InterleavedRange.h"

#include <cfloat>

namespace mlir::fxp {
#define GEN_PASS_DEF_FXPQUANTIZE
#include "fxp/Dialect/FXP/Transforms/Passes.h.inc"
} // namespace mlir::fxp

using namespace mlir;
using namespace mlir::fxp;

namespace {

class TosaQuantizer {
public:
  TosaQuantizer(func::FuncOp func, unsigned weightWidth,
                unsigned firstLastWeightWidth, unsigned activationWidth,
                unsigned accumulatorWidth)
      : func(func), builder(func.getContext()), weightWidth(weightWidth),
        firstLastWeightWidth(firstLastWeightWidth),
        activationWidth(activationWidth), accumulatorWidth(accumulatorWidth) {}

  LogicalResult run();

private:
  void findFirstAndLastContractions(ArrayRef<Operation *> ops);
  FixedType getWeightFormat(Operation *op) {
    unsigned width = weightWidth;
    if (firstOrLast.contains(op))
      width = std::max(width, firstLastWeightWidth);
    return fixed(width, /*isSigned=*/true);
  }
  LogicalResult convert(Operation *op);
  LogicalResult convertConv(Operation *op, bool depthwise);
  LogicalResult convertMatmul(tosa::MatMulOp op);
  LogicalResult convertConcat(tosa::ConcatOp op);
  /// The shape operand of the tensor.reshape standing for `reshape`: its
  /// constant TOSA shape with the -1 (an inferred size) resolved, at run
  /// time when `input` has a dynamic shape.
  FailureOr<Value> buildReshapeShape(tosa::ReshapeOp reshape, Value input);
  void setView(Value view, Value source, Value input, Value result);
  void moveStats(Operation *op);
  Value getFixed(Value value);
  Value getActivation(Value value);
  Value getShared(Value value);
  bool isNonNegative(Value value);
  StatsAttr getStats(Value value);
  FixedType fixed(unsigned width, bool isSigned) {
    return FixedType::get(builder.getContext(), width, isSigned, std::nullopt);
  }
  Type fixedLike(Value like, FixedType element) {
    return cloneWithElementType(like.getType(), element);
  }
  FailureOr<Value> quantizeConstant(Operation *op, Value value,
                                    FixedType format, StringRef what);
  FailureOr<Value> quantizeConstant(Operation *op, DenseFPElementsAttr attr,
                                    FixedType format);

  func::FuncOp func;
  OpBuilder builder;
  unsigned weightWidth, firstLastWeightWidth, activationWidth, accumulatorWidth;
  /// The contractions that no other precedes, or follows.
  llvm::SmallPtrSet<Operation *, 4> firstOrLast;
  /// The fixed-point value standing for each float value of the model.
  DenseMap<Value, Value> fixedValues;
  /// Its activation-width form (a requantization), once a consumer needs it.
  DenseMap<Value, Value> activations;
  /// Transposes stay float (see `convert`).
  SmallVector<tosa::TransposeOp> floatTransposes;
};

} // namespace

StatsAttr TosaQuantizer::getStats(Value value) {
  if (auto arg = dyn_cast<BlockArgument>(value))
    return func.getArgAttrOfType<StatsAttr>(arg.getArgNumber(),
                                            StatsAttr::getAttrName());
  return value.getDefiningOp()->getAttrOfType<StatsAttr>(
      StatsAttr::getAttrName());
}

bool TosaQuantizer::isNonNegative(Value value) {
  if (isa<BlockArgument>(value)) {
    StatsAttr stats = getStats(value);
    return stats && !stats.getMin().isNegative();
  }
  Operation *op = value.getDefiningOp();
  if (auto clamp = dyn_cast<tosa::ClampOp>(op)) {
    auto min = dyn_cast<FloatAttr>(clamp.getMinValAttr());
    return min && min.getValueAsDouble() >= 0;
  }
  if (isa<tosa::MaxPool2dOp, tosa::AvgPool2dOp, tosa::ReshapeOp,
          tosa::TransposeOp, tosa::SliceOp>(op))
    return isNonNegative(op->getOperand(0));
  if (auto concat = dyn_cast<tosa::ConcatOp>(op))
    return llvm::all_of(concat.getInput1(),
                        [&](Value input) { return isNonNegative(input); });
  return false;
}

Value TosaQuantizer::getFixed(Value value) {
  if (Value fixedValue = fixedValues.lookup(value))
    return fixedValue;
  // A float model input: quantize it to an activation.
  OpBuilder::InsertionGuard guard(builder);
  if (auto arg = dyn_cast<BlockArgument>(value))
    builder.setInsertionPointToStart(arg.getOwner());
  else
    builder.setInsertionPointAfterValue(value);
  auto quantize = QuantizeOp::create(
      builder, value.getLoc(),
      fixedLike(value, fixed(activationWidth, !isNonNegative(value))), value);
  if (StatsAttr stats = getStats(value))
    quantize->setAttr(StatsAttr::getAttrName(), stats);
  fixedValues[value] = quantize;
  activations[value] = quantize;
  return quantize;
}

Value TosaQuantizer::getActivation(Value value) {
  if (Value activation = activations.lookup(value))
    return activation;
  Value source = getFixed(value);
  if (getFixedElementType(source.getType()).getWidth() == activationWidth)
    return activations[value] = source;
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointAfterValue(source);
  auto cast = CastOp::create(
      builder, value.getLoc(),
      fixedLike(source, fixed(activationWidth, !isNonNegative(value))), source);
  if (StatsAttr stats = getStats(value))
    cast->setAttr(StatsAttr::getAttrName(), stats);
  return activations[value] = cast;
}

/// What an add or a view (slice, reshape) reads of `value`: its 8-bit
/// activation when other ops read it too, as F8Net's shortcuts do, so that
/// residual streams stay 8 bits wide in memory; the value as computed when
/// the op alone reads it (a conv's accumulator, added exactly in the conv's
/// epilogue).
Value TosaQuantizer::getShared(Value value) {
  return value.hasOneUse() ? getFixed(value) : getActivation(value);
}

FailureOr<Value> TosaQuantizer::quantizeConstant(Operation *op,
                                                 DenseFPElementsAttr attr,
                                                 FixedType format) {
  Value constant = arith::ConstantOp::create(builder, op->getLoc(), attr);
  return QuantizeOp::create(builder, op->getLoc(),
                            cloneWithElementType(attr.getType(), format),
                            constant)
      .getResult();
}

FailureOr<Value> TosaQuantizer::quantizeConstant(Operation *op, Value value,
                                                 FixedType format,
                                                 StringRef what) {
  DenseFPElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return op->emitError("--fxp-quantize needs constant ")
           << what << "; this one is computed";
  return quantizeConstant(op, attr, format);
}

/// TOSA makes a window that does not fit in its padded input an error
/// (ERROR_IF); with a dynamic input size it is checked at run time, before
/// `window` (an fxp conv or pool) computes its output size.
static void checkWindowAtRunTime(OpBuilder &builder, Operation *window) {
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPoint(window);
  cast<RuntimeVerifiableOpInterface>(window).generateRuntimeVerification(
      builder, window->getLoc(), [](Operation *op, StringRef message) {
        std::string text;
        llvm::raw_string_ostream os(text);
        os << "ERROR: '" << op->getName() << "' at " << op->getLoc() << ": "
           << message;
        return text;
      });
}

/// TOSA verifies that a float op's zero points are zero; what remains to
/// check is that the op is a float one (not an already quantized model).
static LogicalResult checkFloat(Operation *op) {
  if (!isa<FloatType>(getElementTypeOrSelf(op->getResult(0).getType())))
    return op->emitError("--fxp-quantize expects a float model, got ")
           << op->getResult(0).getType();
  return success();
}

LogicalResult TosaQuantizer::convertConv(Operation *op, bool depthwise) {
  Value input = op->getOperand(0), weight = op->getOperand(1);
  Value bias = op->getOperand(2);
  if (failed(checkFloat(op)))
    return failure();
  builder.setInsertionPoint(op);
  Value x = getActivation(input);
  DenseFPElementsAttr weights;
  if (!matchPattern(weight, m_Constant(&weights)))
    return op->emitError("--fxp-quantize needs constant weights");
  int64_t groups = 1;
  if (depthwise) {
    // HWCM -> OHWI with O = C * M and I = 1, one group per input channel.
    auto type = cast<ShapedType>(weights.getType());
    int64_t kh = type.getDimSize(0), kw = type.getDimSize(1);
    int64_t c = type.getDimSize(2), m = type.getDimSize(3);
    SmallVector<APFloat> hwcm = llvm::to_vector(weights.getValues<APFloat>());
    SmallVector<APFloat> ohwi(hwcm.size(), APFloat(0.0f));
    for (int64_t h = 0; h < kh; ++h)
      for (int64_t w = 0; w < kw; ++w)
        for (int64_t ci = 0; ci < c; ++ci)
          for (int64_t mi = 0; mi < m; ++mi)
            ohwi[((ci * m + mi) * kh + h) * kw + w] =
                hwcm[((h * kw + w) * c + ci) * m + mi];
    auto ohwiType =
        RankedTensorType::get({c * m, kh, kw, 1}, type.getElementType());
    weights = cast<DenseFPElementsAttr>(DenseElementsAttr::get(ohwiType, ohwi));
    groups = c;
  }
  FailureOr<Value> w = quantizeConstant(op, weights, getWeightFormat(op));
  FailureOr<Value> b = quantizeConstant(
      op, bias, fixed(accumulatorWidth, /*isSigned=*/true), "biases");
  if (failed(w) || failed(b))
    return failure();
  Value result = op->getResult(0);
  auto conv = Conv2DOp::create(
      builder, op->getLoc(),
      fixedLike(result, fixed(accumulatorWidth, /*isSigned=*/true)), x, *w, *b,
      op->getAttrOfType<DenseI64ArrayAttr>("stride"),
      op->getAttrOfType<DenseI64ArrayAttr>("dilation"),
      op->getAttrOfType<DenseI64ArrayAttr>("pad"), groups);
  checkWindowAtRunTime(builder, conv);
  fixedValues[result] = conv;
  return success();
}

/// The per-channel values of a `1 x ... x 1 x N` float constant.
static DenseFPElementsAttr getPerChannel(Value value, int64_t channels) {
  DenseFPElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return {};
  auto type = cast<ShapedType>(attr.getType());
  if (type.getNumElements() != channels || type.getShape().back() != channels)
    return {};
  return cast<DenseFPElementsAttr>(
      attr.reshape(RankedTensorType::get({channels}, type.getElementType())));
}

LogicalResult TosaQuantizer::convertMatmul(tosa::MatMulOp op) {
  if (failed(checkFloat(op)))
    return failure();
  auto aType = cast<RankedTensorType>(op.getA().getType());
  DenseFPElementsAttr weights;
  if (!matchPattern(op.getB(), m_Constant(&weights)))
    return op.emitError("--fxp-quantize needs constant weights");
  builder.setInsertionPoint(op);
  Location loc = op.getLoc();
  // The constant weights have a static shape B x K x N: it gives the batch,
  // K and N where the input or the result leave them dynamic.
  auto weightType = cast<ShapedType>(weights.getType());
  int64_t batch = weightType.getDimSize(0), m = aType.getDimSize(1);
  int64_t k = weightType.getDimSize(1), n = weightType.getDimSize(2);
  Value x = getActivation(op.getA());
  FixedType xFormat = getFixedElementType(x.getType());
  // TOSA requires the input's batch and K to be the weights'.
  auto xType = RankedTensorType::get({batch, m, k}, xFormat);
  if (x.getType() != xType)
    x = tensor::CastOp::create(builder, loc, xType, x);
  // One format for the weights of every batch: the products share theirs.
  FailureOr<Value> w = quantizeConstant(
      op,
      cast<DenseFPElementsAttr>(weights.reshape(
          RankedTensorType::get({batch * k, n}, weights.getElementType()))),
      getWeightFormat(op));
  if (failed(w))
    return failure();
  FixedType wFormat = getFixedElementType(w->getType());
  // A per-channel add right after the matmul is its bias.
  Value bias;
  Operation *absorbed = nullptr;
  if (op->hasOneUse())
    if (auto add = dyn_cast<tosa::AddOp>(*op->getUsers().begin()))
      for (Value operand : add->getOperands())
        if (DenseFPElementsAttr shift = getPerChannel(operand, n)) {
          FailureOr<Value> b = quantizeConstant(
              op, shift, fixed(accumulatorWidth, /*isSigned=*/true));
          bias = *b;
          absorbed = add;
        }
  // fxp.matmul is 2-D: one per batch, on the rows of that batch. Each
  // computes what the matmul (and its bias add) did: the statistics of the
  // whole describe it.
  StatsAttr stats =
      getStats(absorbed ? absorbed->getResult(0) : Value(op.getResult()));
  FixedType accFormat = fixed(accumulatorWidth, /*isSigned=*/true);
  SmallVector<Value> products;
  for (int64_t i = 0; i < batch; ++i) {
    Value rows = x, columns = *w;
    if (batch > 1) {
      // M may be dynamic.
      SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(builder, loc, x);
      sizes[0] = builder.getIndexAttr(1);
      rows = tensor::ExtractSliceOp::create(
          builder, loc, RankedTensorType::get({1, m, k}, xFormat), x,
          getAsIndexOpFoldResult(builder.getContext(), {i, 0, 0}), sizes,
          getAsIndexOpFoldResult(builder.getContext(), {1, 1, 1}));
      columns = tensor::ExtractSliceOp::create(
          builder, loc, RankedTensorType::get({k, n}, wFormat), *w,
          ValueRange(), ValueRange(), ValueRange(), ArrayRef<int64_t>{i * k, 0},
          ArrayRef<int64_t>{k, n}, ArrayRef<int64_t>{1, 1});
    }
    Value x2 = tensor::CollapseShapeOp::create(
        builder, loc, RankedTensorType::get({m, k}, xFormat), rows,
        ArrayRef<ReassociationIndices>{{0, 1}, {2}});
    auto matmul =
        MatmulOp::create(builder, loc, RankedTensorType::get({m, n}, accFormat),
                         x2, columns, bias);
    if (stats)
      matmul->setAttr(StatsAttr::getAttrName(), stats);
    products.push_back(tensor::ExpandShapeOp::create(
        builder, loc, RankedTensorType::get({1, m, n}, accFormat), matmul,
        ArrayRef<ReassociationIndices>{{0, 1}, {2}}));
  }
  Value result =
      batch > 1
          ? tensor::ConcatOp::create(builder, loc, 0, products).getResult()
          : products.front();
  // Later ops see the TOSA result's type, which may leave sizes dynamic.
  Type resultType = fixedLike(op.getResult(), accFormat);
  if (result.getType() != resultType)
    result = tensor::CastOp::create(builder, loc, resultType, result);
  fixedValues[op.getResult()] = result;
  if (absorbed)
    fixedValues[absorbed->getResult(0)] = result;
  return success();
}

LogicalResult TosaQuantizer::convertConcat(tosa::ConcatOp concat) {
  if (failed(checkFloat(concat)))
    return failure();
  // One format for the whole: each input is requantized to an activation
  // carrying the statistics of the concatenation, from which inference
  // chooses the same format for all of them.
  Value result = concat.getResult();
  bool isSigned = !isNonNegative(result);
  StatsAttr stats = getStats(result);
  SmallVector<Value> inputs;
  for (Value operand : concat.getInput1()) {
    Value source = getFixed(operand);
    builder.setInsertionPoint(concat);
    auto cast = CastOp::create(
        builder, concat.getLoc(),
        fixedLike(source, fixed(activationWidth, isSigned)), source);
    if (stats)
      cast->setAttr(StatsAttr::getAttrName(), stats);
    inputs.push_back(cast);
  }
  Value fixedConcat = tensor::ConcatOp::create(builder, concat.getLoc(),
                                               concat.getAxis(), inputs);
  fixedValues[result] = fixedConcat;
  activations[result] = fixedConcat;
  return success();
}

void TosaQuantizer::setView(Value view, Value source, Value input,
                            Value result) {
  fixedValues[view] = result;
  if (activations.lookup(source) == input)
    activations[view] = result;
}

FailureOr<Value> TosaQuantizer::buildReshapeShape(tosa::ReshapeOp reshape,
                                                  Value input) {
  SmallVector<int64_t> shape;
  if (!tosa::getConstShapeValues(reshape.getShape().getDefiningOp(), shape))
    return reshape.emitError("--fxp-quantize needs a constant reshape shape");
  // The product of the given dimensions; at most one is -1, inferred.
  std::optional<int64_t> given = 1;
  for (int64_t size : shape)
    if (size != -1 && given)
      given = llvm::checkedMul(*given, size);
  auto *inferred = llvm::find(shape, -1);
  if (inferred != shape.end() && (!given || *given == 0))
    return reshape.emitError("--fxp-quantize cannot infer the -1 of reshape "
                             "shape (")
           << llvm::interleaved(shape) << ")";
  auto inputType = cast<RankedTensorType>(input.getType());
  if (inferred != shape.end() && inputType.hasStaticShape())
    *inferred = inputType.getNumElements() / *given;
  Location loc = reshape.getLoc();
  auto shapeType =
      RankedTensorType::get({int64_t(shape.size())}, builder.getIndexType());
  if (inferred == shape.end() || inputType.hasStaticShape())
    return arith::ConstantOp::create(
               builder, loc, DenseIntElementsAttr::get(shapeType, shape))
        .getResult();
  // A dynamic input: the inferred size is its element count divided by the
  // given sizes, at run time.
  Value count = arith::ConstantIndexOp::create(builder, loc, 1);
  for (int64_t dim = 0; dim < inputType.getRank(); ++dim)
    count = arith::MulIOp::create(
        builder, loc, count,
        tensor::DimOp::create(builder, loc, input, dim).getResult());
  Value inferredSize = arith::DivUIOp::create(
      builder, loc, count,
      arith::ConstantIndexOp::create(builder, loc, *given).getResult());
  SmallVector<Value> sizes;
  for (int64_t size : shape)
    sizes.push_back(
        size == -1
            ? inferredSize
            : arith::ConstantIndexOp::create(builder, loc, size).getResult());
  return tensor::FromElementsOp::create(builder, loc, shapeType, sizes)
      .getResult();
}

LogicalResult TosaQuantizer::convert(Operation *op) {
  builder.setInsertionPoint(op);
  Location loc = op->getLoc();
  return TypeSwitch<Operation *, LogicalResult>(op)
      .Case<tosa::ConstOp, tosa::ConstShapeOp, arith::ConstantOp>(
          [](Operation *) { return success(); })
      .Case([&](tosa::Conv2DOp conv) { return convertConv(conv, false); })
      .Case(
          [&](tosa::DepthwiseConv2DOp conv) { return convertConv(conv, true); })
      .Case([&](tosa::MatMulOp matmul) { return convertMatmul(matmul); })
      .Case([&](tosa::AddOp add) -> LogicalResult {
        if (fixedValues.count(add.getResult()))
          return success(); // absorbed as a matmul bias
        for (Value operand : add->getOperands())
          if (matchPattern(operand, m_Constant()))
            return add.emitError("--fxp-quantize supports adds of two "
                                 "activations (residuals) and per-channel "
                                 "adds after a conv or matmul");
        Value lhs = getShared(add.getInput1()),
              rhs = getShared(add.getInput2());
        builder.setInsertionPoint(add);
        fixedValues[add.getResult()] =
            AddOp::create(builder, loc,
                          fixedLike(add.getResult(),
                                    fixed(accumulatorWidth, /*isSigned=*/true)),
                          lhs, rhs);
        return success();
      })
      .Case([&](tosa::ClampOp clamp) -> LogicalResult {
        auto minAttr = dyn_cast<FloatAttr>(clamp.getMinValAttr());
        auto maxAttr = dyn_cast<FloatAttr>(clamp.getMaxValAttr());
        if (!minAttr || !maxAttr)
          return clamp.emitError("--fxp-quantize expects float clamp bounds");
        double min = minAttr.getValueAsDouble();
        double max = maxAttr.getValueAsDouble();
        Value input = getFixed(clamp.getInput());
        builder.setInsertionPoint(clamp);
        Value result;
        if (min == 0 && max >= FLT_MAX) {
          result = ReluOp::create(builder, loc, input.getType(), input);
        } else {
          auto newClamp = ClampOp::create(builder, loc, input.getType(), input);
          if (min > -FLT_MAX)
            newClamp.setMinAttr(builder.getF64FloatAttr(min));
          if (max < FLT_MAX)
            newClamp.setMaxAttr(builder.getF64FloatAttr(max));
          result = newClamp;
        }
        fixedValues[clamp.getResult()] = result;
        return success();
      })
      .Case([&](tosa::MaxPool2dOp pool) {
        Value input = getActivation(pool.getInput());
        builder.setInsertionPoint(pool);
        auto newPool = MaxPool2DOp::create(
            builder, loc,
            fixedLike(pool.getResult(), getFixedElementType(input.getType())),
            input, pool.getKernelAttr(), pool.getStrideAttr(),
            pool.getPadAttr());
        checkWindowAtRunTime(builder, newPool);
        fixedValues[pool.getResult()] = newPool;
        activations[pool.getResult()] = newPool;
        return success();
      })
      .Case([&](tosa::AvgPool2dOp pool) -> LogicalResult {
        if (failed(checkFloat(pool)))
          return failure();
        Value input = getActivation(pool.getInput());
        FixedType format = getFixedElementType(input.getType());
        builder.setInsertionPoint(pool);
        auto newPool = AvgPool2DOp::create(
            builder, loc,
            fixedLike(pool.getResult(),
                      fixed(format.getWidth(), format.getIsSigned())),
            input, pool.getKernelAttr(), pool.getStrideAttr(),
            pool.getPadAttr());
        checkWindowAtRunTime(builder, newPool);
        fixedValues[pool.getResult()] = newPool;
        activations[pool.getResult()] = newPool;
        return success();
      })
      .Case([&](tosa::ReshapeOp reshape) -> LogicalResult {
        Value input = getShared(reshape.getInput1());
        builder.setInsertionPoint(reshape);
        FailureOr<Value> shape = buildReshapeShape(reshape, input);
        if (failed(shape))
          return failure();
        Value result = tensor::ReshapeOp::create(
            builder, loc,
            fixedLike(reshape.getResult(),
                      getFixedElementType(input.getType())),
            input, *shape);
        setView(reshape.getResult(), reshape.getInput1(), input, result);
        return success();
      })
      .Case([&](tosa::SliceOp slice) -> LogicalResult {
        SmallVector<int64_t> start, size;
        if (!tosa::getConstShapeValues(slice.getStart().getDefiningOp(),
                                       start) ||
            !tosa::getConstShapeValues(slice.getSize().getDefiningOp(), size))
          return slice.emitError("--fxp-quantize needs a constant slice");
        Value input = getShared(slice.getInput1());
        builder.setInsertionPoint(slice);
        Value result = tensor::ExtractSliceOp::create(
            builder, loc,
            cast<RankedTensorType>(fixedLike(
                slice.getResult(), getFixedElementType(input.getType()))),
            input, ValueRange(), ValueRange(), ValueRange(), start, size,
            SmallVector<int64_t>(start.size(), 1));
        setView(slice.getResult(), slice.getInput1(), input, result);
        return success();
      })
      .Case([&](tosa::ConcatOp concat) { return convertConcat(concat); })
      .Case([&](tosa::TransposeOp transpose) {
        // Transposes move data between layouts, where the ONNX importer puts
        // them: at the model's inputs and outputs. They stay float, on the
        // model input or on the dequantized value (see `run`), and whatever
        // takes their result quantizes it.
        floatTransposes.push_back(transpose);
        return success();
      })
      .Case([&](func::ReturnOp ret) {
        for (OpOperand &operand : ret->getOpOperands()) {
          Value value = operand.get();
          if (!isa<FloatType>(getElementTypeOrSelf(value.getType())) ||
              value.getDefiningOp<tosa::TransposeOp>())
            continue;
          Value fixedValue = getFixed(value);
          builder.setInsertionPoint(ret);
          operand.set(
              DequantizeOp::create(builder, loc, value.getType(), fixedValue));
        }
        return success();
      })
      .Default([&](Operation *) {
        return op->emitError("--fxp-quantize does not support '")
               << op->getName() << "'";
      });
}

/// Statistics that calibration put on `op`'s results move to the fxp ops
/// that now compute them (a contraction's are the pre-activation statistics
/// of the activation its ReLU makes), unless they have their own.
void TosaQuantizer::moveStats(Operation *op) {
  for (Value result : op->getResults()) {
    Value fixedValue = fixedValues.lookup(result);
    Operation *producer = fixedValue ? fixedValue.getDefiningOp() : nullptr;
    StatsAttr stats = getStats(result);
    if (stats && producer && isa<FXPDialect>(producer->getDialect()) &&
        !producer->hasAttr(StatsAttr::getAttrName()))
      producer->setAttr(StatsAttr::getAttrName(), stats);
  }
}

static bool isTosaContraction(Operation *op) {
  return isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::MatMulOp>(op);
}

/// Marks the contractions with no contraction before them (on a path from
/// the function's arguments) or after them (on a path to its results), in
/// `ops`, the function's body in order.
void TosaQuantizer::findFirstAndLastContractions(ArrayRef<Operation *> ops) {
  // Whether a contraction computes part of an op's operands (forward), or
  // uses part of its results (backward).
  DenseSet<Operation *> afterContraction, beforeContraction;
  for (Operation *op : ops) {
    bool after = llvm::any_of(op->getOperands(), [&](Value operand) {
      Operation *producer = operand.getDefiningOp();
      return producer && (isTosaContraction(producer) ||
                          afterContraction.contains(producer));
    });
    if (after)
      afterContraction.insert(op);
    else if (isTosaContraction(op))
      firstOrLast.insert(op);
  }
  for (Operation *op : llvm::reverse(ops)) {
    bool before = llvm::any_of(op->getUsers(), [&](Operation *user) {
      return isTosaContraction(user) || beforeContraction.contains(user);
    });
    if (before)
      beforeContraction.insert(op);
    else if (isTosaContraction(op))
      firstOrLast.insert(op);
  }
}

LogicalResult TosaQuantizer::run() {
  // Only functions with TOSA ops hold a model; drivers and helpers stay.
  bool hasTosa = false;
  func.walk([&](Operation *op) {
    hasTosa |= isa<tosa::TosaDialect>(op->getDialect());
  });
  if (func.isExternal() || !hasTosa)
    return success();
  // BatchNorm first, so that per-channel affines disappear into weights.
  RewritePatternSet patterns(func.getContext());
  populateFoldBatchNormPatterns(patterns);
  if (failed(applyPatternsGreedily(func, std::move(patterns))))
    return failure();

  SmallVector<Operation *> ops;
  for (Operation &op : func.getBody().front())
    ops.push_back(&op);
  findFirstAndLastContractions(ops);
  for (Operation *op : ops) {
    if (failed(convert(op)))
      return failure();
    moveStats(op);
  }
  // Transposes become float linalg.transpose (so that no TOSA is left for
  // the lowering), of the dequantized value when their input was converted.
  for (tosa::TransposeOp transpose : floatTransposes) {
    builder.setInsertionPoint(transpose);
    Location loc = transpose.getLoc();
    Value input = transpose.getInput1();
    Value fixedInput = fixedValues.lookup(input);
    if (fixedInput && !isa<BlockArgument>(input))
      input = DequantizeOp::create(builder, loc, input.getType(), fixedInput);
    auto type = cast<RankedTensorType>(transpose.getType());
    Value init = tensor::EmptyOp::create(builder, loc, type.getShape(),
                                         type.getElementType());
    auto transposed = linalg::TransposeOp::create(
        builder, loc, input, init,
        llvm::to_vector_of<int64_t>(transpose.getPerms()));
    transpose.getResult().replaceAllUsesWith(transposed.getResult()[0]);
  }
  // The float ops are dead now; erase them users first.
  for (Operation *op : llvm::reverse(ops))
    if (!isa<func::ReturnOp>(op) && op->use_empty())
      op->erase();
  return success();
}

namespace {
struct QuantizePass : fxp::impl::FXPQuantizeBase<QuantizePass> {
  using Base::Base;
  void runOnOperation() override {
    if (firstLastWeightWidth > FixedType::kMaxWidth) {
      emitError(getOperation().getLoc(),
                "--fxp-quantize first-last-weight-width must be at most 64, "
                "got ")
          << firstLastWeightWidth.getValue();
      return signalPassFailure();
    }
    for (unsigned width : {weightWidth.getValue(), activationWidth.getValue(),
                           accumulatorWidth.getValue()})
      if (width < FixedType::kMinWidth || width > FixedType::kMaxWidth) {
        emitError(getOperation().getLoc(),
                  "--fxp-quantize widths must be in [2, 64], got ")
            << width;
        return signalPassFailure();
      }
    TosaQuantizer quantizer(getOperation(), weightWidth, firstLastWeightWidth,
                            activationWidth, accumulatorWidth);
    if (failed(quantizer.run()))
      signalPassFailure();
  }
};
} // namespace
