//===- FXPOps.cpp - fxp operations: verifiers and folders -----------------===//

#include "fxp/Dialect/FXP/IR/FXP.h"
#include "fxp/Dialect/FXP/IR/FixedPointArithmetic.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::fxp;
using llvm::APFloat;
using llvm::APInt;

/// `values`, or `fill` repeated N times when the attribute is absent.
template <unsigned N>
static SmallVector<int64_t, N>
getArrayOrDefault(std::optional<ArrayRef<int64_t>> values, int64_t fill) {
  if (values)
    return SmallVector<int64_t, N>(*values);
  return SmallVector<int64_t, N>(N, fill);
}

#include "fxp/Dialect/FXP/IR/FXPInterfaces.cpp.inc"

#define GET_OP_CLASSES
#include "fxp/Dialect/FXP/IR/FXPOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Constant folding of elementwise ops
//===----------------------------------------------------------------------===//

namespace {
/// The elements of one constant operand, kept as a single element when the
/// constant is a scalar or a splat.
template <typename Element> struct ConstantElements {
  SmallVector<Element> values;
  bool isSplat = false;
};
} // namespace

template <typename Element>
static std::optional<ConstantElements<Element>> getElements(Attribute attr) {
  using ScalarAttr = std::conditional_t<std::is_same_v<Element, APInt>,
                                        IntegerAttr, FloatAttr>;
  if (auto scalar = dyn_cast_or_null<ScalarAttr>(attr))
    return ConstantElements<Element>{{scalar.getValue()}, true};
  auto dense = dyn_cast_or_null<DenseElementsAttr>(attr);
  if (!dense || failed(dense.tryGetValues<Element>()))
    return std::nullopt;
  if (dense.isSplat())
    return ConstantElements<Element>{{dense.getSplatValue<Element>()}, true};
  return ConstantElements<Element>{llvm::to_vector(dense.getValues<Element>()),
                                   false};
}

template <typename Element>
static Attribute buildConstant(Type type, ArrayRef<Element> values,
                               bool isSplat) {
  if (auto shaped = dyn_cast<ShapedType>(type)) {
    if (isSplat)
      return DenseElementsAttr::get(shaped, values.front());
    return DenseElementsAttr::get(shaped, values);
  }
  if constexpr (std::is_same_v<Element, APInt>)
    return IntegerAttr::get(type, values.front());
  else
    return FloatAttr::get(type, values.front());
}

/// Folds an elementwise op whose operands are all constants. `fn` maps the
/// operands' elements at one position to the result element; the result is
/// an attribute of `resultType` (a storage or float type).
template <typename In, typename Out>
static Attribute foldElementwise(ArrayRef<Attribute> operands, Type resultType,
                                 function_ref<Out(ArrayRef<In>)> fn) {
  SmallVector<ConstantElements<In>> inputs;
  for (Attribute operand : operands) {
    std::optional<ConstantElements<In>> elements = getElements<In>(operand);
    if (!elements)
      return {};
    inputs.push_back(std::move(*elements));
  }
  bool allSplat = llvm::all_of(inputs, [](auto &in) { return in.isSplat; });
  int64_t count = 1;
  if (!allSplat)
    count = cast<ShapedType>(resultType).getNumElements();
  SmallVector<Out> results;
  results.reserve(count);
  SmallVector<In> args;
  for (int64_t i = 0; i < count; ++i) {
    args.clear();
    for (auto &in : inputs)
      args.push_back(in.isSplat ? in.values.front() : in.values[i]);
    results.push_back(fn(args));
  }
  return buildConstant<Out>(resultType, results, allSplat);
}

