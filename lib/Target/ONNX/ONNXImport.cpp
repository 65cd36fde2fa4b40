//===- ONNXImport.cpp - ONNX models to float TOSA -------------------------===//
//
// Reads an ONNX ModelProto and builds one func.func of float TOSA in the
// form --fxp-quantize takes: convolutions with constant OHWI/HWCM weights and
// shared zero points, BatchNorm as a per-channel tosa.mul and tosa.add that
// --fxp-fold-batchnorm folds, fully connected layers as a batch-1
// tosa.matmul followed by the bias add.
//
// ONNX activations are NCHW and TOSA convolutions and pools NHWC. Every
// imported tensor carries its layout (see `Layout`): a convolution's result
// stays NHWC through the element-wise ops, pools and convolutions after it,
// so a model gets one transpose at each input and output and none between
// layers.
//
//===----------------------------------------------------------------------===//

#include "fxp/Target/ONNX/ONNXImport.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/SourceMgr.h"

#include "onnx/onnx_pb.h"

#include <cfloat>
#include <cmath>

using namespace mlir;

namespace {

/// How the TOSA value of an ONNX tensor holds its elements.
enum class Layout {
  /// In the ONNX shape and order.
  ONNX,
  /// A 4-D ONNX tensor [N, C, H, W] held as [N, H, W, C], the layout of
  /// TOSA convolutions and pools.
  NHWC,
  /// A 2-D ONNX tensor [N, C*H*W] (a flattened NCHW tensor) held as the
  /// [N, H, W, C] tensor it was flattened from: a fully connected layer
  /// after it permutes its constant weights instead of transposing the
  /// activation.
  FlattenedNHWC,
};

/// An ONNX tensor during import: a constant known at import time
/// (initializers, Constant nodes, Casts of them), or a TOSA value.
struct Tensor {
  /// f32 or i64 elements.
  DenseElementsAttr constant;
  Value value;
  Layout layout = Layout::ONNX;
};

/// The permutations between NCHW and NHWC: dimension i of the result is
/// dimension perm[i] of the operand.
constexpr int64_t kToNHWC[] = {0, 2, 3, 1};
constexpr int64_t kToNCHW[] = {0, 3, 1, 2};

/// One spatial axis of a convolution or pooling window.
struct WindowAxis {
  int64_t input, kernel, stride, dilation, padBefore, padAfter, output;
  int64_t getEffectiveKernel() const { return (kernel - 1) * dilation + 1; }
};

class ModelImporter {
public:
  ModelImporter(MLIRContext *context, Location fileLoc)
      : context(context), builder(fileLoc, context), fileLoc(fileLoc) {}

  OwningOpRef<ModuleOp> importModel(const onnx::ModelProto &model);

private:
  using ImportFn = LogicalResult (ModelImporter::*)(const onnx::NodeProto &);
  struct OpImporter {
    StringLiteral opType;
    /// The attributes the importer reads, space-separated; any other is an
    /// error.
    StringLiteral attributes;
    ImportFn import;
  };
  static const OpImporter opImporters[];

  LogicalResult checkOpset(const onnx::ModelProto &model);
  LogicalResult importInitializers(const onnx::GraphProto &graph);
  LogicalResult importInputs(const onnx::GraphProto &graph);
  LogicalResult importNode(const onnx::NodeProto &node);
  LogicalResult importOutputs(const onnx::GraphProto &graph);

  // One function per ONNX op.
  LogicalResult importAdd(const onnx::NodeProto &node);
  LogicalResult importMul(const onnx::NodeProto &node);
  LogicalResult importAveragePool(const onnx::NodeProto &node);
  LogicalResult importBatchNormalization(const onnx::NodeProto &node);
  LogicalResult importCast(const onnx::NodeProto &node);
  LogicalResult importClip(const onnx::NodeProto &node);
  LogicalResult importConcat(const onnx::NodeProto &node);
  LogicalResult importConstant(const onnx::NodeProto &node);
  LogicalResult importConv(const onnx::NodeProto &node);
  LogicalResult importDropout(const onnx::NodeProto &node);
  LogicalResult importFlatten(const onnx::NodeProto &node);
  LogicalResult importGemm(const onnx::NodeProto &node);
  LogicalResult importGlobalAveragePool(const onnx::NodeProto &node);
  LogicalResult importIdentity(const onnx::NodeProto &node);
  LogicalResult importMatMul(const onnx::NodeProto &node);
  LogicalResult importMaxPool(const onnx::NodeProto &node);
  LogicalResult importGather(const onnx::NodeProto &node);
  LogicalResult importRelu(const onnx::NodeProto &node);
  LogicalResult importReshape(const onnx::NodeProto &node);
  LogicalResult importShape(const onnx::NodeProto &node);
  LogicalResult importSqueeze(const onnx::NodeProto &node);
  LogicalResult importTranspose(const onnx::NodeProto &node);
  LogicalResult importUnsqueeze(const onnx::NodeProto &node);

  // Shared parts of the op importers.
  LogicalResult importElementwise(const onnx::NodeProto &node, bool isMul);
  FailureOr<Value> importFullyConnected(const onnx::NodeProto &node,
                                        const Tensor &a, const Tensor &b,
                                        bool transposeB, float alpha);
  LogicalResult importPool(const onnx::NodeProto &node, bool isMax);
  LogicalResult importReshapeTo(const onnx::NodeProto &node, const Tensor &x,
                                ArrayRef<int64_t> shape);
  FailureOr<SmallVector<WindowAxis, 2>> getWindow(const onnx::NodeProto &node,
                                                  ArrayRef<int64_t> inputSize,
                                                  ArrayRef<int64_t> kernel,
                                                  bool isPool);
  Value sliceForWindow(Value nhwc, ArrayRef<WindowAxis> window);
  /// The sorted, non-negative axes of Squeeze (`addedDims` 0) or Unsqueeze
  /// (1) of a tensor of rank `rank`.
  FailureOr<SmallVector<int64_t>> getAxes(const onnx::NodeProto &node,
                                          int64_t addedDims, int64_t rank);
  Value createClamp(Value input, float min, float max);

  /// The location of the ops of an ONNX node, or of a graph input: its
  /// name. It holds no file location, so that the diagnostics of later
  /// passes print the name (loc("conv1")) instead of the file. The
  /// importer's own errors are at the file and name the node in the text.
  Location getNameLoc(StringRef name) {
    return NameLoc::get(StringAttr::get(context, name));
  }

  // Diagnostics, attributes, inputs and outputs of the current node.
  InFlightDiagnostic emitNodeError(const onnx::NodeProto &node);
  /// The value of attribute `name` of `node`, of `type`, read by `read`;
  /// `defaultValue` when the node has none.
  template <typename T, typename ReadFn>
  FailureOr<T> getAttribute(const onnx::NodeProto &node, StringRef name,
                            onnx::AttributeProto::AttributeType type,
                            T defaultValue, ReadFn read);
  FailureOr<int64_t> getInt(const onnx::NodeProto &node, StringRef name,
                            int64_t defaultValue);
  FailureOr<float> getFloat(const onnx::NodeProto &node, StringRef name,
                            float defaultValue);
  FailureOr<std::string> getString(const onnx::NodeProto &node, StringRef name,
                                   StringRef defaultValue);
  FailureOr<SmallVector<int64_t>> getInts(const onnx::NodeProto &node,
                                          StringRef name,
                                          ArrayRef<int64_t> defaultValue);
  FailureOr<const Tensor *> getInput(const onnx::NodeProto &node, int index,
                                     bool optional = false);
  FailureOr<DenseElementsAttr> getConstantInput(const onnx::NodeProto &node,
                                                int index, StringRef what,
                                                bool optional = false);
  FailureOr<float> getScalarInput(const onnx::NodeProto &node, int index,
                                  StringRef what, float defaultValue);
  LogicalResult checkUnusedOutputs(const onnx::NodeProto &node,
                                   int usedOutputs);
  LogicalResult setOutput(const onnx::NodeProto &node, Tensor tensor);

  // Tensors and layouts.
  FailureOr<DenseElementsAttr> readTensor(const onnx::TensorProto &proto);
  SmallVector<int64_t> getShape(const Tensor &tensor);
  Value materialize(DenseElementsAttr constant);
  Value toONNXLayout(const Tensor &tensor);
  Value toNHWC(const Tensor &tensor);
  Value getAsShape(const Tensor &tensor, ArrayRef<int64_t> shape);
  Value createReshape(Value value, ArrayRef<int64_t> shape);
  Value createTranspose(Value value, ArrayRef<int64_t> perm);
  Value getZeroPoint();
  Value getShift();

  MLIRContext *context;
  ImplicitLocOpBuilder builder;
  Location fileLoc;
  func::FuncOp func;
  /// Every ONNX tensor defined so far, by name.
  llvm::StringMap<Tensor> tensors;
  /// The zero points and the mul shift every op shares, made on first use.
  Value zeroPoint, shift;
  /// The reshapes (by shape, a DenseI64ArrayAttr) and transposes (by perms,
  /// a DenseI32ArrayAttr) made of each value, so that a value several ops
  /// take in another layout is converted once.
  DenseMap<std::pair<Value, Attribute>, Value> layoutChanges;
};

} // namespace

//===----------------------------------------------------------------------===//
// Shapes and constants
//===----------------------------------------------------------------------===//

/// The most elements a tensor of an imported model may have: far beyond any
/// model, and small enough that products of element counts and sizes never
/// overflow 64 bits.
constexpr int64_t kMaxElements = int64_t(1) << 40;

/// Multiplies `count` by `dim`; false when the product exceeds kMaxElements.
static bool multiplyElementCount(int64_t &count, int64_t dim) {
  return !llvm::MulOverflow(count, dim, count) && count <= kMaxElements;
}

static int64_t getNumElements(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

static SmallVector<int64_t> permute(ArrayRef<int64_t> shape,
                                    ArrayRef<int64_t> perm) {
  return llvm::map_to_vector(perm, [&](int64_t dim) { return shape[dim]; });
}

/// Whether transposing `shape` by `perm` keeps the elements in memory order
/// (only dimensions of size 1 move), so that a reshape does it.
static bool movesNoData(ArrayRef<int64_t> shape, ArrayRef<int64_t> perm) {
  int64_t last = -1;
  for (int64_t dim : perm) {
    if (shape[dim] == 1)
      continue;
    if (dim < last)
      return false;
    last = dim;
  }
  return true;
}

static RankedTensorType getF32Type(MLIRContext *context,
                                   ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, Float32Type::get(context));
}

static DenseElementsAttr getF32Constant(MLIRContext *context,
                                        ArrayRef<int64_t> shape,
                                        ArrayRef<float> values) {
  return DenseElementsAttr::get(getF32Type(context, shape), values);
}

static DenseElementsAttr reshapeConstant(DenseElementsAttr constant,
                                         ArrayRef<int64_t> shape) {
  return constant.reshape(
      RankedTensorType::get(shape, constant.getElementType()));
}