/// Whether every given fixed-point scalar or tensor type has a known FL.
static bool allKnown(std::initializer_list<Type> types) {
  return llvm::all_of(types, [](Type type) {
    FixedType fixed = getFixedElementType(type);
    return fixed && fixed.hasKnownFracLength();
  });
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

/// Verifies that a per-axis format (if `type` has one) lists one fractional
/// length per index of its axis.
static LogicalResult verifyPerAxisShape(Operation *op, Type type) {
  FixedPerAxisType perAxis = getFixedPerAxisElementType(type);
  if (!perAxis)
    return success();
  auto shaped = cast<RankedTensorType>(type);
  unsigned axis = perAxis.getAxis();
  if (axis >= shaped.getRank())
    return op->emitOpError("per-axis format's axis ")
           << axis << " is not a dimension of " << type;
  int64_t size = shaped.getDimSize(axis);
  if (size != int64_t(perAxis.getFracLengths().size()))
    return op->emitOpError("per-axis format lists ")
           << perAxis.getFracLengths().size()
           << " fractional lengths for dimension " << axis << " of size "
           << (ShapedType::isDynamic(size) ? "?" : std::to_string(size));
  return success();
}

LogicalResult ConstantOp::verify() {
  if (failed(verifyPerAxisShape(*this, getType())))
    return failure();
  FixedType fixed = getFixedElementType(getType());
  if (fixed && !fixed.hasKnownFracLength())
    return emitOpError("result format must have a known fractional length");
  Type expected = getStorageType(getType());
  if (!isa<IntegerAttr, DenseIntElementsAttr>(getValue()) ||
      getValue().getType() != expected)
    return emitOpError("value must be an integer attribute of the storage "
                       "type ")
           << expected << ", got " << getValue();
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

//===----------------------------------------------------------------------===//
// QuantizeOp / DequantizeOp
//===----------------------------------------------------------------------===//

/// Quantizes the f32 or f64 elements of `input` to words of type `Stored`,
/// each in double precision where that is exact and through quantizeFloat
/// where it is not: folding the weights of a large model must not cost an
/// APFloat and an APInt per element.
template <typename Float, typename Stored>
static Attribute quantizeElements(DenseElementsAttr input, ShapedType type,
                                  const ElementFormats &formats,
                                  RoundingMode rounding,
                                  OverflowMode overflow) {
  SmallVector<Stored> stored;
  stored.reserve(input.getNumElements());
  int64_t index = 0;
  // The stored word is the integer's low bits.
  for (Float value : input.getValues<Float>())
    stored.push_back(Stored(
        quantizeFloat(double(value), formats.at(index++), rounding, overflow)));
  return DenseElementsAttr::get(type, ArrayRef<Stored>(stored));
}

/// quantizeElements for the element types it serves (f32 or f64 into words
/// of 8, 16, 32 or 64 bits; a splat only into a per-axis format, which
/// quantizes it differently per slice); null otherwise.
static Attribute quantizeDenseFloats(Attribute input, Type resultType,
                                     const ElementFormats &formats,
                                     RoundingMode rounding,
                                     OverflowMode overflow) {
  auto dense = dyn_cast_or_null<DenseElementsAttr>(input);
  auto type = dyn_cast<ShapedType>(resultType);
  if (!dense || !type || (dense.isSplat() && formats.isUniform()))
    return {};
  Type element = dense.getElementType();
  auto quantize = [&](auto floatTag, auto storedTag) -> Attribute {
    return quantizeElements<decltype(floatTag), decltype(storedTag)>(
        dense, type, formats, rounding, overflow);
  };
  auto quantizeTo = [&](auto floatTag) -> Attribute {
    switch (formats.at(0).getWidth()) {
    case 8:
      return quantize(floatTag, uint8_t());
    case 16:
      return quantize(floatTag, uint16_t());
    case 32:
      return quantize(floatTag, uint32_t());
    case 64:
      return quantize(floatTag, uint64_t());
    default:
      return {};
    }
  };
  if (element.isF32())
    return quantizeTo(float());
  if (element.isF64())
    return quantizeTo(double());
  return {};
}

LogicalResult QuantizeOp::verify() {
  return verifyPerAxisShape(*this, getType());
}

OpFoldResult QuantizeOp::fold(FoldAdaptor adaptor) {
  bool perAxis = getFixedPerAxisElementType(getType()) != nullptr;
  if (!perAxis && !allKnown({getType()}))
    return {};
  ElementFormats formats(getType());
  if (Attribute folded =
          quantizeDenseFloats(adaptor.getInput(), getStorageType(getType()),
                              formats, getRounding(), getOverflow()))
    return folded;
  if (perAxis) {
    // Other widths and float types, element by element.
    auto dense = dyn_cast_or_null<DenseFPElementsAttr>(adaptor.getInput());
    if (!dense)
      return {};
    SmallVector<APInt> stored;
    stored.reserve(dense.getNumElements());
    for (auto [index, value] : llvm::enumerate(dense.getValues<APFloat>()))
      stored.push_back(quantizeFloat(value, formats.at(index), getRounding(),
                                     getOverflow()));
    return DenseElementsAttr::get(cast<ShapedType>(getStorageType(getType())),
                                  stored);
  }
  FixedType format = formats.at(0);
  return foldElementwise<APFloat, APInt>(
      adaptor.getOperands(), getStorageType(getType()),
      [&](ArrayRef<APFloat> x) {
        return quantizeFloat(x[0], format, getRounding(), getOverflow());
      });
}

OpFoldResult DequantizeOp::fold(FoldAdaptor adaptor) {
  if (!allKnown({getInput().getType()}))
    return {};
  FixedType format = getFixedElementType(getInput().getType());
  auto floatType = cast<FloatType>(getElementTypeOrSelf(getType()));
  return foldElementwise<APInt, APFloat>(
      adaptor.getOperands(), getType(), [&](ArrayRef<APInt> q) {
        return dequantizeStored(q[0], format, floatType.getFloatSemantics());
      });
}

//===----------------------------------------------------------------------===//
// CastOp
//===----------------------------------------------------------------------===//

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  Type inputType = getInput().getType();
  FixedType from = getFixedElementType(inputType);
  FixedType to = getFixedElementType(getType());
  // A cast to the same format only changes a stored -2^(W-1), and only when
  // it saturates.
  if (inputType == getType() &&
      (getOverflow() == OverflowMode::Wrap || !to.getIsSigned()))
    return getInput();
  // cast(cast(x)) -> cast(x) when the inner cast is exact for every x.
  if (auto inner = getInput().getDefiningOp<CastOp>()) {
    if (isExactlyRepresentable(getFixedElementType(inner.getInput().getType()),
                               from)) {
      getInputMutable().assign(inner.getInput());
      return getResult();
    }
  }
  if (!allKnown({inputType, getType()}))
    return {};
  return foldElementwise<APInt, APInt>(
      adaptor.getOperands(), getStorageType(getType()), [&](ArrayRef<APInt> q) {
        return castStored(q[0], from, to, getRounding(), getOverflow());
      });
}

//===----------------------------------------------------------------------===//
// BitcastOp
//===----------------------------------------------------------------------===//

/// The width of the stored word of an integer or fixed-point element type.
static unsigned getStorageWidth(Type element) {
  if (auto fixed = dyn_cast<FixedType>(element))
    return fixed.getWidth();
  if (auto perAxis = dyn_cast<FixedPerAxisType>(element))
    return perAxis.getWidth();
  return cast<IntegerType>(element).getWidth();
}

LogicalResult BitcastOp::verify() {
  if (failed(verifyPerAxisShape(*this, getInput().getType())) ||
      failed(verifyPerAxisShape(*this, getType())))
    return failure();
  Type from = getElementTypeOrSelf(getInput().getType());
  Type to = getElementTypeOrSelf(getType());
  if (isa<IntegerType>(from) && isa<IntegerType>(to))
    return emitOpError("needs a fixed-point operand or result; use "
                       "arith.bitcast between integers");
  if (getStorageWidth(from) != getStorageWidth(to))
    return emitOpError("storage widths differ: ")
           << getStorageWidth(from) << " vs " << getStorageWidth(to);
  for (Type element : {from, to})
    if (auto fixed = dyn_cast<FixedType>(element);
        fixed && !fixed.hasKnownFracLength())
      return emitOpError("cannot reinterpret storage as ")
             << fixed << ": its fractional length is unknown";
  return success();
}

OpFoldResult BitcastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  if (auto inner = getInput().getDefiningOp<BitcastOp>()) {
    if (inner.getInput().getType() == getType())
      return inner.getInput();
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  // Storage is unchanged: the constant's integers are the result's.
  if (isa_and_nonnull<IntegerAttr, DenseIntElementsAttr>(adaptor.getInput()))
    return adaptor.getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// AddOp / SubOp / MulOp
//===----------------------------------------------------------------------===//

/// Folds a binary op on constants: `combine` gets both exact operands and
/// returns the exact result at fractional length `exactFL`.
template <typename OpTy>
static OpFoldResult
foldBinary(OpTy op, ArrayRef<Attribute> operands,
           function_ref<APInt(const APInt &, const APInt &)> combine,
           function_ref<int64_t(int64_t, int64_t)> getExactFL,
           bool alignOperands) {
  Type lhsType = op.getLhs().getType(), rhsType = op.getRhs().getType();
  if (!allKnown({lhsType, rhsType, op.getType()}))
    return {};
  FixedType lhs = getFixedElementType(lhsType);
  FixedType rhs = getFixedElementType(rhsType);
  FixedType result = getFixedElementType(op.getType());
  int64_t lhsFL = *lhs.getFracLength(), rhsFL = *rhs.getFracLength();
  int64_t exactFL = getExactFL(lhsFL, rhsFL);
  return foldElementwise<APInt, APInt>(
      operands, getStorageType(op.getType()), [&](ArrayRef<APInt> q) {
        APInt a = widenStored(q[0], lhs.getIsSigned());
        APInt b = widenStored(q[1], rhs.getIsSigned());
        if (alignOperands) {
          a = a.shl(exactFL - lhsFL);
          b = b.shl(exactFL - rhsFL);
        }
        APInt exact = combine(a, b);
        return fitToFormat(
            rescale(exact, exactFL, *result.getFracLength(), op.getRounding()),
            result, op.getOverflow());
      });
}

static int64_t maxFL(int64_t a, int64_t b) { return std::max(a, b); }
static int64_t sumFL(int64_t a, int64_t b) { return a + b; }

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getOperands(),
      [](const APInt &a, const APInt &b) { return a + b; }, maxFL,
      /*alignOperands=*/true);
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getOperands(),
      [](const APInt &a, const APInt &b) { return a - b; }, maxFL,
      /*alignOperands=*/true);
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getOperands(),
      [](const APInt &a, const APInt &b) { return a * b; }, sumFL,
      /*alignOperands=*/false);
}

//===----------------------------------------------------------------------===//
// ClampOp / ReluOp
//===----------------------------------------------------------------------===//

LogicalResult ClampOp::verify() {
  std::optional<APFloat> min = getMin(), max = getMax();
  if ((min && min->isNaN()) || (max && max->isNaN()))
    return emitOpError("bounds must not be NaN");
  if (min && max && min->compare(*max) == APFloat::cmpGreaterThan)
    return emitOpError("min (") << min->convertToDouble() << ") exceeds max ("
                                << max->convertToDouble() << ")";
  return success();
}

/// Folds a clamp to stored-integer bounds [lo, hi]: the identity when the
/// bounds are the ends of the stored range, else elementwise on constants.
static OpFoldResult foldClamp(Operation *op, Value input, Attribute constant,
                              std::optional<double> min,
                              std::optional<double> max) {
  if (!min && !max)
    return input;
  if (!allKnown({input.getType()}))
    return {};
  FixedType format = getFixedElementType(input.getType());
  auto bounds = getClampBounds(format, min, max);
  APInt lo = bounds.first, hi = bounds.second;
  unsigned width = format.getWidth();
  if (lo == format.getStorageMin(width + 1).trunc(width) &&
      hi == format.getSaturationMax(width + 1).trunc(width))
    return input;
  bool isSigned = format.getIsSigned();
  auto less = [&](const APInt &a, const APInt &b) {
    return isSigned ? a.slt(b) : a.ult(b);
  };
  return foldElementwise<APInt, APInt>(
      constant, getStorageType(op->getResult(0).getType()),
      [&](ArrayRef<APInt> q) {
        if (less(q[0], lo))
          return lo;
        if (less(hi, q[0]))
          return hi;
        return q[0];
      });
}