/// `constant` with its dimensions permuted: result dimension i is dimension
/// perm[i] of `constant`.
static DenseElementsAttr transposeConstant(DenseElementsAttr constant,
                                           ArrayRef<int64_t> perm) {
  auto type = cast<RankedTensorType>(constant.getType());
  ArrayRef<int64_t> shape = type.getShape();
  SmallVector<int64_t> resultShape = permute(shape, perm);
  // An empty constant has nothing to move (and no element size to divide
  // its bytes by).
  if (constant.isSplat() || constant.empty() || movesNoData(shape, perm))
    return reshapeConstant(constant, resultShape);
  int64_t rank = shape.size();
  SmallVector<int64_t> strides(rank, 1);
  for (int64_t i = rank - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  ArrayRef<char> data = constant.getRawData();
  size_t elementBytes = data.size() / type.getNumElements();
  SmallVector<char> result(data.size());
  SmallVector<int64_t> index(rank, 0);
  for (int64_t out = 0, count = type.getNumElements(); out < count; ++out) {
    int64_t in = 0;
    for (int64_t i = 0; i < rank; ++i)
      in += index[i] * strides[perm[i]];
    std::memcpy(&result[out * elementBytes], &data[in * elementBytes],
                elementBytes);
    // The next index of the result, last dimension fastest.
    for (int64_t i = rank - 1; i >= 0 && ++index[i] == resultShape[i]; --i)
      index[i] = 0;
  }
  return DenseElementsAttr::getFromRawBuffer(
      RankedTensorType::get(resultShape, type.getElementType()), result);
}

/// The concatenation of `constants` along dimension `dim`, or failure when
/// their element types differ.
static FailureOr<DenseElementsAttr>
concatConstants(ArrayRef<DenseElementsAttr> constants, int64_t dim) {
  Type elementType = constants.front().getElementType();
  auto firstType = cast<RankedTensorType>(constants.front().getType());
  SmallVector<int64_t> shape(firstType.getShape());
  shape[dim] = 0;
  for (DenseElementsAttr constant : constants) {
    if (constant.getElementType() != elementType)
      return failure();
    shape[dim] += cast<RankedTensorType>(constant.getType()).getDimSize(dim);
  }
  auto type = RankedTensorType::get(shape, elementType);
  // Row-major: each constant contributes a block of its trailing dimensions
  // for every index of the leading ones.
  int64_t outer = getNumElements(ArrayRef(shape).take_front(dim));
  size_t elementBytes = elementType.getIntOrFloatBitWidth() / 8;
  SmallVector<char> data;
  for (int64_t i = 0; i < outer; ++i)
    for (DenseElementsAttr constant : constants) {
      int64_t block = constant.getNumElements() / outer;
      for (int64_t j = 0; j < block; ++j) {
        // A splat holds one element; index it as the whole tensor.
        int64_t index = constant.isSplat() ? 0 : i * block + j;
        ArrayRef<char> raw = constant.getRawData();
        data.append(raw.begin() + index * elementBytes,
                    raw.begin() + (index + 1) * elementBytes);
      }
    }
  return DenseElementsAttr::getFromRawBuffer(type, data);
}

/// The numpy broadcast of two shapes, or nothing when they do not broadcast.
static std::optional<SmallVector<int64_t>>
broadcastShapes(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t l = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t r = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (l != r && l != 1 && r != 1)
      return std::nullopt;
    result[i] = l == 1 ? r : l;
  }
  return result;
}

/// `shape` with leading 1s up to `rank` dimensions (numpy broadcasting).
static SmallVector<int64_t> getRankedShape(ArrayRef<int64_t> shape,
                                           int64_t rank) {
  SmallVector<int64_t> ranked(rank - shape.size(), 1);
  llvm::append_range(ranked, shape);
  return ranked;
}

/// The f32 values of `constant` broadcast to `shape`.
static SmallVector<float> broadcastValues(DenseElementsAttr constant,
                                          ArrayRef<int64_t> shape) {
  SmallVector<int64_t> from = getRankedShape(
      cast<RankedTensorType>(constant.getType()).getShape(), shape.size());
  SmallVector<float> values = llvm::to_vector(constant.getValues<float>());
  int64_t rank = shape.size();
  // The stride of each dimension in `values`; 0 where it is broadcast.
  SmallVector<int64_t> strides(rank, 0);
  for (int64_t i = rank - 1, stride = 1; i >= 0; stride *= from[i--])
    strides[i] = from[i] == 1 ? 0 : stride;
  SmallVector<float> result;
  SmallVector<int64_t> index(rank, 0);
  for (int64_t count = getNumElements(shape); count > 0; --count) {
    int64_t offset = 0;
    for (int64_t i = 0; i < rank; ++i)
      offset += index[i] * strides[i];
    result.push_back(values[offset]);
    for (int64_t i = rank - 1; i >= 0 && ++index[i] == shape[i]; --i)
      index[i] = 0;
  }
  return result;
}

static std::string formatShape(ArrayRef<int64_t> shape) {
  std::string text = "[";
  llvm::raw_string_ostream os(text);
  llvm::interleaveComma(shape, os);
  os << "]";
  return text;
}

static StringRef getTypeName(int32_t type) {
  if (!onnx::TensorProto::DataType_IsValid(type))
    return "an unknown type";
  return onnx::TensorProto::DataType_Name(
      static_cast<onnx::TensorProto::DataType>(type));
}

/// Reads `count` little-endian values of type `Stored` from `raw` as `T`.
template <typename T, typename Stored>
static SmallVector<T> readRaw(const std::string &raw, int64_t count) {
  SmallVector<T> values;
  values.reserve(count);
  for (int64_t i = 0; i < count; ++i)
    values.push_back(static_cast<T>(
        llvm::support::endian::read<Stored, llvm::endianness::little>(
            raw.data() + i * sizeof(Stored))));
  return values;
}

FailureOr<DenseElementsAttr>
ModelImporter::readTensor(const onnx::TensorProto &proto) {
  auto fail = [&]() {
    return emitError(fileLoc) << "tensor '" << proto.name() << "': ";
  };
  if (proto.data_location() == onnx::TensorProto::EXTERNAL)
    return fail() << "external data is not supported; save the model with "
                     "its weights inside";
  if (proto.has_segment())
    return fail() << "segmented tensors are not supported";
  SmallVector<int64_t> shape;
  int64_t count = 1;
  for (int64_t dim : proto.dims()) {
    if (dim < 0 || !multiplyElementCount(count, dim))
      return fail() << "bad dimensions "
                    << formatShape(llvm::to_vector(proto.dims()));
    shape.push_back(dim);
  }
  const std::string &raw = proto.raw_data();
  int32_t type = proto.data_type();
  // How many values the typed field or the raw bytes hold.
  auto checkCount = [&](int64_t typedCount,
                        size_t elementBytes) -> LogicalResult {
    int64_t held =
        proto.has_raw_data() ? int64_t(raw.size() / elementBytes) : typedCount;
    if ((proto.has_raw_data() && raw.size() % elementBytes != 0) ||
        held != count) {
      fail() << "holds " << held << " values for the dimensions "
             << formatShape(shape) << " (" << count << " values)";
      return failure();
    }
    return success();
  };
  switch (type) {
  case onnx::TensorProto::FLOAT:
  case onnx::TensorProto::DOUBLE: {
    bool isDouble = type == onnx::TensorProto::DOUBLE;
    if (failed(checkCount(isDouble ? proto.double_data_size()
                                   : proto.float_data_size(),
                          isDouble ? 8 : 4)))
      return failure();
    SmallVector<float> values;
    if (proto.has_raw_data())
      values = isDouble ? readRaw<float, double>(raw, count)
                        : readRaw<float, float>(raw, count);
    else if (isDouble)
      values.assign(proto.double_data().begin(), proto.double_data().end());
    else
      values.assign(proto.float_data().begin(), proto.float_data().end());
    return getF32Constant(context, shape, values);
  }
  case onnx::TensorProto::INT64:
  case onnx::TensorProto::INT32:
  case onnx::TensorProto::INT16:
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::UINT16:
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::BOOL: {
    bool isInt64 = type == onnx::TensorProto::INT64;
    size_t bytes =
        isInt64                            ? 8
        : type == onnx::TensorProto::INT32 ? 4
        : type == onnx::TensorProto::INT16 || type == onnx::TensorProto::UINT16
            ? 2
            : 1;
    if (failed(checkCount(isInt64 ? proto.int64_data_size()
                                  : proto.int32_data_size(),
                          bytes)))
      return failure();
    SmallVector<int64_t> values;
    if (!proto.has_raw_data() && isInt64)
      values.assign(proto.int64_data().begin(), proto.int64_data().end());
    else if (!proto.has_raw_data())
      values.assign(proto.int32_data().begin(), proto.int32_data().end());
    else if (isInt64)
      values = readRaw<int64_t, int64_t>(raw, count);
    else if (type == onnx::TensorProto::INT32)
      values = readRaw<int64_t, int32_t>(raw, count);
    else if (type == onnx::TensorProto::INT16)
      values = readRaw<int64_t, int16_t>(raw, count);
    else if (type == onnx::TensorProto::UINT16)
      values = readRaw<int64_t, uint16_t>(raw, count);
    else if (type == onnx::TensorProto::INT8)
      values = readRaw<int64_t, int8_t>(raw, count);
    else
      values = readRaw<int64_t, uint8_t>(raw, count);
    return DenseElementsAttr::get(
        RankedTensorType::get(shape, IntegerType::get(context, 64)),
        ArrayRef<int64_t>(values));
  }
  default:
    return fail() << "elements of type " << getTypeName(type)
                  << " are not supported; supported: FLOAT, DOUBLE and "
                     "integers";
  }
}

//===----------------------------------------------------------------------===//
// Values and layouts
//===----------------------------------------------------------------------===//

SmallVector<int64_t> ModelImporter::getShape(const Tensor &tensor) {
  if (tensor.constant)
    return llvm::to_vector(
        cast<RankedTensorType>(tensor.constant.getType()).getShape());
  ArrayRef<int64_t> shape =
      cast<RankedTensorType>(tensor.value.getType()).getShape();
  switch (tensor.layout) {
  case Layout::ONNX:
    return llvm::to_vector(shape);
  case Layout::NHWC:
    return permute(shape, kToNCHW);
  case Layout::FlattenedNHWC:
    return {shape[0], shape[1] * shape[2] * shape[3]};
  }
  llvm_unreachable("unknown layout");
}

Value ModelImporter::getZeroPoint() {
  if (!zeroPoint) {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(&func.getBody().front());
    zeroPoint =
        tosa::ConstOp::create(builder, fileLoc, getF32Type(context, {1}),
                              getF32Constant(context, {1}, {0.0f}));
  }
  return zeroPoint;
}