static std::optional<double> toDouble(std::optional<APFloat> value) {
  if (!value)
    return std::nullopt;
  return value->convertToDouble();
}

OpFoldResult ClampOp::fold(FoldAdaptor adaptor) {
  return foldClamp(*this, getInput(), adaptor.getInput(), toDouble(getMin()),
                   toDouble(getMax()));
}

OpFoldResult ReluOp::fold(FoldAdaptor adaptor) {
  if (getInput().getDefiningOp<ReluOp>())
    return getInput();
  return foldClamp(*this, getInput(), adaptor.getInput(), 0.0, std::nullopt);
}

//===----------------------------------------------------------------------===//
// Contractions: MatmulOp / Conv2DOp
//===----------------------------------------------------------------------===//

/// Verifies the accumulation rules shared by matmul and conv2d: the bias has
/// FL_x + FL_w, and with `overflow wrap` the result holds the exact
/// accumulator of `reduction` products (plus bias) for every input.
static LogicalResult verifyAccumulation(Operation *op, Type inputType,
                                        Type weightType, Value bias,
                                        Type resultType, int64_t reduction,
                                        RoundingMode rounding,
                                        OverflowMode overflow) {
  if (FixedPerAxisType perAxis = getFixedPerAxisElementType(weightType)) {
    unsigned channelDim =
        cast<ContractionOpInterface>(op).getWeightChannelDim();
    if (perAxis.getAxis() != channelDim)
      return op->emitOpError("per-axis weights must have their fractional "
                             "lengths along the output-channel dimension ")
             << channelDim << ", got axis " << perAxis.getAxis();
    if (failed(verifyPerAxisShape(op, weightType)))
      return failure();
  }
  FixedType x = getFixedElementType(inputType);
  FixedType w = getAlignedWeightFormat(weightType);
  FixedType result = getFixedElementType(resultType);
  FixedType biasFormat = bias ? getFixedElementType(bias.getType()) : nullptr;
  bool known = x.hasKnownFracLength() && w.hasKnownFracLength();
  std::optional<int64_t> accFL;
  if (known)
    accFL = *x.getFracLength() + *w.getFracLength();
  if (biasFormat && accFL && biasFormat.hasKnownFracLength() &&
      *biasFormat.getFracLength() != *accFL)
    return op->emitOpError("bias fractional length must be FL_x + FL_w = ")
           << *accFL << ", got " << *biasFormat.getFracLength();
  if (overflow != OverflowMode::Wrap)
    return success();
  if (!accFL || !result.hasKnownFracLength() ||
      (biasFormat && !biasFormat.hasKnownFracLength()))
    return op->emitOpError("with overflow wrap, every format must be known to "
                           "prove that the accumulator does not wrap");
  if (ShapedType::isDynamic(reduction))
    return op->emitOpError("with overflow wrap, the reduction size must be "
                           "static to prove that the accumulator does not "
                           "wrap");
  auto [lo, hi] = getAccumulatorRange(x, w, biasFormat, reduction);
  // Rounding is monotonic, so the ends of the range bound the result.
  lo = rescale(lo, *accFL, *result.getFracLength(), rounding);
  hi = rescale(hi, *accFL, *result.getFracLength(), rounding);
  auto [rLo, rHi] = getStoredRange(result);
  if (lo.slt(rLo) || hi.sgt(rHi))
    return op->emitOpError("result format ")
           << result << " cannot hold the exact accumulator of " << reduction
           << " products, and overflow wrap would corrupt it; widen the "
              "result or saturate";
  return success();
}

/// Verifies that an optional bias is a vector of `channels` elements.
static LogicalResult verifyBiasShape(Operation *op, Value bias,
                                     int64_t channels) {
  if (!bias)
    return success();
  auto type = cast<RankedTensorType>(bias.getType());
  if (type.getRank() != 1 ||
      !verifyCompatibleShape(type.getShape(), {channels}).succeeded())
    return op->emitOpError("bias must have shape [")
           << (ShapedType::isDynamic(channels) ? "?" : std::to_string(channels))
           << "], got " << type;
  return success();
}

/// Whether two dimensions may be equal (either is dynamic, or they are).
static bool compatible(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
}

int64_t MatmulOp::getReductionSize() {
  int64_t k = getInput().getType().getDimSize(1);
  return ShapedType::isDynamic(k) ? getWeight().getType().getDimSize(0) : k;
}

LogicalResult MatmulOp::verify() {
  auto x = getInput().getType(), w = getWeight().getType();
  auto y = getType();
  if (x.getRank() != 2 || w.getRank() != 2 || y.getRank() != 2)
    return emitOpError("expects rank-2 input, weight and result, got ranks ")
           << x.getRank() << ", " << w.getRank() << ", " << y.getRank();
  if (!compatible(x.getDimSize(1), w.getDimSize(0)))
    return emitOpError("reduction dimensions differ: input has K = ")
           << x.getDimSize(1) << ", weight has K = " << w.getDimSize(0);
  if (!compatible(y.getDimSize(0), x.getDimSize(0)) ||
      !compatible(y.getDimSize(1), w.getDimSize(1)))
    return emitOpError("result shape must be [M, N] = [")
           << x.getDimSize(0) << ", " << w.getDimSize(1) << "], got " << y;
  if (failed(verifyBiasShape(*this, getBias(), w.getDimSize(1))))
    return failure();
  return verifyAccumulation(*this, x, w, getBias(), y, getReductionSize(),
                            getRounding(), getOverflow());
}