Value ModelImporter::getShift() {
  if (!shift) {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(&func.getBody().front());
    auto type = RankedTensorType::get({1}, builder.getI8Type());
    shift = tosa::ConstOp::create(builder, fileLoc, type,
                                  DenseElementsAttr::get(type, int8_t(0)));
  }
  return shift;
}

Value ModelImporter::materialize(DenseElementsAttr constant) {
  return tosa::ConstOp::create(builder, constant.getType(), constant);
}

Value ModelImporter::createReshape(Value value, ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getShape() == shape)
    return value;
  Value &reshaped = layoutChanges[{value, builder.getDenseI64ArrayAttr(shape)}];
  if (!reshaped) {
    auto shapeType =
        RankedTensorType::get({int64_t(shape.size())}, builder.getIndexType());
    Value shapeValue = tosa::ConstShapeOp::create(
        builder, tosa::shapeType::get(context, shape.size()),
        DenseIntElementsAttr::get(shapeType, shape));
    reshaped =
        tosa::ReshapeOp::create(builder, type.clone(shape), value, shapeValue);
  }
  return reshaped;
}

Value ModelImporter::createTranspose(Value value, ArrayRef<int64_t> perm) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape = permute(type.getShape(), perm);
  if (movesNoData(type.getShape(), perm))
    return createReshape(value, shape);
  SmallVector<int32_t> perms(perm.begin(), perm.end());
  Value &transposed =
      layoutChanges[{value, builder.getDenseI32ArrayAttr(perms)}];
  if (!transposed)
    transposed =
        tosa::TransposeOp::create(builder, type.clone(shape), value, perms);
  return transposed;
}

Value ModelImporter::toONNXLayout(const Tensor &tensor) {
  if (tensor.constant)
    return materialize(tensor.constant);
  switch (tensor.layout) {
  case Layout::ONNX:
    return tensor.value;
  case Layout::NHWC:
    return createTranspose(tensor.value, kToNCHW);
  case Layout::FlattenedNHWC:
    return createReshape(createTranspose(tensor.value, kToNCHW),
                         getShape(tensor));
  }
  llvm_unreachable("unknown layout");
}

Value ModelImporter::toNHWC(const Tensor &tensor) {
  if (tensor.constant)
    return materialize(transposeConstant(tensor.constant, kToNHWC));
  if (tensor.layout == Layout::NHWC)
    return tensor.value;
  return createTranspose(toONNXLayout(tensor), kToNHWC);
}

/// The ONNX-layout value of `tensor` reshaped to `shape`; a constant is
/// reshaped at import time, so that it stays a constant operand.
Value ModelImporter::getAsShape(const Tensor &tensor, ArrayRef<int64_t> shape) {
  if (tensor.constant)
    return materialize(reshapeConstant(tensor.constant, shape));
  return createReshape(toONNXLayout(tensor), shape);
}

//===----------------------------------------------------------------------===//
// Nodes: attributes, inputs and outputs
//===----------------------------------------------------------------------===//

static StringRef getNodeName(const onnx::NodeProto &node) {
  if (!node.name().empty())
    return node.name();
  if (node.output_size() > 0 && !node.output(0).empty())
    return node.output(0);
  return node.op_type();
}

InFlightDiagnostic ModelImporter::emitNodeError(const onnx::NodeProto &node) {
  return emitError(fileLoc)
         << "'" << node.op_type() << "' node '" << getNodeName(node) << "': ";
}

template <typename T, typename ReadFn>
FailureOr<T>
ModelImporter::getAttribute(const onnx::NodeProto &node, StringRef name,
                            onnx::AttributeProto::AttributeType type,
                            T defaultValue, ReadFn read) {
  for (const onnx::AttributeProto &attribute : node.attribute()) {
    if (attribute.name() != name)
      continue;
    if (attribute.type() != type)
      return emitNodeError(node)
             << "attribute '" << name << "' must be of type "
             << onnx::AttributeProto::AttributeType_Name(type);
    return T(read(attribute));
  }
  return defaultValue;
}

FailureOr<int64_t> ModelImporter::getInt(const onnx::NodeProto &node,
                                         StringRef name, int64_t defaultValue) {
  return getAttribute(node, name, onnx::AttributeProto::INT, defaultValue,
                      [](const onnx::AttributeProto &a) { return a.i(); });
}

FailureOr<float> ModelImporter::getFloat(const onnx::NodeProto &node,
                                         StringRef name, float defaultValue) {
  return getAttribute(node, name, onnx::AttributeProto::FLOAT, defaultValue,
                      [](const onnx::AttributeProto &a) { return a.f(); });
}

FailureOr<std::string> ModelImporter::getString(const onnx::NodeProto &node,
                                                StringRef name,
                                                StringRef defaultValue) {
  return getAttribute(node, name, onnx::AttributeProto::STRING,
                      defaultValue.str(),
                      [](const onnx::AttributeProto &a) { return a.s(); });
}

FailureOr<SmallVector<int64_t>>
ModelImporter::getInts(const onnx::NodeProto &node, StringRef name,
                       ArrayRef<int64_t> defaultValue) {
  return getAttribute(
      node, name, onnx::AttributeProto::INTS, llvm::to_vector(defaultValue),
      [](const onnx::AttributeProto &a) { return llvm::to_vector(a.ints()); });
}

FailureOr<const Tensor *> ModelImporter::getInput(const onnx::NodeProto &node,
                                                  int index, bool optional) {
  if (index >= node.input_size() || node.input(index).empty()) {
    if (optional)
      return static_cast<const Tensor *>(nullptr);
    return emitNodeError(node) << "input " << index << " is missing";
  }
  auto it = tensors.find(node.input(index));
  if (it == tensors.end())
    return emitNodeError(node) << "input '" << node.input(index)
                               << "' is not defined before the node";
  return &it->second;
}

FailureOr<DenseElementsAttr>
ModelImporter::getConstantInput(const onnx::NodeProto &node, int index,
                                StringRef what, bool optional) {
  FailureOr<const Tensor *> input = getInput(node, index, optional);
  if (failed(input))
    return failure();
  if (!*input)
    return DenseElementsAttr();
  if (!(*input)->constant)
    return emitNodeError(node)
           << "the " << what << " (input '" << node.input(index)
           << "') must be a constant: an initializer or a Constant node, "
              "possibly through Cast";
  return (*input)->constant;
}

FailureOr<float> ModelImporter::getScalarInput(const onnx::NodeProto &node,
                                               int index, StringRef what,
                                               float defaultValue) {
  FailureOr<DenseElementsAttr> constant =
      getConstantInput(node, index, what, /*optional=*/true);
  if (failed(constant))
    return failure();
  if (!*constant)
    return defaultValue;
  if (constant->getNumElements() != 1 ||
      !isa<FloatType>(constant->getElementType()))
    return emitNodeError(node) << "the " << what << " must be a float scalar";
  return *constant->getValues<float>().begin();
}

LogicalResult ModelImporter::checkUnusedOutputs(const onnx::NodeProto &node,
                                                int usedOutputs) {
  for (int i = usedOutputs; i < node.output_size(); ++i)
    if (!node.output(i).empty())
      return emitNodeError(node)
             << "output " << i << " ('" << node.output(i)
             << "') is not supported; only the first " << usedOutputs
             << (usedOutputs == 1 ? " output is" : " outputs are");
  return success();
}

LogicalResult ModelImporter::setOutput(const onnx::NodeProto &node,
                                       Tensor tensor) {
  if (node.output_size() == 0 || node.output(0).empty())
    return emitNodeError(node) << "has no output";
  if (!tensors.try_emplace(node.output(0), tensor).second)
    return emitNodeError(node)
           << "output '" << node.output(0) << "' is defined twice";
  return success();
}

//===----------------------------------------------------------------------===//
// Convolutions and pools
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<WindowAxis, 2>>
ModelImporter::getWindow(const onnx::NodeProto &node,
                         ArrayRef<int64_t> inputSize, ArrayRef<int64_t> kernel,
                         bool isPool) {
  FailureOr<SmallVector<int64_t>> strides = getInts(node, "strides", {1, 1});
  FailureOr<SmallVector<int64_t>> dilations =
      getInts(node, "dilations", {1, 1});
  FailureOr<SmallVector<int64_t>> pads = getInts(node, "pads", {0, 0, 0, 0});
  FailureOr<std::string> autoPad = getString(node, "auto_pad", "NOTSET");
  FailureOr<int64_t> ceilMode = getInt(node, "ceil_mode", 0);
  if (failed(strides) || failed(dilations) || failed(pads) || failed(autoPad) ||
      failed(ceilMode))
    return failure();
  if (strides->size() != 2 || dilations->size() != 2 || pads->size() != 4)
    return emitNodeError(node)
           << "expects 2 strides, 2 dilations and 4 pads for a 2-D window";
  if (llvm::any_of(*strides, [](int64_t s) { return s < 1; }) ||
      llvm::any_of(*dilations, [](int64_t d) { return d < 1; }) ||
      llvm::any_of(*pads, [](int64_t p) { return p < 0; }))
    return emitNodeError(node) << "strides and dilations must be positive "
                                  "and pads non-negative";
  bool isSame = *autoPad == "SAME_UPPER" || *autoPad == "SAME_LOWER";
  if (!isSame && *autoPad != "NOTSET" && *autoPad != "VALID")
    return emitNodeError(node)
           << "auto_pad '" << *autoPad
           << "' is not supported; supported: NOTSET, VALID, SAME_UPPER, "
              "SAME_LOWER";
  if (*autoPad != "NOTSET" && llvm::any_of(*pads, [](int64_t p) { return p; }))
    return emitNodeError(node)
           << "has both pads and auto_pad '" << *autoPad << "'";
  SmallVector<WindowAxis, 2> window;
  for (int i = 0; i < 2; ++i) {
    WindowAxis axis{
        inputSize[i],   kernel[i], (*strides)[i], (*dilations)[i], (*pads)[i],
        (*pads)[i + 2], 0};
    int64_t effectiveKernel = axis.getEffectiveKernel();
    if (isSame) {
      axis.output = llvm::divideCeilSigned(axis.input, axis.stride);
      int64_t total = std::max<int64_t>(
          (axis.output - 1) * axis.stride + effectiveKernel - axis.input, 0);
      axis.padBefore = *autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
      axis.padAfter = total - axis.padBefore;
    } else {
      int64_t span =
          axis.input + axis.padBefore + axis.padAfter - effectiveKernel;
      if (span < 0)
        return emitNodeError(node)
               << "the window (" << effectiveKernel
               << ") is larger than the padded input ("
               << axis.input + axis.padBefore + axis.padAfter << ")";
      axis.output =
          (isPool && *ceilMode ? llvm::divideCeilSigned(span, axis.stride)
                               : span / axis.stride) +
          1;
    }
    window.push_back(axis);
  }
  return window;
}

/// TOSA requires the padded input to end exactly where the last window does,
/// where ONNX drops a remainder: the bottom and right padding become what the
/// last window needs, and input rows or columns no window reads are sliced
/// away (`sliceForWindow`).
static void fitPadding(MutableArrayRef<WindowAxis> window) {
  for (WindowAxis &axis : window) {
    int64_t needed = (axis.output - 1) * axis.stride +
                     axis.getEffectiveKernel() - axis.padBefore;
    axis.padAfter = std::max<int64_t>(needed - axis.input, 0);
    axis.input = std::min(axis.input, needed);
  }
}

static SmallVector<int64_t> getTosaPad(ArrayRef<WindowAxis> window) {
  return {window[0].padBefore, window[0].padAfter, window[1].padBefore,
          window[1].padAfter};
}

Value ModelImporter::sliceForWindow(Value nhwc, ArrayRef<WindowAxis> window) {
  auto type = cast<RankedTensorType>(nhwc.getType());
  SmallVector<int64_t> size = {type.getDimSize(0), window[0].input,
                               window[1].input, type.getDimSize(3)};
  if (size == type.getShape())
    return nhwc;
  auto shapeValue = [&](ArrayRef<int64_t> values) -> Value {
    return tosa::ConstShapeOp::create(
        builder, tosa::shapeType::get(context, 4),
        DenseIntElementsAttr::get(
            RankedTensorType::get({4}, builder.getIndexType()), values));
  };
  return tosa::SliceOp::create(builder, type.clone(size), nhwc,
                               shapeValue({0, 0, 0, 0}), shapeValue(size));
}

LogicalResult ModelImporter::importConv(const onnx::NodeProto &node) {
  FailureOr<const Tensor *> x = getInput(node, 0);
  FailureOr<DenseElementsAttr> w = getConstantInput(node, 1, "weight");
  FailureOr<const Tensor *> b = getInput(node, 2, /*optional=*/true);
  FailureOr<int64_t> groups = getInt(node, "group", 1);
  if (failed(x) || failed(w) || failed(b) || failed(groups))
    return failure();
  SmallVector<int64_t> xShape = getShape(**x);
  auto wType = cast<RankedTensorType>(w->getType());
  if (xShape.size() != 4 || wType.getRank() != 4)
    return emitNodeError(node)
           << "only 2-D convolutions (4-D input and weight) are supported, "
              "got input "
           << formatShape(xShape) << " and weight "
           << formatShape(wType.getShape());
  int64_t channels = xShape[1], outChannels = wType.getDimSize(0);
  int64_t kh = wType.getDimSize(2), kw = wType.getDimSize(3);
  if (*groups < 1 || channels % *groups || outChannels % *groups ||
      wType.getDimSize(1) != channels / *groups)
    return emitNodeError(node)
           << "weight " << formatShape(wType.getShape()) << " and group "
           << *groups << " do not fit " << channels << " input channels";
  FailureOr<SmallVector<int64_t>> kernelShape =
      getInts(node, "kernel_shape", {kh, kw});
  if (failed(kernelShape))
    return failure();
  if (*kernelShape != ArrayRef<int64_t>{kh, kw})
    return emitNodeError(node) << "kernel_shape " << formatShape(*kernelShape)
                               << " differs from the weight's";
  FailureOr<SmallVector<WindowAxis, 2>> window =
      getWindow(node, {xShape[2], xShape[3]}, {kh, kw}, /*isPool=*/false);
  if (failed(window))
    return failure();
  fitPadding(*window);

  Value bias;
  if (!*b)
    bias = materialize(getF32Constant(context, {outChannels},
                                      SmallVector<float>(outChannels, 0.0f)));
  else if (getShape(**b) != ArrayRef<int64_t>{outChannels})
    return emitNodeError(node)
           << "the bias must have " << outChannels << " elements, got "
           << formatShape(getShape(**b));
  else
    bias = toONNXLayout(**b);

  Value input = sliceForWindow(toNHWC(**x), *window);
  SmallVector<int64_t> pad = getTosaPad(*window);
  SmallVector<int64_t> stride = {(*window)[0].stride, (*window)[1].stride};
  SmallVector<int64_t> dilation = {(*window)[0].dilation,
                                   (*window)[1].dilation};
  auto resultType = getF32Type(context, {xShape[0], (*window)[0].output,
                                         (*window)[1].output, outChannels});
  Value result;
  int64_t groupSize = channels / *groups;
  if (*groups > 1 && groupSize == 1) {
    // Depthwise: weights [C*M, 1, KH, KW] -> [KH, KW, C, M].
    int64_t multiplier = outChannels / channels;
    DenseElementsAttr hwcm = transposeConstant(
        reshapeConstant(*w, {channels, multiplier, kh, kw}), {2, 3, 0, 1});
    result = tosa::DepthwiseConv2DOp::create(
        builder, resultType, input, materialize(hwcm), bias, getZeroPoint(),
        getZeroPoint(), pad, stride, dilation, builder.getF32Type());
  } else {
    DenseElementsAttr ohwi = transposeConstant(*w, kToNHWC);
    if (*groups > 1) {
      // Other grouped convolutions become one dense convolution whose
      // weights are zero between groups: exact, and --fxp-fold-batchnorm
      // and --fxp-quantize take it as any convolution.
      int64_t perGroup = outChannels / *groups;
      SmallVector<float> grouped = llvm::to_vector(ohwi.getValues<float>());
      SmallVector<float> dense(outChannels * kh * kw * channels, 0.0f);
      for (int64_t o = 0; o < outChannels; ++o)
        for (int64_t k = 0; k < kh * kw; ++k)
          for (int64_t i = 0; i < groupSize; ++i)
            dense[(o * kh * kw + k) * channels + (o / perGroup) * groupSize +
                  i] = grouped[(o * kh * kw + k) * groupSize + i];
      ohwi = getF32Constant(context, {outChannels, kh, kw, channels}, dense);
    }
    result = tosa::Conv2DOp::create(
        builder, resultType, input, materialize(ohwi), bias, getZeroPoint(),
        getZeroPoint(), pad, stride, dilation, builder.getF32Type());
  }
  return setOutput(node, {{}, result, Layout::NHWC});
}

LogicalResult ModelImporter::importPool(const onnx::NodeProto &node,
                                        bool isMax) {
  FailureOr<const Tensor *> x = getInput(node, 0);
  FailureOr<SmallVector<int64_t>> kernel = getInts(node, "kernel_shape", {});
  if (failed(x) || failed(kernel) || failed(checkUnusedOutputs(node, 1)))
    return failure();
  SmallVector<int64_t> xShape = getShape(**x);
  if (xShape.size() != 4 || kernel->size() != 2)
    return emitNodeError(node)
           << "only 2-D pooling (a 4-D input and 2 kernel sizes) is "
              "supported, got input "
           << formatShape(xShape) << " and kernel_shape "
           << formatShape(*kernel);
  FailureOr<SmallVector<WindowAxis, 2>> window =
      getWindow(node, {xShape[2], xShape[3]}, *kernel, /*isPool=*/true);
  if (failed(window))
    return failure();
  if ((*window)[0].dilation != 1 || (*window)[1].dilation != 1)
    return emitNodeError(node) << "dilations other than 1 are not supported";
  Value input = toNHWC(**x);
  FailureOr<int64_t> countIncludePad =
      isMax ? FailureOr<int64_t>(0) : getInt(node, "count_include_pad", 0);
  if (failed(countIncludePad))
    return failure();
  if (*countIncludePad && llvm::any_of(*window, [](const WindowAxis &axis) {
        return axis.padBefore || axis.padAfter;
      })) {
    // TOSA leaves padding out of the count; count_include_pad counts the
    // zeros of an explicit pad instead (ceil_mode's overhang stays out).
    // The pad is a concatenation with zeros: tosa.pad of a 4-D tensor does
    // not pass the TOSA validation of --tosa-to-linalg-pipeline.
    for (int64_t dim = 0; dim < 2; ++dim) {
      WindowAxis &axis = (*window)[dim];
      auto type = cast<RankedTensorType>(input.getType());
      auto zeros = [&](int64_t size) {
        SmallVector<int64_t> shape(type.getShape());
        shape[dim + 1] = size;
        return materialize(
            DenseElementsAttr::get(getF32Type(context, shape), 0.0f));
      };
      SmallVector<Value> parts;
      if (axis.padBefore)
        parts.push_back(zeros(axis.padBefore));
      parts.push_back(input);
      if (axis.padAfter)
        parts.push_back(zeros(axis.padAfter));
      axis.input += axis.padBefore + axis.padAfter;
      axis.padBefore = axis.padAfter = 0;
      SmallVector<int64_t> shape(type.getShape());
      shape[dim + 1] = axis.input;
      if (parts.size() > 1)
        input =
            tosa::ConcatOp::create(builder, getF32Type(context, shape), parts,
                                   builder.getI32IntegerAttr(dim + 1));
    }
  }
  fitPadding(*window);
  input = sliceForWindow(input, *window);
  SmallVector<int64_t> pad = getTosaPad(*window);
  SmallVector<int64_t> stride = {(*window)[0].stride, (*window)[1].stride};
  auto resultType = getF32Type(context, {xShape[0], (*window)[0].output,
                                         (*window)[1].output, xShape[1]});
  Value result;
  if (isMax)
    result = tosa::MaxPool2dOp::create(builder, resultType, input, *kernel,
                                       stride, pad);
  else
    result = tosa::AvgPool2dOp::create(builder, resultType, input,
                                       getZeroPoint(), getZeroPoint(), *kernel,
                                       stride, pad, builder.getF32Type());
  return setOutput(node, {{}, result, Layout::NHWC});
}

LogicalResult ModelImporter::importMaxPool(const onnx::NodeProto &node) {
  return importPool(node, /*isMax=*/true);
}

LogicalResult ModelImporter::importAveragePool(const onnx::NodeProto &node) {
  return importPool(node, /*isMax=*/false);
}

LogicalResult
ModelImporter::importGlobalAveragePool(const onnx::NodeProto &node) {
  FailureOr<const Tensor *> x = getInput(node, 0);
  if (failed(x))
    return failure();
  SmallVector<int64_t> shape = getShape(**x);
  if (shape.size() != 4)
    return emitNodeError(node)
           << "only 4-D inputs are supported, got " << formatShape(shape);
  Value result = tosa::AvgPool2dOp::create(
      builder, getF32Type(context, {shape[0], 1, 1, shape[1]}), toNHWC(**x),
      getZeroPoint(), getZeroPoint(), ArrayRef<int64_t>{shape[2], shape[3]},
      ArrayRef<int64_t>{1, 1}, ArrayRef<int64_t>{0, 0, 0, 0},
      builder.getF32Type());
  return setOutput(node, {{}, result, Layout::NHWC});
}

//===----------------------------------------------------------------------===//
// Element-wise ops
//===----------------------------------------------------------------------===//