/// Verifies the sizes and ranges of the window attributes.
static LogicalResult verifyWindowAttrs(Operation *op, ArrayRef<int64_t> kernel,
                                       ArrayRef<int64_t> strides,
                                       ArrayRef<int64_t> dilations,
                                       ArrayRef<int64_t> pad) {
  auto check = [&](StringRef name, ArrayRef<int64_t> values, size_t size,
                   int64_t min) -> LogicalResult {
    if (values.size() != size)
      return op->emitOpError("'") << name << "' must have " << size
                                  << " elements, got " << values.size();
    for (int64_t v : values)
      if (v < min)
        return op->emitOpError("'")
               << name << "' elements must be >= " << min << ", got " << v;
    return success();
  };
  if (failed(check("kernel", kernel, 2, 1)) ||
      failed(check("strides", strides, 2, 1)) ||
      failed(check("dilations", dilations, 2, 1)) ||
      failed(check("pad", pad, 4, 0)))
    return failure();
  return success();
}

/// The output size of a window of size `kernel` sliding over `size` elements,
/// or nothing when the dilated window or the padded input has more than
/// 2^63 - 1 elements.
static std::optional<int64_t> getWindowedSize(int64_t size, int64_t kernel,
                                              int64_t stride, int64_t dilation,
                                              int64_t padBefore,
                                              int64_t padAfter) {
  std::optional<int64_t> span =
      llvm::checkedMulAdd<int64_t>(dilation, kernel - 1, 1);
  std::optional<int64_t> pad = llvm::checkedAdd(padBefore, padAfter);
  if (!span || !pad)
    return std::nullopt;
  if (ShapedType::isDynamic(size))
    return ShapedType::kDynamic;
  std::optional<int64_t> padded = llvm::checkedAdd(size, *pad);
  if (!padded)
    return std::nullopt;
  if (*padded < *span)
    return 0;
  return (*padded - *span) / stride + 1;
}

/// Verifies that `result` is the NHWC output of a window over NHWC `input`
/// with `channels` output channels.
static LogicalResult
verifyWindowedShape(Operation *op, RankedTensorType input,
                    RankedTensorType result, ArrayRef<int64_t> kernel,
                    ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                    ArrayRef<int64_t> pad, int64_t channels) {
  if (input.getRank() != 4 || result.getRank() != 4)
    return op->emitOpError("expects NHWC input and result of rank 4, got ")
           << input << " and " << result;
  std::optional<int64_t> height = getWindowedSize(
      input.getDimSize(1), kernel[0], strides[0], dilations[0], pad[0], pad[1]);
  std::optional<int64_t> width = getWindowedSize(
      input.getDimSize(2), kernel[1], strides[1], dilations[1], pad[2], pad[3]);
  for (auto [name, size] :
       {std::pair<StringRef, std::optional<int64_t>>{"height", height},
        {"width", width}})
    if (!size)
      return op->emitOpError("dilated window or padded input ")
             << name << " is larger than 2^63 - 1";
  SmallVector<int64_t, 4> expected = {input.getDimSize(0), *height, *width,
                                      channels};
  if (expected[1] == 0 || expected[2] == 0)
    return op->emitOpError("window does not fit in the padded input");
  for (auto [want, got] : llvm::zip(expected, result.getShape()))
    if (!compatible(want, got)) {
      std::string shape;
      llvm::raw_string_ostream os(shape);
      llvm::interleave(
          expected, os,
          [&](int64_t d) {
            if (ShapedType::isDynamic(d))
              os << '?';
            else
              os << d;
          },
          "x");
      return op->emitOpError("result shape must be ")
             << shape << ", got " << result;
    }
  return success();
}

LogicalResult Conv2DOp::verify() {
  auto x = getInput().getType(), w = getWeight().getType();
  auto y = getType();
  if (w.getRank() != 4)
    return emitOpError("expects OHWI weights of rank 4, got ") << w;
  SmallVector<int64_t, 2> kernel = {w.getDimSize(1), w.getDimSize(2)};
  if (ShapedType::isDynamic(kernel[0]) || ShapedType::isDynamic(kernel[1]))
    return emitOpError("kernel height and width must be static");
  SmallVector<int64_t, 2> strides = getStridesOrDefault();
  SmallVector<int64_t, 2> dilations = getDilationsOrDefault();
  SmallVector<int64_t, 4> pad = getPadOrDefault();
  if (failed(verifyWindowAttrs(*this, kernel, strides, dilations, pad)) ||
      failed(verifyWindowedShape(*this, x, y, kernel, strides, dilations, pad,
                                 w.getDimSize(0))))
    return failure();
  int64_t groups = getGroups();
  int64_t channels = x.getDimSize(3), outChannels = w.getDimSize(0);
  if (groups < 1)
    return emitOpError("groups must be positive, got ") << groups;
  if (!ShapedType::isDynamic(channels) && channels % groups != 0)
    return emitOpError("groups (")
           << groups << ") must divide the " << channels << " input channels";
  if (!ShapedType::isDynamic(outChannels) && outChannels % groups != 0)
    return emitOpError("groups (") << groups << ") must divide the "
                                   << outChannels << " output channels";
  if (groups > 1 && outChannels == 0)
    return emitOpError("groups (")
           << groups << ") need at least one output channel each, got none";
  int64_t groupChannels =
      ShapedType::isDynamic(channels) ? channels : channels / groups;
  if (!compatible(w.getDimSize(3), groupChannels))
    return emitOpError("weight input channels must be C / groups = ")
           << groupChannels << ", got " << w.getDimSize(3);
  if (failed(verifyBiasShape(*this, getBias(), outChannels)))
    return failure();
  return verifyAccumulation(*this, x, w, getBias(), y, getReductionSize(),
                            getRounding(), getOverflow());
}