LogicalResult
ModelImporter::importBatchNormalization(const onnx::NodeProto &node) {
  FailureOr<const Tensor *> x = getInput(node, 0);
  FailureOr<float> epsilon = getFloat(node, "epsilon", 1e-5f);
  FailureOr<int64_t> training = getInt(node, "training_mode", 0);
  if (failed(x) || failed(epsilon) || failed(training) ||
      failed(checkUnusedOutputs(node, 1)))
    return failure();
  if (*training)
    return emitNodeError(node) << "training_mode 1 is not supported; export "
                                  "the model for inference";
  SmallVector<int64_t> shape = getShape(**x);
  if (shape.size() < 2)
    return emitNodeError(node) << "the input must have a channel dimension";
  int64_t channels = shape[1];
  SmallVector<SmallVector<float>> parameters;
  static constexpr StringLiteral kParameters[] = {"scale", "bias", "mean",
                                                  "variance"};
  for (auto [index, what] : llvm::enumerate(kParameters)) {
    FailureOr<DenseElementsAttr> constant =
        getConstantInput(node, index + 1, what);
    if (failed(constant))
      return failure();
    if (constant->getNumElements() != channels ||
        !isa<FloatType>(constant->getElementType()))
      return emitNodeError(node)
             << "the " << what << " must hold " << channels << " floats";
    parameters.push_back(llvm::to_vector(constant->getValues<float>()));
  }
  // y = (x - mean) / sqrt(variance + epsilon) * scale + bias = x * s + t.
  SmallVector<float> scale(channels), shiftValues(channels);
  for (int64_t c = 0; c < channels; ++c) {
    double s =
        parameters[0][c] / std::sqrt(double(parameters[3][c]) + *epsilon);
    scale[c] = float(s);
    shiftValues[c] = float(parameters[1][c] - parameters[2][c] * s);
  }
  // The per-channel constants broadcast along the channel dimension of the
  // value as it is held: the last one in NHWC.
  bool isNHWC = (*x)->layout == Layout::NHWC;
  Value input = isNHWC ? (*x)->value : toONNXLayout(**x);
  SmallVector<int64_t> constantShape(shape.size(), 1);
  constantShape[isNHWC ? 3 : 1] = channels;
  auto type = cast<RankedTensorType>(input.getType());
  Value scaled = tosa::MulOp::create(
      builder, type, input,
      materialize(getF32Constant(context, constantShape, scale)), getShift());
  Value result = tosa::AddOp::create(
      builder, type, scaled,
      materialize(getF32Constant(context, constantShape, shiftValues)));
  return setOutput(node, {{}, result, isNHWC ? Layout::NHWC : Layout::ONNX});
}

Value ModelImporter::createClamp(Value input, float min, float max) {
  return tosa::ClampOp::create(builder, input.getType(), input,
                               builder.getF32FloatAttr(min),
                               builder.getF32FloatAttr(max));
}

LogicalResult ModelImporter::importRelu(const onnx::NodeProto &node) {
  FailureOr<const Tensor *> x = getInput(node, 0);
  if (failed(x))
    return failure();
  Tensor result = **x;
  if (result.constant)
    result = {{}, materialize(result.constant), Layout::ONNX};
  result.value = createClamp(result.value, 0.0f, FLT_MAX);
  return setOutput(node, result);
}

LogicalResult ModelImporter::importClip(const onnx::NodeProto &node) {
  FailureOr<const Tensor *> x = getInput(node, 0);
  FailureOr<float> min = getScalarInput(node, 1, "minimum", -FLT_MAX);
  FailureOr<float> max = getScalarInput(node, 2, "maximum", FLT_MAX);
  if (failed(x) || failed(min) || failed(max))
    return failure();
  // Found by fxp-onnx-fuzzer: a NaN bound made a tosa.clamp that does not
  // verify.
  if (std::isnan(*min) || std::isnan(*max))
    return emitNodeError(node) << "the bounds must be numbers, got [" << *min
                               << ", " << *max << "]";
  if (*min > *max)
    return emitNodeError(node)
           << "the minimum " << *min << " is above the maximum " << *max;
  Tensor result = **x;
  if (result.constant)
    result = {{}, materialize(result.constant), Layout::ONNX};
  result.value = createClamp(result.value, *min, *max);
  return setOutput(node, result);
}

LogicalResult ModelImporter::importElementwise(const onnx::NodeProto &node,
                                               bool isMul) {
  FailureOr<const Tensor *> lhs = getInput(node, 0);
  FailureOr<const Tensor *> rhs = getInput(node, 1);
  if (failed(lhs) || failed(rhs))
    return failure();
  std::optional<SmallVector<int64_t>> shape =
      broadcastShapes(getShape(**lhs), getShape(**rhs));
  if (!shape)
    return emitNodeError(node)
           << "shapes " << formatShape(getShape(**lhs)) << " and "
           << formatShape(getShape(**rhs)) << " do not broadcast";
  for (const Tensor *operand : {*lhs, *rhs})
    if (operand->constant &&
        !isa<FloatType>(operand->constant.getElementType()))
      return emitNodeError(node) << "expects float operands";
  // NHWC when an operand is and the other fits: a constant (permuted at
  // import time) or a computed 4-D tensor.
  auto fitsNHWC = [&](const Tensor *t) {
    return t->constant ||
           (t->layout != Layout::FlattenedNHWC && getShape(*t).size() == 4);
  };
  bool isNHWC =
      shape->size() == 4 &&
      ((*lhs)->layout == Layout::NHWC || (*rhs)->layout == Layout::NHWC) &&
      fitsNHWC(*lhs) && fitsNHWC(*rhs);
  int64_t rank = shape->size();
  auto prepare = [&](const Tensor *t) -> Value {
    SmallVector<int64_t> ranked = getRankedShape(getShape(*t), rank);
    if (t->constant && isNHWC)
      return materialize(
          transposeConstant(reshapeConstant(t->constant, ranked), kToNHWC));
    return isNHWC ? toNHWC(*t) : getAsShape(*t, ranked);
  };
  Value a = prepare(*lhs), b = prepare(*rhs);
  auto type = getF32Type(context, isNHWC ? permute(*shape, kToNHWC) : *shape);
  Value result =
      isMul ? tosa::MulOp::create(builder, type, a, b, getShift()).getResult()
            : tosa::AddOp::create(builder, type, a, b).getResult();
  return setOutput(node, {{}, result, isNHWC ? Layout::NHWC : Layout::ONNX});
}

LogicalResult ModelImporter::importAdd(const onnx::NodeProto &node) {
  return importElementwise(node, /*isMul=*/false);
}

LogicalResult ModelImporter::importMul(const onnx::NodeProto &node) {
  return importElementwise(node, /*isMul=*/true);
}

LogicalResult ModelImporter::importIdentity(const onnx::NodeProto &node) {
  FailureOr<const Tensor *> x = getInput(node, 0);
  if (failed(x))
    return failure();
  return setOutput(node, **x);
}

LogicalResult ModelImporter::importDropout(const onnx::NodeProto &node) {
  FailureOr<const Tensor *> x = getInput(node, 0);
  // Inference: the ratio (an attribute up to opset 11, then input 1) does
  // not matter; training_mode (input 2) must be false.
  FailureOr<float> ratio = getFloat(node, "ratio", 0.5f);
  FailureOr<int64_t> seed = getInt(node, "seed", 0);
  FailureOr<DenseElementsAttr> training =
      getConstantInput(node, 2, "training_mode", /*optional=*/true);
  if (failed(x) || failed(ratio) || failed(seed) || failed(training) ||
      failed(checkUnusedOutputs(node, 1)))
    return failure();
  if (*training && (training->getNumElements() != 1 ||
                    !training->getElementType().isInteger(64) ||
                    *training->getValues<int64_t>().begin() != 0))
    return emitNodeError(node) << "training_mode must be false";
  return setOutput(node, **x);
}

LogicalResult ModelImporter::importCast(const onnx::NodeProto &node) {
  FailureOr<const Tensor *> x = getInput(node, 0);
  FailureOr<int64_t> to = getInt(node, "to", onnx::TensorProto::UNDEFINED);
  if (failed(x) || failed(to))
    return failure();
  bool toFloat =
      *to == onnx::TensorProto::FLOAT || *to == onnx::TensorProto::DOUBLE;
  bool toInteger =
      llvm::is_contained({onnx::TensorProto::INT64, onnx::TensorProto::INT32,
                          onnx::TensorProto::INT16, onnx::TensorProto::INT8,
                          onnx::TensorProto::UINT16, onnx::TensorProto::UINT8,
                          onnx::TensorProto::BOOL},
                         *to);
  DenseElementsAttr constant = (*x)->constant;
  if (!constant) {
    // Computed tensors are f32 (DOUBLE is narrowed on import).
    if (!toFloat)
      return emitNodeError(node)
             << "casting a computed tensor to " << getTypeName(*to)
             << " is not supported; supported: FLOAT and DOUBLE, and any "
                "cast of a constant";
    return setOutput(node, **x);
  }
  bool fromFloat = isa<FloatType>(constant.getElementType());
  if (toFloat && !fromFloat) {
    SmallVector<float> values;
    for (int64_t v : constant.getValues<int64_t>())
      values.push_back(float(v));
    constant = getF32Constant(context, constant.getType().getShape(), values);
  } else if (toInteger && fromFloat) {
    SmallVector<int64_t> values;
    for (float v : constant.getValues<float>())
      values.push_back(*to == onnx::TensorProto::BOOL ? v != 0 : int64_t(v));
    constant = DenseElementsAttr::get(
        RankedTensorType::get(constant.getType().getShape(),
                              builder.getI64Type()),
        ArrayRef<int64_t>(values));
  } else if (!toFloat && !toInteger) {
    return emitNodeError(node) << "casting to " << getTypeName(*to)
                               << " is not supported; supported: FLOAT, "
                                  "DOUBLE and integers";
  }
  return setOutput(node, {constant, {}, Layout::ONNX});
}

LogicalResult ModelImporter::importConstant(const onnx::NodeProto &node) {
  if (node.attribute_size() != 1)
    return emitNodeError(node) << "expects exactly one attribute";
  const onnx::AttributeProto &attribute = node.attribute(0);
  StringRef name = attribute.name();
  FailureOr<DenseElementsAttr> constant;
  if (name == "value" && attribute.type() == onnx::AttributeProto::TENSOR) {
    constant = readTensor(attribute.t());
  } else if (name == "value_float" &&
             attribute.type() == onnx::AttributeProto::FLOAT) {
    constant = getF32Constant(context, {}, {attribute.f()});
  } else if (name == "value_floats" &&
             attribute.type() == onnx::AttributeProto::FLOATS) {
    constant = getF32Constant(context, {attribute.floats_size()},
                              llvm::to_vector(attribute.floats()));
  } else if ((name == "value_int" &&
              attribute.type() == onnx::AttributeProto::INT) ||
             (name == "value_ints" &&
              attribute.type() == onnx::AttributeProto::INTS)) {
    SmallVector<int64_t> values = name == "value_int"
                                      ? SmallVector<int64_t>{attribute.i()}
                                      : llvm::to_vector(attribute.ints());
    SmallVector<int64_t> shape;
    if (name == "value_ints")
      shape.push_back(values.size());
    constant = DenseElementsAttr::get(
        RankedTensorType::get(shape, builder.getI64Type()),
        ArrayRef<int64_t>(values));
  } else {
    return emitNodeError(node)
           << "attribute '" << name << "' has the wrong type";
  }
  if (failed(constant))
    return failure();
  return setOutput(node, {*constant, {}, Layout::ONNX});
}

//===----------------------------------------------------------------------===//
// Fully connected layers
//===----------------------------------------------------------------------===//

/// a x b' (b' = transpose(b) when `transposeB`) as one batch-1 tosa.matmul
/// [1, M, N], with a's leading dimensions folded into the rows M; `alpha`
/// scales b.
FailureOr<Value>
ModelImporter::importFullyConnected(const onnx::NodeProto &node,
                                    const Tensor &a, const Tensor &b,
                                    bool transposeB, float alpha) {
  SmallVector<int64_t> aShape = getShape(a), bShape = getShape(b);
  if (bShape.size() != 2)
    return emitNodeError(node)
           << "expects a 2-D weight, got " << formatShape(bShape);
  int64_t k = bShape[transposeB ? 1 : 0], n = bShape[transposeB ? 0 : 1];
  if (aShape.empty() || aShape.back() != k)
    return emitNodeError(node) << "shapes " << formatShape(aShape) << " and "
                               << formatShape(bShape) << " do not multiply";
  int64_t m = getNumElements(aShape) / k;
  Value lhs, rhs;
  if (b.constant) {
    DenseElementsAttr weights = b.constant;
    if (!isa<FloatType>(weights.getElementType()))
      return emitNodeError(node) << "expects float weights";
    if (transposeB)
      weights = transposeConstant(weights, {1, 0});
    if (alpha != 1.0f) {
      SmallVector<float> scaled;
      for (float v : weights.getValues<float>())
        scaled.push_back(alpha * v);
      weights = getF32Constant(context, {k, n}, scaled);
    }
    if (a.layout == Layout::FlattenedNHWC) {
      // The rows of the weights follow a's NHWC order instead of NCHW.
      ArrayRef<int64_t> nhwc =
          cast<RankedTensorType>(a.value.getType()).getShape();
      weights = reshapeConstant(
          transposeConstant(
              reshapeConstant(weights, {nhwc[3], nhwc[1], nhwc[2], n}),
              {1, 2, 0, 3}),
          {k, n});
      lhs = createReshape(a.value, {1, m, k});
    }
    rhs = materialize(reshapeConstant(weights, {1, k, n}));
  } else {
    rhs = toONNXLayout(b);
    if (transposeB)
      rhs = createTranspose(rhs, {1, 0});
    rhs = createReshape(rhs, {1, k, n});
    if (alpha != 1.0f)
      rhs = tosa::MulOp::create(
          builder, rhs.getType(), rhs,
          materialize(getF32Constant(context, {1, 1, 1}, {alpha})), getShift());
  }
  if (!lhs)
    lhs = getAsShape(a, {1, m, k});
  return tosa::MatMulOp::create(builder, getF32Type(context, {1, m, n}), lhs,
                                rhs, getZeroPoint(), getZeroPoint())
      .getResult();
}

LogicalResult ModelImporter::importGemm(const onnx::NodeProto &node) {
  FailureOr<const Tensor *> a = getInput(node, 0);
  FailureOr<const Tensor *> b = getInput(node, 1);
  FailureOr<const Tensor *> c = getInput(node, 2, /*optional=*/true);
  FailureOr<float> alpha = getFloat(node, "alpha", 1.0f);
  FailureOr<float> beta = getFloat(node, "beta", 1.0f);
  FailureOr<int64_t> transA = getInt(node, "transA", 0);
  FailureOr<int64_t> transB = getInt(node, "transB", 0);
  if (failed(a) || failed(b) || failed(c) || failed(alpha) || failed(beta) ||
      failed(transA) || failed(transB))
    return failure();
  if (getShape(**a).size() != 2)
    return emitNodeError(node)
           << "expects a 2-D input, got " << formatShape(getShape(**a));
  Tensor lhs = **a;
  if (*transA)
    lhs = {{}, createTranspose(toONNXLayout(lhs), {1, 0}), Layout::ONNX};
  FailureOr<Value> product =
      importFullyConnected(node, lhs, **b, *transB, *alpha);
  if (failed(product))
    return failure();
  ArrayRef<int64_t> productShape =
      cast<RankedTensorType>(product->getType()).getShape();
  int64_t m = productShape[1], n = productShape[2];
  Value result = *product;
  if (*c && *beta != 0.0f) {
    SmallVector<int64_t> cShape = getShape(**c);
    std::optional<SmallVector<int64_t>> broadcast =
        broadcastShapes({m, n}, cShape);
    if (!broadcast || *broadcast != ArrayRef<int64_t>{m, n})
      return emitNodeError(node)
             << "the bias " << formatShape(cShape) << " does not broadcast to "
             << formatShape({m, n});
    Value bias;
    if ((*c)->constant) {
      // beta * C as [1, 1, N] when it is the same for every row: the form
      // --fxp-quantize takes into the matmul as its bias.
      SmallVector<int64_t> ranked = getRankedShape(cShape, 2);
      int64_t rows = ranked[0];
      SmallVector<float> values = broadcastValues((*c)->constant, {rows, n});
      for (float &v : values)
        v *= *beta;
      bias = materialize(getF32Constant(context, {1, rows, n}, values));
    } else {
      bias = getAsShape(**c, getRankedShape(cShape, 3));
      if (*beta != 1.0f)
        bias = tosa::MulOp::create(
            builder, bias.getType(), bias,
            materialize(getF32Constant(context, {1, 1, 1}, {*beta})),
            getShift());
    }
    result = tosa::AddOp::create(builder, product->getType(), result, bias);
  }
  return setOutput(node, {{}, createReshape(result, {m, n}), Layout::ONNX});
}

LogicalResult ModelImporter::importMatMul(const onnx::NodeProto &node) {
  FailureOr<const Tensor *> a = getInput(node, 0);
  FailureOr<const Tensor *> b = getInput(node, 1);
  if (failed(a) || failed(b))
    return failure();
  SmallVector<int64_t> aShape = getShape(**a), bShape = getShape(**b);
  if (aShape.size() < 2 || bShape.size() < 2)
    return emitNodeError(node)
           << "expects inputs of rank 2 or more, got " << formatShape(aShape)
           << " and " << formatShape(bShape);
  if (bShape.size() == 2) {
    FailureOr<Value> product =
        importFullyConnected(node, **a, **b, /*transposeB=*/false, 1.0f);
    if (failed(product))
      return failure();
    aShape.back() = bShape.back();
    return setOutput(node, {{}, createReshape(*product, aShape), Layout::ONNX});
  }
  // Batched: the leading dimensions of both must be equal.
  ArrayRef<int64_t> aBatch = ArrayRef(aShape).drop_back(2);
  ArrayRef<int64_t> bBatch = ArrayRef(bShape).drop_back(2);
  int64_t m = aShape[aShape.size() - 2], k = aShape.back();
  int64_t n = bShape.back();
  if (aBatch != bBatch || bShape[bShape.size() - 2] != k)
    return emitNodeError(node)
           << "batched shapes " << formatShape(aShape) << " and "
           << formatShape(bShape)
           << " are not supported; supported: equal leading dimensions, or a "
              "2-D second input";
  int64_t batch = getNumElements(aBatch);
  Value product = tosa::MatMulOp::create(
      builder, getF32Type(context, {batch, m, n}),
      getAsShape(**a, {batch, m, k}), getAsShape(**b, {batch, k, n}),
      getZeroPoint(), getZeroPoint());
  SmallVector<int64_t> shape(aBatch);
  shape.append({m, n});
  return setOutput(node, {{}, createReshape(product, shape), Layout::ONNX});
}

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

LogicalResult ModelImporter::importReshapeTo(const onnx::NodeProto &node,
                                             const Tensor &x,
                                             ArrayRef<int64_t> shape) {
  SmallVector<int64_t> xShape = getShape(x);
  if (x.constant)
    return setOutput(node,
                     {reshapeConstant(x.constant, shape), {}, Layout::ONNX});
  if (x.layout == Layout::NHWC &&
      shape == ArrayRef<int64_t>{xShape[0], getNumElements(xShape) / xShape[0]})
    return setOutput(node, {{}, x.value, Layout::FlattenedNHWC});
  if (x.layout == Layout::FlattenedNHWC && shape == ArrayRef(xShape))
    return setOutput(node, x);
  return setOutput(node,
                   {{}, createReshape(toONNXLayout(x), shape), Layout::ONNX});
}

LogicalResult ModelImporter::importFlatten(const onnx::NodeProto &node) {
  FailureOr<const Tensor *> x = getInput(node, 0);
  FailureOr<int64_t> axis = getInt(node, "axis", 1);
  if (failed(x) || failed(axis))
    return failure();
  SmallVector<int64_t> shape = getShape(**x);
  int64_t rank = shape.size();
  if (*axis < -rank || *axis > rank)
    return emitNodeError(node)
           << "axis " << *axis << " is out of range for " << formatShape(shape);
  int64_t split = *axis < 0 ? *axis + rank : *axis;
  int64_t outer = getNumElements(ArrayRef(shape).take_front(split));
  return importReshapeTo(
      node, **x, {outer, getNumElements(shape) / std::max<int64_t>(outer, 1)});
}

LogicalResult ModelImporter::importReshape(const onnx::NodeProto &node) {
  FailureOr<const Tensor *> x = getInput(node, 0);
  FailureOr<DenseElementsAttr> shapeConstant =
      getConstantInput(node, 1, "shape");
  FailureOr<int64_t> allowZero = getInt(node, "allowzero", 0);
  if (failed(x) || failed(shapeConstant) || failed(allowZero))
    return failure();
  if (!shapeConstant->getElementType().isInteger(64) ||
      shapeConstant->getType().getRank() != 1)
    return emitNodeError(node) << "the shape must be a 1-D integer tensor";
  SmallVector<int64_t> xShape = getShape(**x);
  SmallVector<int64_t> shape;
  int64_t inferred = -1, known = 1;
  for (auto [i, requested] :
       llvm::enumerate(shapeConstant->getValues<int64_t>())) {
    int64_t dim = requested;
    if (dim == 0 && !*allowZero) {
      if (i >= xShape.size())
        return emitNodeError(node)
               << "dimension " << i << " copies a dimension the input lacks";
      dim = xShape[i];
    }
    if (dim == -1) {
      if (inferred >= 0)
        return emitNodeError(node) << "the shape has more than one -1";
      inferred = i;
    } else if (dim < 0) {
      return emitNodeError(node) << "the shape has a negative dimension";
    } else if (!multiplyElementCount(known, dim)) {
      return emitNodeError(node)
             << "the shape has more than " << kMaxElements << " elements";
    }
    shape.push_back(dim);
  }
  int64_t count = getNumElements(xShape);
  if (inferred >= 0 && known != 0 && count % known == 0)
    shape[inferred] = count / known;
  if (getNumElements(shape) != count || llvm::is_contained(shape, -1))
    return emitNodeError(node) << "cannot reshape " << formatShape(xShape)
                               << " to " << formatShape(shape);
  return importReshapeTo(node, **x, shape);
}