int64_t Conv2DOp::getReductionSize() {
  int64_t size = 1;
  for (int64_t dim : getWeight().getType().getShape().drop_front()) {
    std::optional<int64_t> product = llvm::checkedMul(size, dim);
    // A size beyond int64 is as unknown as a dynamic one.
    if (ShapedType::isDynamic(dim) || !product)
      return ShapedType::kDynamic;
    size = *product;
  }
  return size;
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

template <typename PoolOp> static LogicalResult verifyPool(PoolOp op) {
  ArrayRef<int64_t> kernel = op.getKernel();
  SmallVector<int64_t, 2> strides = op.getStridesOrDefault();
  SmallVector<int64_t, 4> pad = op.getPadOrDefault();
  SmallVector<int64_t, 2> dilations = {1, 1};
  if (failed(verifyWindowAttrs(op, kernel, strides, dilations, pad)))
    return failure();
  // Every window must hold at least one input element: the average divides by
  // that count and the maximum of padding alone is undefined.
  if (pad[0] >= kernel[0] || pad[1] >= kernel[0] || pad[2] >= kernel[1] ||
      pad[3] >= kernel[1])
    return op.emitOpError("padding must be smaller than the kernel");
  // The average divides by a window's element count.
  if (!llvm::checkedMul(kernel[0], kernel[1]))
    return op.emitOpError("window of ")
           << kernel[0] << "x" << kernel[1]
           << " elements is larger than 2^63 - 1 elements";
  auto x = op.getInput().getType();
  return verifyWindowedShape(op, x, op.getType(), kernel, strides, dilations,
                             pad, x.getRank() == 4 ? x.getDimSize(3) : 0);
}

LogicalResult MaxPool2DOp::verify() {
  if (getInput().getType().getElementType() != getType().getElementType())
    return emitOpError("result format must equal the input format ")
           << getInput().getType().getElementType() << ", got "
           << getType().getElementType();
  return verifyPool(*this);
}

LogicalResult AvgPool2DOp::verify() { return verifyPool(*this); }

LogicalResult GlobalAvgPoolOp::verify() {
  auto x = getInput().getType();
  auto y = getType();
  if (x.getRank() != 4)
    return emitOpError("expects an NHWC input of rank 4, got ") << x;
  if (y.getRank() != 4 || !compatible(y.getDimSize(0), x.getDimSize(0)) ||
      y.getDimSize(1) != 1 || y.getDimSize(2) != 1 ||
      !compatible(y.getDimSize(3), x.getDimSize(3)))
    return emitOpError("result shape must be ")
           << x.getDimSize(0) << "x1x1x" << x.getDimSize(3) << ", got " << y;
  if (x.getDimSize(1) == 0 || x.getDimSize(2) == 0)
    return emitOpError("input must have a non-empty spatial extent");
  // The average divides by the element count of the spatial extent.
  if (!x.isDynamicDim(1) && !x.isDynamicDim(2) &&
      !llvm::checkedMul(x.getDimSize(1), x.getDimSize(2)))
    return emitOpError("spatial extent of ")
           << x.getDimSize(1) << "x" << x.getDimSize(2)
           << " elements is larger than 2^63 - 1 elements";
  return success();
}

//===----------------------------------------------------------------------===//
// Runtime verification of windows over dynamic inputs
//===----------------------------------------------------------------------===//

/// Asserts at run time that every dynamic spatial dimension of the NHWC
/// `input`, once padded, holds the dilated window: the verifier can only
/// check static dimensions, and the output size of a window that does not fit
/// would be negative.
static void generateWindowVerification(
    Operation *op, OpBuilder &builder, Location loc, Value input,
    ArrayRef<int64_t> kernel, ArrayRef<int64_t> dilations,
    ArrayRef<int64_t> pad,
    function_ref<std::string(Operation *, StringRef)> generateErrorMessage) {
  auto type = cast<RankedTensorType>(input.getType());
  for (unsigned i : {0u, 1u}) {
    int64_t dim = i + 1;
    StringRef name = i == 0 ? "height" : "width";
    if (!type.isDynamicDim(dim))
      continue;
    // The verifier proved that the window and the padding fit in 64 bits.
    int64_t needed =
        dilations[i] * (kernel[i] - 1) + 1 - pad[2 * i] - pad[2 * i + 1];
    if (needed <= 0)
      continue;
    Value size = tensor::DimOp::create(builder, loc, input, dim);
    Value fits = arith::CmpIOp::create(
        builder, loc, arith::CmpIPredicate::sge, size,
        arith::ConstantIndexOp::create(builder, loc, needed));
    cf::AssertOp::create(
        builder, loc, fits,
        generateErrorMessage(op, ("input " + name + " must be at least " +
                                  Twine(needed) + " to hold the padded window")
                                     .str()));
  }
}

void Conv2DOp::generateRuntimeVerification(
    OpBuilder &builder, Location loc,
    function_ref<std::string(Operation *, StringRef)> generateErrorMessage) {
  RankedTensorType weight = getWeight().getType();
  generateWindowVerification(*this, builder, loc, getInput(),
                             {weight.getDimSize(1), weight.getDimSize(2)},
                             getDilationsOrDefault(), getPadOrDefault(),
                             generateErrorMessage);
}

void MaxPool2DOp::generateRuntimeVerification(
    OpBuilder &builder, Location loc,
    function_ref<std::string(Operation *, StringRef)> generateErrorMessage) {
  generateWindowVerification(*this, builder, loc, getInput(), getKernel(),
                             {1, 1}, getPadOrDefault(), generateErrorMessage);
}

void AvgPool2DOp::generateRuntimeVerification(
    OpBuilder &builder, Location loc,
    function_ref<std::string(Operation *, StringRef)> generateErrorMessage) {
  generateWindowVerification(*this, builder, loc, getInput(), getKernel(),
                             {1, 1}, getPadOrDefault(), generateErrorMessage);
}