LogicalResult ModelImporter::importTranspose(const onnx::NodeProto &node) {
  FailureOr<const Tensor *> x = getInput(node, 0);
  if (failed(x))
    return failure();
  SmallVector<int64_t> shape = getShape(**x);
  int64_t rank = shape.size();
  SmallVector<int64_t> reversed =
      llvm::to_vector(llvm::reverse(llvm::seq<int64_t>(0, rank)));
  FailureOr<SmallVector<int64_t>> perm = getInts(node, "perm", reversed);
  if (failed(perm))
    return failure();
  SmallVector<int64_t> sorted = *perm;
  llvm::sort(sorted);
  if (sorted != ArrayRef(llvm::to_vector(llvm::seq<int64_t>(0, rank))))
    return emitNodeError(node)
           << "perm " << formatShape(*perm) << " is not a permutation of the "
           << rank << " dimensions";
  if ((*x)->constant)
    return setOutput(
        node, {transposeConstant((*x)->constant, *perm), {}, Layout::ONNX});
  if ((*x)->layout == Layout::NHWC) {
    // One transpose from the held layout: ONNX dimension d is dimension
    // kToNCHW[d] of the NHWC value.
    SmallVector<int64_t> composed =
        llvm::map_to_vector(*perm, [](int64_t d) { return kToNCHW[d]; });
    return setOutput(
        node, {{}, createTranspose((*x)->value, composed), Layout::ONNX});
  }
  return setOutput(
      node, {{}, createTranspose(toONNXLayout(**x), *perm), Layout::ONNX});
}

LogicalResult ModelImporter::importShape(const onnx::NodeProto &node) {
  FailureOr<const Tensor *> x = getInput(node, 0);
  if (failed(x))
    return failure();
  SmallVector<int64_t> shape = getShape(**x);
  int64_t rank = shape.size();
  FailureOr<int64_t> start = getInt(node, "start", 0);
  FailureOr<int64_t> end = getInt(node, "end", rank);
  if (failed(start) || failed(end))
    return failure();
  // Shapes are static: the shape is a constant, for shape computations.
  auto clampIndex = [&](int64_t i) {
    return std::clamp<int64_t>(i < 0 ? i + rank : i, 0, rank);
  };
  int64_t first = clampIndex(*start), last = clampIndex(*end);
  SmallVector<int64_t> dims(shape.begin() + first,
                            shape.begin() + std::max(first, last));
  return setOutput(node, {DenseElementsAttr::get(
                              RankedTensorType::get({int64_t(dims.size())},
                                                    builder.getI64Type()),
                              ArrayRef<int64_t>(dims)),
                          {},
                          Layout::ONNX});
}

LogicalResult ModelImporter::importGather(const onnx::NodeProto &node) {
  FailureOr<const Tensor *> data = getInput(node, 0);
  FailureOr<DenseElementsAttr> indices = getConstantInput(node, 1, "indices");
  FailureOr<int64_t> axis = getInt(node, "axis", 0);
  if (failed(data) || failed(indices) || failed(axis))
    return failure();
  if (!(*data)->constant)
    return emitNodeError(node) << "gathering from a computed tensor is not "
                                  "supported; supported: Gather of constants "
                                  "(shape computations)";
  DenseElementsAttr constant = (*data)->constant;
  ArrayRef<int64_t> shape =
      cast<RankedTensorType>(constant.getType()).getShape();
  int64_t rank = shape.size();
  if (*axis < -rank || *axis >= rank ||
      !indices->getElementType().isInteger(64))
    return emitNodeError(node) << "expects an axis of the data and integer "
                                  "indices";
  int64_t dim = *axis < 0 ? *axis + rank : *axis;
  SmallVector<int64_t> resultShape(shape.take_front(dim));
  llvm::append_range(resultShape,
                     cast<RankedTensorType>(indices->getType()).getShape());
  llvm::append_range(resultShape, shape.drop_front(dim + 1));
  int64_t outer = getNumElements(shape.take_front(dim));
  int64_t inner = getNumElements(shape.drop_front(dim + 1));
  size_t elementBytes = constant.getElementType().getIntOrFloatBitWidth() / 8;
  ArrayRef<char> raw = constant.getRawData();
  SmallVector<char> gathered;
  for (int64_t i = 0; i < outer; ++i)
    for (int64_t index : indices->getValues<int64_t>()) {
      if (index < -shape[dim] || index >= shape[dim])
        return emitNodeError(node) << "index " << index << " is out of range";
      index = index < 0 ? index + shape[dim] : index;
      for (int64_t j = 0; j < inner; ++j) {
        int64_t from =
            constant.isSplat() ? 0 : (i * shape[dim] + index) * inner + j;
        gathered.append(raw.begin() + from * elementBytes,
                        raw.begin() + (from + 1) * elementBytes);
      }
    }
  return setOutput(
      node, {DenseElementsAttr::getFromRawBuffer(
                 RankedTensorType::get(resultShape, constant.getElementType()),
                 gathered),
             {},
             Layout::ONNX});
}

FailureOr<SmallVector<int64_t>>
ModelImporter::getAxes(const onnx::NodeProto &node, int64_t addedDims,
                       int64_t rank) {
  // An attribute up to opset 12, then a constant input.
  FailureOr<SmallVector<int64_t>> axes = getInts(node, "axes", {});
  FailureOr<DenseElementsAttr> input =
      getConstantInput(node, 1, "axes", /*optional=*/true);
  if (failed(axes) || failed(input))
    return failure();
  if (*input && !input->getElementType().isInteger(64))
    return emitNodeError(node) << "the axes must be integers";
  if (*input)
    axes = llvm::to_vector(input->getValues<int64_t>());
  // Unsqueeze's axes index the result, which has a dimension more for each.
  rank += addedDims * axes->size();
  for (int64_t &axis : *axes) {
    if (axis < -rank || axis >= rank)
      return emitNodeError(node) << "axis " << axis << " is out of range";
    axis = axis < 0 ? axis + rank : axis;
  }
  llvm::sort(*axes);
  if (std::adjacent_find(axes->begin(), axes->end()) != axes->end())
    return emitNodeError(node) << "repeats an axis";
  return axes;
}

LogicalResult ModelImporter::importSqueeze(const onnx::NodeProto &node) {
  FailureOr<const Tensor *> x = getInput(node, 0);
  if (failed(x))
    return failure();
  SmallVector<int64_t> shape = getShape(**x);
  FailureOr<SmallVector<int64_t>> axes =
      getAxes(node, /*addedDims=*/0, shape.size());
  if (failed(axes))
    return failure();
  SmallVector<int64_t> squeezed;
  for (auto [i, dim] : llvm::enumerate(shape)) {
    bool listed = llvm::is_contained(*axes, int64_t(i));
    if (listed && dim != 1)
      return emitNodeError(node) << "dimension " << i << " of "
                                 << formatShape(shape) << " is not 1";
    // Without axes, every dimension of size 1 goes.
    if (!listed && !(axes->empty() && dim == 1))
      squeezed.push_back(dim);
  }
  return importReshapeTo(node, **x, squeezed);
}

LogicalResult ModelImporter::importUnsqueeze(const onnx::NodeProto &node) {
  FailureOr<const Tensor *> x = getInput(node, 0);
  if (failed(x))
    return failure();
  SmallVector<int64_t> shape = getShape(**x);
  FailureOr<SmallVector<int64_t>> axes =
      getAxes(node, /*addedDims=*/1, shape.size());
  if (failed(axes))
    return failure();
  for (int64_t axis : *axes)
    shape.insert(shape.begin() + axis, 1);
  return importReshapeTo(node, **x, shape);
}

LogicalResult ModelImporter::importConcat(const onnx::NodeProto &node) {
  FailureOr<int64_t> axis = getInt(node, "axis", INT64_MAX);
  if (failed(axis))
    return failure();
  if (*axis == INT64_MAX)
    return emitNodeError(node) << "attribute 'axis' is missing";
  SmallVector<const Tensor *> inputs;
  for (int i = 0; i < node.input_size(); ++i) {
    FailureOr<const Tensor *> input = getInput(node, i);
    if (failed(input))
      return failure();
    inputs.push_back(*input);
  }
  if (inputs.empty())
    return emitNodeError(node) << "has no input";
  SmallVector<int64_t> shape = getShape(*inputs.front());
  int64_t rank = shape.size();
  if (*axis < -rank || *axis >= rank)
    return emitNodeError(node)
           << "axis " << *axis << " is out of range for " << formatShape(shape);
  int64_t dim = *axis < 0 ? *axis + rank : *axis;
  shape[dim] = 0;
  for (const Tensor *input : inputs) {
    SmallVector<int64_t> inputShape = getShape(*input);
    if (int64_t(inputShape.size()) != rank)
      return emitNodeError(node) << "inputs differ in rank";
    for (int64_t i = 0; i < rank; ++i)
      if (i != dim && inputShape[i] != shape[i])
        return emitNodeError(node) << "inputs differ outside the axis";
    shape[dim] += inputShape[dim];
  }
  // Shape computations (x.view(x.size(0), -1) exported without constant
  // folding) concatenate constants: fold them.
  if (llvm::all_of(inputs, [](const Tensor *t) { return t->constant; })) {
    SmallVector<DenseElementsAttr> constants = llvm::map_to_vector(
        inputs, [](const Tensor *t) { return t->constant; });
    FailureOr<DenseElementsAttr> folded = concatConstants(constants, dim);
    if (failed(folded))
      return emitNodeError(node) << "inputs differ in element type";
    return setOutput(node, {*folded, {}, Layout::ONNX});
  }
  for (const Tensor *input : inputs)
    if (input->constant && !isa<FloatType>(input->constant.getElementType()))
      return emitNodeError(node) << "expects float inputs";
  // NHWC when an input is and all are 4-D.
  bool isNHWC = rank == 4 && llvm::any_of(inputs, [](const Tensor *t) {
                  return t->layout == Layout::NHWC;
                });
  SmallVector<Value> values;
  for (const Tensor *input : inputs)
    values.push_back(isNHWC ? toNHWC(*input) : toONNXLayout(*input));
  int64_t tosaAxis = isNHWC ? kToNCHW[dim] : dim;
  Value result = tosa::ConcatOp::create(
      builder, getF32Type(context, isNHWC ? permute(shape, kToNHWC) : shape),
      values, builder.getI32IntegerAttr(tosaAxis));
  return setOutput(node, {{}, result, isNHWC ? Layout::NHWC : Layout::ONNX});
}

//===----------------------------------------------------------------------===//
// The model
//===----------------------------------------------------------------------===//

const ModelImporter::OpImporter ModelImporter::opImporters[] = {
    {"Add", "", &ModelImporter::importAdd},
    {"AveragePool",
     "auto_pad ceil_mode count_include_pad kernel_shape pads strides",
     &ModelImporter::importAveragePool},
    {"BatchNormalization", "epsilon momentum training_mode",
     &ModelImporter::importBatchNormalization},
    {"Cast", "to", &ModelImporter::importCast},
    {"Clip", "", &ModelImporter::importClip},
    {"Concat", "axis", &ModelImporter::importConcat},
    {"Constant", "value value_float value_floats value_int value_ints",
     &ModelImporter::importConstant},
    {"Conv", "auto_pad dilations group kernel_shape pads strides",
     &ModelImporter::importConv},
    {"Dropout", "ratio seed", &ModelImporter::importDropout},
    {"Flatten", "axis", &ModelImporter::importFlatten},
    {"Gather", "axis", &ModelImporter::importGather},
    {"Gemm", "alpha beta transA transB", &ModelImporter::importGemm},
    {"GlobalAveragePool", "", &ModelImporter::importGlobalAveragePool},
    {"Identity", "", &ModelImporter::importIdentity},
    {"MatMul", "", &ModelImporter::importMatMul},
    {"MaxPool",
     "auto_pad ceil_mode dilations kernel_shape pads storage_order strides",
     &ModelImporter::importMaxPool},
    {"Mul", "", &ModelImporter::importMul},
    {"Relu", "", &ModelImporter::importRelu},
    {"Reshape", "allowzero", &ModelImporter::importReshape},
    {"Shape", "end start", &ModelImporter::importShape},
    {"Squeeze", "axes", &ModelImporter::importSqueeze},
    {"Transpose", "perm", &ModelImporter::importTranspose},
    {"Unsqueeze", "axes", &ModelImporter::importUnsqueeze},
};

LogicalResult ModelImporter::importNode(const onnx::NodeProto &node) {
  builder.setLoc(getNameLoc(getNodeName(node)));
  if (!node.domain().empty() && node.domain() != "ai.onnx")
    return emitNodeError(node) << "the domain '" << node.domain()
                               << "' is not supported; supported: the "
                                  "default ONNX domain";
  const OpImporter *importer =
      llvm::find_if(opImporters, [&](const OpImporter &candidate) {
        return candidate.opType == node.op_type();
      });
  if (importer == std::end(opImporters)) {
    InFlightDiagnostic diag = emitNodeError(node)
                              << "the op is not supported; supported: ";
    llvm::interleaveComma(opImporters, diag,
                          [&](const OpImporter &op) { diag << op.opType; });
    return diag;
  }
  SmallVector<StringRef> known;
  importer->attributes.split(known, ' ', -1, /*KeepEmpty=*/false);
  for (const onnx::AttributeProto &attribute : node.attribute())
    if (!llvm::is_contained(known, attribute.name())) {
      InFlightDiagnostic diag = emitNodeError(node)
                                << "attribute '" << attribute.name()
                                << "' is not supported; supported: ";
      if (known.empty())
        diag << "none";
      llvm::interleaveComma(known, diag);
      return diag;
    }
  return (this->*importer->import)(node);
}

LogicalResult ModelImporter::checkOpset(const onnx::ModelProto &model) {
  std::optional<int64_t> version;
  for (const onnx::OperatorSetIdProto &opset : model.opset_import())
    if (opset.domain().empty() || opset.domain() == "ai.onnx")
      version = opset.version();
  if (!version)
    return emitError(fileLoc) << "the model imports no ONNX opset";
  if (*version < 11 || *version > 17)
    return emitError(fileLoc)
           << "opset " << *version
           << " is not supported; supported: opsets 11 to 17 (convert the "
              "model with onnx.version_converter)";
  return success();
}

LogicalResult ModelImporter::importInitializers(const onnx::GraphProto &graph) {
  if (graph.sparse_initializer_size())
    return emitError(fileLoc) << "sparse initializers are not supported";
  for (const onnx::TensorProto &initializer : graph.initializer()) {
    FailureOr<DenseElementsAttr> constant = readTensor(initializer);
    if (failed(constant))
      return failure();
    tensors[initializer.name()] = {*constant, {}, Layout::ONNX};
  }
  return success();
}

/// The static f32 tensor type of a graph input, or an error.
static FailureOr<RankedTensorType>
getInputType(const onnx::ValueInfoProto &info, Location fileLoc) {
  auto fail = [&]() {
    return emitError(fileLoc) << "'" << info.name() << "': ";
  };
  if (!info.type().has_tensor_type())
    return fail() << "only tensors are supported";
  const onnx::TypeProto::Tensor &tensorType = info.type().tensor_type();
  if (tensorType.elem_type() != onnx::TensorProto::FLOAT)
    return fail() << "elements of type " << getTypeName(tensorType.elem_type())
                  << " are not supported; supported: FLOAT";
  if (!tensorType.has_shape())
    return fail() << "the shape is unknown; fxp needs static shapes";
  SmallVector<int64_t> shape;
  int64_t count = 1;
  for (const onnx::TensorShapeProto::Dimension &dim :
       tensorType.shape().dim()) {
    if (!dim.has_dim_value())
      return fail() << "dimension " << shape.size() << " is symbolic ('"
                    << dim.dim_param()
                    << "'); fxp needs static shapes: export the model with "
                       "a fixed batch size";
    if (dim.dim_value() <= 0)
      return fail() << "dimension " << shape.size() << " is "
                    << dim.dim_value();
    if (!multiplyElementCount(count, dim.dim_value()))
      return fail() << "the shape has more than " << kMaxElements
                    << " elements";
    shape.push_back(dim.dim_value());
  }
  return getF32Type(fileLoc.getContext(), shape);
}

LogicalResult ModelImporter::importInputs(const onnx::GraphProto &graph) {
  Block &entry = func.getBody().front();
  for (const onnx::ValueInfoProto &input : graph.input()) {
    // Before IR version 4 initializers are also listed as inputs; they are
    // constants here.
    if (tensors.count(input.name()))
      continue;
    FailureOr<RankedTensorType> type = getInputType(input, fileLoc);
    if (failed(type))
      return failure();
    tensors[input.name()] = {
        {}, entry.addArgument(*type, getNameLoc(input.name())), Layout::ONNX};
  }
  return success();
}

LogicalResult ModelImporter::importOutputs(const onnx::GraphProto &graph) {
  SmallVector<Value> results;
  SmallVector<Location> names;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    builder.setLoc(getNameLoc(output.name()));
    names.push_back(builder.getLoc());
    auto it = tensors.find(output.name());
    if (it == tensors.end())
      return emitError(fileLoc)
             << "output '" << output.name() << "' is not computed by the graph";
    if (it->second.constant &&
        !isa<FloatType>(it->second.constant.getElementType()))
      return emitError(fileLoc)
             << "output '" << output.name()
             << "' is an integer constant; only float outputs "
                "are supported";
    Value result = toONNXLayout(it->second);
    // The declared type may leave out the shape or name dimensions; what it
    // states must hold.
    ArrayRef<int64_t> shape =
        cast<RankedTensorType>(result.getType()).getShape();
    const onnx::TypeProto::Tensor &declared = output.type().tensor_type();
    bool matches = !declared.has_shape() ||
                   declared.shape().dim_size() == int64_t(shape.size());
    for (auto [i, dim] : llvm::enumerate(declared.shape().dim()))
      matches &= !dim.has_dim_value() ||
                 (i < shape.size() && dim.dim_value() == shape[i]);
    if (declared.elem_type() != onnx::TensorProto::UNDEFINED &&
        declared.elem_type() != onnx::TensorProto::FLOAT)
      return emitError(fileLoc)
             << "output '" << output.name() << "': elements of type "
             << getTypeName(declared.elem_type())
             << " are not supported; supported: FLOAT";
    if (!matches)
      return emitError(fileLoc)
             << "output '" << output.name() << "' is computed as "
             << result.getType() << " but declared with a different shape";
    results.push_back(result);
  }
  // The return is located at the outputs' names, in order, which name the
  // results of compiled models.
  func::ReturnOp::create(builder, FusedLoc::get(context, names), results);
  func.setType(FunctionType::get(context, func.getBody().getArgumentTypes(),
                                 ValueRange(results).getTypes()));
  return success();
}

OwningOpRef<ModuleOp>
ModelImporter::importModel(const onnx::ModelProto &model) {
  context->loadDialect<func::FuncDialect, tosa::TosaDialect>();
  if (!model.has_graph() || model.ir_version() <= 0) {
    emitError(fileLoc) << "not an ONNX model: it has no graph or no IR "
                          "version";
    return nullptr;
  }
  if (failed(checkOpset(model)))
    return nullptr;
  const onnx::GraphProto &graph = model.graph();
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());
  func = func::FuncOp::create(builder,
                              graph.name().empty() ? "main" : graph.name(),
                              builder.getFunctionType({}, {}));
  builder.setInsertionPointToEnd(func.addEntryBlock());
  if (failed(importInitializers(graph)) || failed(importInputs(graph)))
    return nullptr;
  for (const onnx::NodeProto &node : graph.node())
    if (failed(importNode(node)))
      return nullptr;
  if (failed(importOutputs(graph)))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp> mlir::fxp::importONNX(llvm::MemoryBufferRef buffer,
                                            MLIRContext *context) {
  Location fileLoc =
      FileLineColLoc::get(context, buffer.getBufferIdentifier(), 0, 0);
  onnx::ModelProto model;
  if (buffer.getBufferSize() > size_t(INT_MAX) ||
      !model.ParseFromArray(buffer.getBufferStart(),
                            int(buffer.getBufferSize()))) {
    emitError(fileLoc) << "not a valid ONNX model: the file is corrupt, "
                          "truncated or not ONNX";
    return nullptr;
  }
  return ModelImporter(context, fileLoc).importModel(model);
}

void mlir::fxp::registerFromONNXTranslation() {
  TranslateToMLIRRegistration registration(
      "import-onnx", "Translate an ONNX model to float TOSA",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        return mlir::fxp::importONNX(buffer->getMemBufferRef(), context);
      },
      [](DialectRegistry &registry) {
        registry.insert<func::FuncDialect, tosa::TosaDialect>();
      });
}
