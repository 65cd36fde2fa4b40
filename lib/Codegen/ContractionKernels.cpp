//===- ContractionKernels.cpp - fused micro-kernels for contractions ------===//
//
// --fxp-generate-kernels: each matmul/conv2d with constant weights becomes an
// implicit GEMM over its (staged) NHWC input, tiled into register blocks of
// rows (output pixels) x column vectors (output channels). A tile keeps its
// accumulators in registers over the whole reduction, so the requantization
// epilogue (and the elementwise ops fused after it) runs on registers and
// each output is stored once. The target's DotInstruction is the only
// instruction-set-specific piece.
//
// Float models (calibration, float builds) take the same path: f32
// tosa.conv2d, tosa.depthwise_conv2d and tosa.matmul with constant weights
// become the same tiles with an f32 FMA as the instruction.
//
//===----------------------------------------------------------------------===//

#include "fxp/Codegen/Passes.h"

#include "fxp/Codegen/Target.h"
#include "fxp/Dialect/FXP/Analysis/AccumulatorRange.h"
#include "fxp/Dialect/FXP/IR/FXP.h"
#include "fxp/Dialect/FXP/IR/FixedPointArithmetic.h"
#include "fxp/Dialect/FXP/Utils/FixedPointEmitter.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MathExtras.h"

namespace mlir::fxp {
#define GEN_PASS_DEF_FXPGENERATEKERNELS
#include "fxp/Codegen/Passes.h.inc"
} // namespace mlir::fxp

using namespace mlir;
using namespace mlir::fxp;
using namespace mlir::fxp::codegen;

namespace {

/// A contraction as an implicit GEMM over an NHWC input: a matmul is the 1x1
/// convolution of an M x 1 x 1 x K input.
struct Geometry {
  int64_t batch, height, width, channels;
  int64_t outHeight = 1, outWidth = 1, outChannels;
  /// Input channels each output channel sums over: C, or 1 for a depthwise
  /// convolution, whose output channel c reads input channel c alone.
  int64_t weightChannels;
  bool depthwise = false;
  int64_t kernelHeight = 1, kernelWidth = 1;
  int64_t strideH = 1, strideW = 1, dilationH = 1, dilationW = 1;
  int64_t padTop = 0, padBottom = 0, padLeft = 0, padRight = 0;
  /// Where weight (n, kh, kw, c) is in the stored constant: the sum of each
  /// index times its stride.
  int64_t weightStrideN, weightStrideKH = 0, weightStrideKW = 0, weightStrideC;

  /// Pads (top, bottom, left, right), strides and dilations (h, w).
  void setWindow(ArrayRef<int64_t> pad, ArrayRef<int64_t> stride,
                 ArrayRef<int64_t> dilation) {
    padTop = pad[0];
    padBottom = pad[1];
    padLeft = pad[2];
    padRight = pad[3];
    strideH = stride[0];
    strideW = stride[1];
    dilationH = dilation[0];
    dilationW = dilation[1];
  }
  /// Weights stored O x KH x KW x I.
  void setOHWIWeights() {
    weightStrideC = 1;
    weightStrideKW = weightChannels;
    weightStrideKH = kernelWidth * weightStrideKW;
    weightStrideN = kernelHeight * weightStrideKH;
  }
  int64_t getWeightIndex(int64_t n, int64_t kh, int64_t kw, int64_t c) const {
    return n * weightStrideN + kh * weightStrideKH + kw * weightStrideKW +
           c * weightStrideC;
  }
  int64_t getRows() const { return batch * outHeight * outWidth; }
  bool isPadded() const { return padTop || padBottom || padLeft || padRight; }
};

/// A contraction and the ops that follow it alone and are computed in its
/// epilogue: elementwise fxp ops (whose other operands are read at the same
/// element) and reshapes, which keep the element order. A float contraction
/// (a TOSA op) has no epilogue.
struct FusedContraction {
  Operation *contraction;
  Value input;
  SmallVector<Operation *> epilogue;

  Value getResult() const {
    return epilogue.empty() ? contraction->getResult(0)
                            : epilogue.back()->getResult(0);
  }
};

/// How the tiles are laid out, beyond the shapes: the pass's options.
struct TilingOptions {
  /// Threads over the tiles (an scf.parallel loop above 1).
  unsigned threads;
  /// Whether padded convolutions of narrow outputs tile along output lines.
  bool lineTiles;
};

/// Shapes and layout decisions of one kernel.
struct KernelLayout {
  Geometry geometry;
  /// Staged input: padded spatial extent and channels rounded up to whole
  /// activation loads.
  int64_t stagedHeight, stagedWidth, stagedChannels;
  /// Reduction groups per (kh, kw) position and in all.
  int64_t groupsPerPixel, groups;
  /// Tile: rows, column vectors, columns (panel width), panels.
  int64_t rowTile, columnVectors, panelWidth, panels;
};

} // namespace

static std::optional<Geometry> getGeometry(ContractionOpInterface op) {
  auto input = op.getInput().getType();
  auto weight = op.getWeight().getType();
  if (!input.hasStaticShape() || !weight.hasStaticShape() ||
      !cast<ShapedType>(op->getResult(0).getType()).hasStaticShape())
    return std::nullopt;
  Geometry g;
  if (isa<MatmulOp>(op)) {
    g.batch = input.getDimSize(0);
    g.height = g.width = 1;
    g.channels = g.weightChannels = input.getDimSize(1);
    g.outChannels = weight.getDimSize(1);
    // K x N.
    g.weightStrideN = 1;
    g.weightStrideC = g.outChannels;
    return g;
  }
  auto conv = cast<Conv2DOp>(op);
  int64_t groups = conv.getGroups();
  g.depthwise = groups > 1 && groups == input.getDimSize(3) &&
                groups == weight.getDimSize(0);
  if (groups != 1 && !g.depthwise)
    return std::nullopt;
  auto result = conv.getType();
  g.batch = input.getDimSize(0);
  g.height = input.getDimSize(1);
  g.width = input.getDimSize(2);
  g.channels = input.getDimSize(3);
  g.weightChannels = weight.getDimSize(3);
  g.outHeight = result.getDimSize(1);
  g.outWidth = result.getDimSize(2);
  g.outChannels = result.getDimSize(3);
  g.kernelHeight = weight.getDimSize(1);
  g.kernelWidth = weight.getDimSize(2);
  g.setWindow(conv.getPadOrDefault(), conv.getStridesOrDefault(),
              conv.getDilationsOrDefault());
  g.setOHWIWeights();
  return g;
}

/// The values of a float constant, or none.
static std::optional<SmallVector<double>> getFloatConstant(Value value) {
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) || !attr.getElementType().isF32())
    return std::nullopt;
  return llvm::to_vector(llvm::map_range(attr.getValues<float>(),
                                         [](float v) { return double(v); }));
}

/// The geometry of an f32 TOSA contraction that the kernels take: static
/// shapes, zero points zero, depthwise with multiplier 1, matmul of one
/// batch.
static std::optional<Geometry> getFloatGeometry(Operation *op) {
  auto isStaticF32 = [](Value value) {
    auto type = dyn_cast<RankedTensorType>(value.getType());
    return type && type.hasStaticShape() && type.getElementType().isF32();
  };
  if (!llvm::all_of(op->getOperands(), isStaticF32) ||
      !isStaticF32(op->getResult(0)))
    return std::nullopt;
  auto shape = [](Value value) {
    return cast<RankedTensorType>(value.getType()).getShape();
  };
  Geometry g;
  if (auto matmul = dyn_cast<tosa::MatMulOp>(op)) {
    ArrayRef<int64_t> a = shape(matmul.getA()), b = shape(matmul.getB());
    if (a[0] != 1 || b[0] != 1 ||
        !matchPattern(matmul.getAZp(), m_AnyZeroFloat()) ||
        !matchPattern(matmul.getBZp(), m_AnyZeroFloat()))
      return std::nullopt;
    g.batch = a[1];
    g.height = g.width = 1;
    g.channels = g.weightChannels = a[2];
    g.outChannels = b[2];
    // 1 x K x N.
    g.weightStrideN = 1;
    g.weightStrideC = g.outChannels;
    return g;
  }
  if (!isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp>(op) ||
      !matchPattern(op->getOperand(3), m_AnyZeroFloat()) ||
      !matchPattern(op->getOperand(4), m_AnyZeroFloat()))
    return std::nullopt;
  ArrayRef<int64_t> input = shape(op->getOperand(0)),
                    weight = shape(op->getOperand(1)),
                    result = shape(op->getResult(0));
  g.batch = input[0];
  g.height = input[1];
  g.width = input[2];
  g.channels = input[3];
  g.outHeight = result[1];
  g.outWidth = result[2];
  g.outChannels = result[3];
  if (auto conv = dyn_cast<tosa::Conv2DOp>(op)) {
    g.setWindow(conv.getPad(), conv.getStride(), conv.getDilation());
    g.kernelHeight = weight[1];
    g.kernelWidth = weight[2];
    g.weightChannels = weight[3];
    g.setOHWIWeights();
  } else {
    auto depthwise = cast<tosa::DepthwiseConv2DOp>(op);
    // KH x KW x C x M, with M = 1: output channel n reads input channel n.
    if (weight[3] != 1)
      return std::nullopt;
    g.setWindow(depthwise.getPad(), depthwise.getStride(),
                depthwise.getDilation());
    g.depthwise = true;
    g.kernelHeight = weight[0];
    g.kernelWidth = weight[1];
    g.weightChannels = 1;
    g.weightStrideC = 0;
    g.weightStrideN = 1;
    g.weightStrideKW = g.channels;
    g.weightStrideKH = g.kernelWidth * g.channels;
  }
  return g;
}

static FusedContraction matchEpilogue(ContractionOpInterface op) {
  FusedContraction fused{op, op.getInput(), {}};
  Value current = op->getResult(0);
  while (current.hasOneUse()) {
    Operation *user = *current.getUsers().begin();
    if (isa<tensor::ExpandShapeOp, tensor::CollapseShapeOp>(user)) {
      fused.epilogue.push_back(user);
      current = user->getResult(0);
      continue;
    }
    if (!FixedPointEmitter::isElementwise(user) || isa<QuantizeOp>(user))
      break;
    fused.epilogue.push_back(user);
    current = user->getResult(0);
    // Floats end the chain.
    if (isa<DequantizeOp>(user))
      break;
  }
  return fused;
}

/// The kernel's layout for `geometry`, `target` and `dot`.
static KernelLayout getLayout(const Geometry &geometry,
                              const TargetDescription &target,
                              const DotInstruction &dot) {
  KernelLayout layout;
  layout.geometry = geometry;
  int64_t loadWidth = dot.getGroupSize() * dot.getGroupsPerLoad();
  layout.stagedHeight = geometry.height + geometry.padTop + geometry.padBottom;
  layout.stagedWidth = geometry.width + geometry.padLeft + geometry.padRight;
  if (geometry.depthwise) {
    // Channels are lanes, read a vector at a time; each tap is one group
    // whose first element holds the weight.
    layout.stagedChannels = llvm::alignTo(geometry.channels, dot.getLanes());
    layout.groupsPerPixel = 1;
  } else {
    layout.stagedChannels = llvm::alignTo(geometry.channels, loadWidth);
    layout.groupsPerPixel = layout.stagedChannels / dot.getGroupSize();
  }
  layout.groups =
      geometry.kernelHeight * geometry.kernelWidth * layout.groupsPerPixel;
  // The tile: rows x column vectors within the accumulator registers. Each
  // step of the reduction loads a row's activations and a column vector's
  // weights and issues rows * columns dots, so more dots per load is better;
  // so are fewer padding columns in the last panel.
  int64_t lanes = dot.getLanes();
  int64_t rows = geometry.getRows(), columns = geometry.outChannels;
  double bestScore = -1;
  for (int64_t vectors = 1; vectors <= target.maxColumnVectors; ++vectors) {
    int64_t tileRows = std::min<int64_t>(
        {target.accumulatorRegisters / vectors, target.maxRowTile, rows});
    if (tileRows == 0)
      break;
    int64_t panelWidth = vectors * lanes;
    double used = double(columns) /
                  double(llvm::divideCeil(columns, panelWidth) * panelWidth);
    double dots = double(tileRows * vectors);
    double score = used * dots / (dots + tileRows + vectors);
    if (score > bestScore) {
      bestScore = score;
      layout.rowTile = tileRows;
      layout.columnVectors = vectors;
    }
  }
  layout.panelWidth = layout.columnVectors * lanes;
  layout.panels = llvm::divideCeil(columns, layout.panelWidth);
  return layout;
}

/// A private constant global holding `values` as a 1-D memref of `element`
/// (an integer type, whose values are exact in a double, or f32).
static Value buildConstantBuffer(OpBuilder &builder, Location loc,
                                 SymbolTable &symbols, StringRef name,
                                 Type element, ArrayRef<double> values) {
  auto type = MemRefType::get({int64_t(values.size())}, element);
  auto tensorType = RankedTensorType::get(type.getShape(), element);
  DenseElementsAttr attr;
  if (auto integer = dyn_cast<IntegerType>(element)) {
    // The attribute's storage, written directly (an APInt per weight made
    // this the kernel generator's hottest loop): each value's low bytes in
    // the host's order, as DenseElementsAttr keeps them.
    unsigned width = integer.getWidth();
    SmallVector<char> storage(values.size() * width / 8);
    auto write = [&](auto tag) {
      using Stored = decltype(tag);
      for (auto [i, v] : llvm::enumerate(values))
        llvm::support::endian::write<Stored, llvm::endianness::native>(
            &storage[i * sizeof(Stored)], Stored(int64_t(v)));
    };
    switch (width) {
    case 8:
      write(uint8_t());
      break;
    case 16:
      write(uint16_t());
      break;
    case 32:
      write(uint32_t());
      break;
    case 64:
      write(uint64_t());
      break;
    default:
      llvm_unreachable("kernel buffers hold 8- to 64-bit integers");
    }
    attr = DenseElementsAttr::getFromRawBuffer(tensorType, storage);
  } else {
    SmallVector<float> floats(values.begin(), values.end());
    attr = DenseElementsAttr::get(tensorType, ArrayRef<float>(floats));
  }
  StringAttr symbol;
  {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(cast<ModuleOp>(symbols.getOp()).getBody());
    auto global = memref::GlobalOp::create(
        builder, loc, name, builder.getStringAttr("private"), type, attr,
        /*constant=*/true, builder.getI64IntegerAttr(64));
    // The symbol table renames the global if the name is taken.
    symbol = symbols.insert(global);
  }
  return memref::GetGlobalOp::create(builder, loc, type, symbol);
}

/// A 1-D view of the storage of the fixed-point (or integer) tensor `value`.
static Value buildFlatBuffer(OpBuilder &builder, Location loc, Value value) {
  auto storageType = cast<RankedTensorType>(value.getType());
  if (getFixedElementType(storageType)) {
    storageType = cast<RankedTensorType>(getStorageType(storageType));
    value = BitcastOp::create(builder, loc, storageType, value);
  }
  Value buffer = bufferization::ToBufferOp::create(
      builder, loc,
      MemRefType::get(storageType.getShape(), storageType.getElementType()),
      value, /*read_only=*/true);
  ReassociationIndices all =
      llvm::to_vector(llvm::seq<int64_t>(0, storageType.getRank()));
  return memref::CollapseShapeOp::create(builder, loc, buffer,
                                         ArrayRef<ReassociationIndices>{all});
}

namespace {
/// Bounds |v| < 2^bits on the stored values of the kernels generated so far,
/// by their results: a kernel whose epilogue reads another's result (a
/// residual add of two convolutions) computes in the integer they need.
using MagnitudeBounds = DenseMap<Value, unsigned>;

/// Builds one kernel: staging, packing, the tiled loops and the epilogue.
class KernelBuilder {
public:
  /// `range` is the accumulator's proven range (fixed point only).
  KernelBuilder(OpBuilder &builder, const FusedContraction &fused,
                const KernelLayout &layout, const DotInstruction &dot,
                const AccumulatorRange *range, const TilingOptions &tiling,
                const MagnitudeBounds &bounds)
      : b(builder), loc(fused.contraction->getLoc()), fused(fused),
        layout(layout), g(layout.geometry), dot(dot), range(range),
        tiling(tiling), bounds(bounds) {}

  /// Emits the kernel before the last op of the fused chain; returns the
  /// chain's result. Weights and biases are the stored values (integers or
  /// floats, all exact in a double).
  Value build(SymbolTable &symbols, ArrayRef<double> weights,
              ArrayRef<double> biases);

  /// The casts of residual operands that the kernel computes, last first:
  /// dead once the fused ops are erased.
  SmallVector<Operation *> getResidualCasts() const {
    SmallVector<Operation *> casts;
    for (const auto &[op, residual] : residuals)
      casts.append(residual.casts.rbegin(), residual.casts.rend());
    return casts;
  }

  /// A bound |v| < 2^bits on the stored values of the chain's result (~0u:
  /// none beyond its format's), known once the tiles are built.
  unsigned getResultMagnitudeBits() const { return resultMagnitudeBits; }

private:
  // Index arithmetic that folds constants as it builds, so that the many
  // unit strides and zero offsets of a matmul leave no code behind.
  Value index(int64_t value) {
    return arith::ConstantIndexOp::create(b, loc, value);
  }
  Value add(Value lhs, Value rhs) {
    std::optional<int64_t> l = getConstantIntValue(lhs);
    std::optional<int64_t> r = getConstantIntValue(rhs);
    if (l && r)
      return index(*l + *r);
    if (l == 0)
      return rhs;
    if (r == 0)
      return lhs;
    return arith::AddIOp::create(b, loc, lhs, rhs);
  }
  Value mul(Value lhs, int64_t rhs) {
    if (std::optional<int64_t> l = getConstantIntValue(lhs))
      return index(*l * rhs);
    if (rhs == 1)
      return lhs;
    return arith::MulIOp::create(b, loc, lhs, index(rhs));
  }
  Value div(Value lhs, int64_t rhs) {
    if (rhs == 1)
      return lhs;
    return arith::DivUIOp::create(b, loc, lhs, index(rhs));
  }
  Value rem(Value lhs, int64_t rhs) {
    if (rhs == 1)
      return index(0);
    return arith::RemUIOp::create(b, loc, lhs, index(rhs));
  }

  Value stageActivations();
  void packWeights(SymbolTable &symbols, ArrayRef<double> weights,
                   ArrayRef<double> biases);
  Value getConstantVector(VectorType type, double value);
  void buildLoop(int64_t count, int64_t step, function_ref<void(Value)> body);
  void buildTiles();
  void buildLineTiles();
  bool skipsPadding() const;
  bool usesLineTiles() const;
  std::pair<Value, Value> getKernelRows(Value firstRow, int64_t rows);
  SmallVector<std::pair<int64_t, int64_t>>
  getKernelColumns(int64_t firstColumn, int64_t count) const;
  void buildTile(Value firstRow, int64_t rows, Value panel,
                 int64_t columnVectors, int64_t lastLanes, bool oneLine = false,
                 ArrayRef<std::pair<int64_t, int64_t>> kernelColumns = {});
  void buildEpilogue(Value acc, Value row, Value column, int64_t validLanes);
  void buildEpilogues(ArrayRef<Value> accumulators, Value firstRow,
                      int64_t rows, Value firstColumn, int64_t columnVectors,
                      int64_t lastLanes);
  Value getMask(int64_t width, int64_t length);
  void buildVectorLoop(int64_t count, int64_t width,
                       function_ref<void(Value offset, int64_t length)> body);
  Value loadVector(VectorType type, Value buffer, Value at, int64_t length);
  void storeVector(Value value, Value buffer, Value at, int64_t length);

  OpBuilder &b;
  Location loc;
  FusedContraction fused;
  const KernelLayout &layout;
  const Geometry &g;
  const DotInstruction &dot;
  const AccumulatorRange *range;
  TilingOptions tiling;
  const MagnitudeBounds &bounds;
  unsigned resultMagnitudeBits = ~0u;

  Value activations, packedWeights, initialAccumulators, output;
  /// Where a tile's accumulators wait for their epilogue, if anywhere: see
  /// build().
  Value epilogueBuffer;
  /// Per-axis weights: per column, the left shift that aligns its sum to the
  /// accumulator's fractional length, and the bias added after it.
  Value channelShifts, channelBiases;
  /// The other operand of a binary epilogue op: a 1-D buffer and the casts
  /// that lead from it to the operand, computed in registers (a residual
  /// branch is stored 8 bits wide and widened to the sum's format here).
  struct Residual {
    Value buffer;
    SmallVector<Operation *> casts;
    /// A bound on the magnitude of the buffer's stored values.
    unsigned magnitudeBits = ~0u;
  };
  DenseMap<Operation *, Residual> residuals;
};
} // namespace

/// A bound on the stored values of `value`: a generated kernel's result, or
/// a contraction's that is still to be generated (its accumulator's range
/// through its own cast). ~0u: none beyond its format's.
static unsigned getStoredMagnitudeBits(Value value,
                                       const MagnitudeBounds &bounds) {
  if (auto it = bounds.find(value); it != bounds.end())
    return it->second;
  auto contraction = value.getDefiningOp<ContractionOpInterface>();
  FixedType result = getFixedElementType(value.getType());
  if (!contraction || !result || !contraction.getAccumulatorFracLength())
    return ~0u;
  FailureOr<AccumulatorRange> range = computeAccumulatorRange(contraction);
  if (failed(range))
    return ~0u;
  return FixedPointEmitter::getRequantizedMagnitudeBits(
      range->getMagnitudeBits(), *contraction.getAccumulatorFracLength(),
      result);
}

/// Calls `body(offset, length)` over [0, count) in whole vectors of `width`
/// elements (a loop) and a last partial one (`length` < width).
void KernelBuilder::buildVectorLoop(
    int64_t count, int64_t width,
    function_ref<void(Value offset, int64_t length)> body) {
  int64_t whole = count / width * width;
  if (whole == width)
    body(index(0), width);
  else if (whole > 0)
    scf::ForOp::create(
        b, loc, index(0), index(whole), index(width), ValueRange{},
        [&](OpBuilder &nested, Location, Value offset, ValueRange) {
          body(offset, width);
          scf::YieldOp::create(nested, loc);
        });
  if (count > whole)
    body(index(whole), count - whole);
}

/// A vector load or store of `length` valid elements of `width`.
/// Whether vectors of `type` read and write memory as arrays of it: LLVM
/// packs a vector of i35 into 35-bit fields while an array of i35 takes 8
/// bytes per element, so such elements move one at a time.
static bool hasVectorLayout(Type element) {
  unsigned bits = element.getIntOrFloatBitWidth();
  return bits >= 8 && llvm::isPowerOf2_32(bits);
}

Value KernelBuilder::loadVector(VectorType type, Value buffer, Value at,
                                int64_t length) {
  if (!hasVectorLayout(type.getElementType())) {
    SmallVector<Value> elements;
    for (int64_t i = 0; i < type.getNumElements(); ++i)
      elements.push_back(
          i < length ? memref::LoadOp::create(b, loc, buffer,
                                              ValueRange{add(at, index(i))})
                           .getResult()
                     : arith::ConstantOp::create(
                           b, loc, b.getZeroAttr(type.getElementType()))
                           .getResult());
    return vector::FromElementsOp::create(b, loc, type, elements);
  }
  if (length == type.getNumElements())
    return vector::LoadOp::create(b, loc, type, buffer, at);
  Value zeros = getConstantVector(type, 0);
  return vector::MaskedLoadOp::create(
      b, loc, type, buffer, at, getMask(type.getNumElements(), length), zeros);
}

void KernelBuilder::storeVector(Value value, Value buffer, Value at,
                                int64_t length) {
  auto type = cast<VectorType>(value.getType());
  if (length == type.getNumElements() &&
      hasVectorLayout(type.getElementType())) {
    vector::StoreOp::create(b, loc, value, buffer, at);
    return;
  }
  // Scalar stores for one lane (LLVM 22's x86 backend turns a masked store of
  // one lane of truncated elements into a store of the wider element, which
  // overwrites the next outputs when AVX-512 is available) and for elements
  // without a vector layout.
  if (length == 1 || !hasVectorLayout(type.getElementType())) {
    for (int64_t i = 0; i < length; ++i)
      memref::StoreOp::create(
          b, loc,
          vector::ExtractOp::create(b, loc, value, ArrayRef<int64_t>{i}),
          buffer, add(at, index(i)));
    return;
  }
  vector::MaskedStoreOp::create(b, loc, buffer, at,
                                getMask(type.getNumElements(), length), value);
}

/// The activations as the dot instruction reads them: the input itself when
/// it fits, otherwise a staged copy, N x H' x W' x C' (padding, channels
/// rounded up to whole loads), each element widened and offset as the
/// instruction needs, the padding holding the staged value of zero. Staging
/// is a vectorized copy: the kernels' time, not a scalar pass, dominates.
Value KernelBuilder::stageActivations() {
  Value input = fused.input;
  Value source = buildFlatBuffer(b, loc, input);
  Type sourceElement = cast<MemRefType>(source.getType()).getElementType();
  Type element = dot.getElementType(b.getContext());
  int64_t offset = dot.getActivationOffset();
  bool convert = offset != 0 || sourceElement != element;
  if (!convert && !g.isPadded() && layout.stagedChannels == g.channels)
    return source;

  int64_t width = dot.getLanes() * 32 / element.getIntOrFloatBitWidth();
  auto sourceType = VectorType::get({width}, sourceElement);
  auto stagedType = VectorType::get({width}, element);
  Value staged = memref::AllocOp::create(
      b, loc,
      MemRefType::get({g.batch * layout.stagedHeight * layout.stagedWidth *
                       layout.stagedChannels},
                      element),
      b.getI64IntegerAttr(64));
  // Copies `count` input elements from `from` to `to`, converted.
  auto copy = [&](Value from, Value to, int64_t count) {
    buildVectorLoop(count, width, [&](Value at, int64_t length) {
      Value v = loadVector(sourceType, source, add(from, at), length);
      if (sourceElement != element)
        v = getFixedElementType(input.getType()).getIsSigned()
                ? arith::ExtSIOp::create(b, loc, stagedType, v).getResult()
                : arith::ExtUIOp::create(b, loc, stagedType, v).getResult();
      if (offset != 0)
        v = arith::AddIOp::create(b, loc, v,
                                  getConstantVector(stagedType, offset));
      storeVector(v, staged, add(to, at), length);
    });
  };
  // The staged zero goes only where no input does (padding rows, the
  // padding pixels of each row and the channels past the input's): writing
  // the whole buffer first would double the staging's memory traffic.
  auto fill = [&](Value to, int64_t count) {
    Value zero = getConstantVector(stagedType, offset);
    buildVectorLoop(count, width, [&](Value at, int64_t length) {
      storeVector(zero, staged, add(to, at), length);
    });
  };
  // Image rows (n, h): whole rows when pixels stay contiguous, otherwise
  // pixel by pixel; all at once without padding.
  bool contiguous = layout.stagedChannels == g.channels;
  if (contiguous && !g.isPadded()) {
    copy(index(0), index(0), g.batch * g.height * g.width * g.channels);
    return staged;
  }
  auto loop = [&](int64_t count, function_ref<void(Value)> body) {
    if (count == 1)
      return body(index(0));
    scf::ForOp::create(b, loc, index(0), index(count), index(1), ValueRange{},
                       [&](OpBuilder &nested, Location, Value iv, ValueRange) {
                         body(iv);
                         scf::YieldOp::create(nested, loc);
                       });
  };
  int64_t stagedRow = layout.stagedWidth * layout.stagedChannels;
  int64_t stagedImage = layout.stagedHeight * stagedRow;
  if (g.padTop || g.padBottom)
    loop(g.batch, [&](Value n) {
      Value image = mul(n, stagedImage);
      fill(image, g.padTop * stagedRow);
      fill(add(image, index((g.padTop + g.height) * stagedRow)),
           g.padBottom * stagedRow);
    });
  loop(g.batch * g.height, [&](Value line) {
    Value n = div(line, g.height), h = rem(line, g.height);
    Value stagedLine =
        add(mul(n, layout.stagedHeight), add(h, index(g.padTop)));
    Value row = mul(stagedLine, stagedRow);
    fill(row, g.padLeft * layout.stagedChannels);
    fill(add(row, index((g.padLeft + g.width) * layout.stagedChannels)),
         g.padRight * layout.stagedChannels);
    Value firstPixel =
        add(mul(stagedLine, layout.stagedWidth), index(g.padLeft));
    if (contiguous)
      return copy(mul(line, g.width * g.channels),
                  mul(firstPixel, layout.stagedChannels), g.width * g.channels);
    loop(g.width, [&](Value w) {
      Value pixel = mul(add(firstPixel, w), layout.stagedChannels);
      copy(mul(add(mul(line, g.width), w), g.channels), pixel, g.channels);
      fill(add(pixel, index(g.channels)), layout.stagedChannels - g.channels);
    });
  });
  return staged;
}

/// Packs the weights into panels of `panelWidth` columns: for panel p,
/// reduction group q (over kh, kw, channel groups), column j and element e of
/// the group, packed[((p * groups + q) * panelWidth + j) * groupSize + e].
/// The initial accumulator of column n is its bias minus the activation
/// offset times its weights' sum (all modulo 2^32, like the accumulation).
/// With per-axis weights the bias is added in the epilogue instead, after
/// the shift that aligns the column's sum.
void KernelBuilder::packWeights(SymbolTable &symbols, ArrayRef<double> weights,
                                ArrayRef<double> biases) {
  int64_t groupSize = dot.getGroupSize();
  int64_t columns = layout.panels * layout.panelWidth;
  SmallVector<double> packed(columns * layout.groups * groupSize, 0);
  SmallVector<double> initial(columns, 0);
  SmallVector<int64_t> shifts;
  if (!dot.isFloat())
    shifts = cast<ContractionOpInterface>(fused.contraction).getChannelShifts();
  SmallVector<double> alignedShifts(columns, 0), alignedBiases(columns, 0);
  for (int64_t n = 0; n < g.outChannels; ++n) {
    int64_t panel = n / layout.panelWidth, column = n % layout.panelWidth;
    // Exact: at most 2^24 8-bit weights per column.
    double sum = 0;
    for (int64_t kh = 0; kh < g.kernelHeight; ++kh)
      for (int64_t kw = 0; kw < g.kernelWidth; ++kw)
        for (int64_t c = 0; c < g.weightChannels; ++c) {
          double w = weights[g.getWeightIndex(n, kh, kw, c)];
          int64_t group =
              (kh * g.kernelWidth + kw) * layout.groupsPerPixel + c / groupSize;
          packed[((panel * layout.groups + group) * layout.panelWidth +
                  column) *
                     groupSize +
                 c % groupSize] = w;
          sum += w;
        }
    // A bias of one element is broadcast (TOSA allows it).
    double bias = biases.empty() ? 0 : biases[biases.size() == 1 ? 0 : n];
    if (!shifts.empty()) {
      alignedShifts[n] = shifts[n];
      alignedBiases[n] = bias;
      bias = 0;
    }
    initial[n] = dot.isFloat()
                     ? bias
                     : double(int32_t(
                           uint64_t(int64_t(bias)) -
                           uint64_t(dot.getActivationOffset() * int64_t(sum))));
  }
  MLIRContext *ctx = b.getContext();
  packedWeights = buildConstantBuffer(b, loc, symbols, "__fxp_packed_weights",
                                      dot.getElementType(ctx), packed);
  initialAccumulators =
      buildConstantBuffer(b, loc, symbols, "__fxp_initial_accumulators",
                          dot.getAccumulatorType(ctx), initial);
  if (shifts.empty())
    return;
  channelShifts =
      buildConstantBuffer(b, loc, symbols, "__fxp_channel_shifts",
                          dot.getAccumulatorType(ctx), alignedShifts);
  channelBiases =
      buildConstantBuffer(b, loc, symbols, "__fxp_channel_biases",
                          dot.getAccumulatorType(ctx), alignedBiases);
}

/// A constant vector of `type` whose elements are `value`.
Value KernelBuilder::getConstantVector(VectorType type, double value) {
  Type element = type.getElementType();
  TypedAttr scalar = isa<FloatType>(element)
                         ? TypedAttr(b.getFloatAttr(element, value))
                         : TypedAttr(b.getIntegerAttr(element, int64_t(value)));
  return arith::ConstantOp::create(b, loc,
                                   DenseElementsAttr::get(type, scalar));
}

Value KernelBuilder::getMask(int64_t width, int64_t length) {
  return vector::ConstantMaskOp::create(b, loc,
                                        VectorType::get({width}, b.getI1Type()),
                                        ArrayRef<int64_t>{length});
}

/// The epilogue of one accumulator vector: the contraction's own cast, then
/// the fused ops, each on registers; one store.
void KernelBuilder::buildEpilogue(Value acc, Value row, Value column,
                                  int64_t validLanes) {
  Value element = add(mul(row, g.outChannels), column);
  // A float contraction's result is its accumulator, clamped as upstream
  // lowers tosa.clamp: minimumf then maximumf.
  if (dot.isFloat()) {
    auto type = cast<VectorType>(acc.getType());
    for (Operation *epilogueOp : fused.epilogue) {
      auto clamp = cast<tosa::ClampOp>(epilogueOp);
      acc = arith::MinimumFOp::create(
          b, loc, acc,
          getConstantVector(
              type, cast<FloatAttr>(clamp.getMaxValAttr()).getValueAsDouble()));
      acc = arith::MaximumFOp::create(
          b, loc, acc,
          getConstantVector(
              type, cast<FloatAttr>(clamp.getMinValAttr()).getValueAsDouble()));
    }
    return storeVector(acc, output, element, validLanes);
  }
  int64_t lanes = dot.getLanes();
  FixedPointEmitter emitter(b, loc);
  auto contraction = cast<ContractionOpInterface>(fused.contraction);
  FixedType result = getFixedElementType(contraction->getResult(0).getType());
  int64_t accFL = *contraction.getAccumulatorFracLength();
  if (channelShifts) {
    // Aligns each column's sum, then adds its bias: modulo 2^32 like the
    // accumulation, exact since the aligned accumulator fits.
    auto type = cast<VectorType>(acc.getType());
    acc = arith::AddIOp::create(
        b, loc,
        arith::ShLIOp::create(
            b, loc, acc,
            vector::LoadOp::create(b, loc, type, channelShifts, column)),
        vector::LoadOp::create(b, loc, type, channelBiases, column));
  }
  // A bound on the magnitude of the chain's value, from the accumulator's
  // proven range through each op: the emitter computes every op in the
  // narrowest integer that holds its operands (a residual add in 32 bits,
  // not in the 64 its s33 format would need).
  unsigned known = range->getMagnitudeBits();
  Value value;
  if (*result.getFracLength() == accFL && result.getIsSigned() &&
      range->lo.sge(result.getSaturationMin(kExactBits)) &&
      range->hi.sle(result.getSaturationMax(kExactBits))) {
    // The contraction's cast leaves every accumulator as it is.
    value = emitter.resize(acc, result.getWidth());
  } else {
    // The emitter needs two bits of headroom over the accumulator's range.
    unsigned bits = FixedPointEmitter::getExactWidth(known);
    value = emitter.requantize(emitter.resize(acc, std::max(bits, 32u)), accFL,
                               result, contraction.getRounding(),
                               contraction.getOverflow());
    known =
        FixedPointEmitter::getRequantizedMagnitudeBits(known, accFL, result);
  }
  Value current = contraction->getResult(0);
  for (Operation *epilogueOp : fused.epilogue) {
    if (FixedPointEmitter::isElementwise(epilogueOp)) {
      SmallVector<Value> operands;
      SmallVector<unsigned> magnitudeBits;
      for (Value operand : epilogueOp->getOperands()) {
        if (operand == current) {
          operands.push_back(value);
          magnitudeBits.push_back(known);
          continue;
        }
        // The other operand, read as stored and cast on registers.
        const Residual &residual = residuals[epilogueOp];
        auto type = VectorType::get(
            {lanes},
            cast<MemRefType>(residual.buffer.getType()).getElementType());
        Value other = loadVector(type, residual.buffer, element, validLanes);
        unsigned otherBits = residual.magnitudeBits;
        for (Operation *castOp : residual.casts) {
          other = emitter.elementwise(castOp, other, otherBits);
          otherBits =
              FixedPointEmitter::getResultMagnitudeBits(castOp, otherBits);
        }
        operands.push_back(other);
        magnitudeBits.push_back(otherBits);
      }
      value = emitter.elementwise(epilogueOp, operands, magnitudeBits);
      known =
          FixedPointEmitter::getResultMagnitudeBits(epilogueOp, magnitudeBits);
    }
    current = epilogueOp->getResult(0);
  }
  resultMagnitudeBits = known;
  storeVector(value, output, element, validLanes);
}

/// One register tile: `rows` output pixels from `firstRow` by
/// `columnVectors` vectors of panel `panel`, the last with `lastLanes` valid
/// lanes. `oneLine`: the rows are pixels of one output line, whose receptive
/// fields are a constant distance apart. With `kernelColumns`, the kernel
/// columns [begin, end) that each row computes (the others read padding
/// only): the kw loop is unrolled, and each of its steps computes the rows
/// that read an input pixel.
void KernelBuilder::buildTile(
    Value firstRow, int64_t rows, Value panel, int64_t columnVectors,
    int64_t lastLanes, bool oneLine,
    ArrayRef<std::pair<int64_t, int64_t>> kernelColumns) {
  int64_t lanes = dot.getLanes();
  int64_t groupSize = dot.getGroupSize();
  // A depthwise tap is one group, read lane by lane.
  int64_t groupsPerLoad = g.depthwise ? 1 : dot.getGroupsPerLoad();
  MLIRContext *ctx = b.getContext();

  // Where each row's receptive field starts in the staged input.
  SmallVector<Value> rowBases;
  for (int64_t r = 0; r < rows; ++r) {
    Value pixel = add(firstRow, index(r));
    // (Constant offsets from one base also leave LLVM's loop strength
    // reduction less to do than a base per row.)
    if (oneLine && r > 0) {
      rowBases.push_back(
          add(rowBases[0], index(r * g.strideW * layout.stagedChannels)));
      continue;
    }
    int64_t image = g.outHeight * g.outWidth;
    Value n = div(pixel, image);
    Value rest = rem(pixel, image);
    Value oh = div(rest, g.outWidth);
    Value ow = rem(rest, g.outWidth);
    Value line = add(mul(n, layout.stagedHeight), mul(oh, g.strideH));
    rowBases.push_back(
        mul(add(mul(line, layout.stagedWidth), mul(ow, g.strideW)),
            layout.stagedChannels));
  }

  // Accumulators start at the panel's initial values.
  Value firstColumn = mul(panel, layout.panelWidth);
  auto accType = VectorType::get({lanes}, dot.getAccumulatorType(ctx));
  SmallVector<Value> initial, accumulators;
  for (int64_t v = 0; v < columnVectors; ++v)
    initial.push_back(
        vector::LoadOp::create(b, loc, accType, initialAccumulators,
                               add(firstColumn, index(v * lanes))));
  for (int64_t r = 0; r < rows; ++r)
    llvm::append_range(accumulators, initial);

  // The reduction: kh, kw and channel loads, innermost; trip-count-1 loops
  // are left out.
  struct Loop {
    int64_t count;
    Value iv;
    /// Bounds computed per tile, when not [0, count).
    Value begin = {}, end = {};
  };
  SmallVector<Loop, 3> loops = {{g.kernelHeight, {}},
                                {g.kernelWidth, {}},
                                {layout.groupsPerPixel / groupsPerLoad, {}}};
  if (skipsPadding() && g.kernelHeight > 1 && (g.padTop || g.padBottom))
    std::tie(loops[0].begin, loops[0].end) = getKernelRows(firstRow, rows);
  SmallVector<bool> computedRows(rows, true);
  auto weightType =
      VectorType::get({lanes * groupSize}, dot.getElementType(ctx));
  Value panelWeights =
      mul(panel, layout.groups * layout.panelWidth * groupSize);
  std::function<SmallVector<Value>(unsigned, ValueRange)> buildLoop =
      [&](unsigned depth, ValueRange accs) -> SmallVector<Value> {
    if (depth == loops.size()) {
      Value kh = loops[0].iv, kw = loops[1].iv, load = loops[2].iv;
      Value position = add(mul(kh, g.kernelWidth), kw);
      Value firstGroup =
          add(mul(position, layout.groupsPerPixel), mul(load, groupsPerLoad));
      Value activationOffset =
          add(mul(add(mul(kh, g.dilationH * layout.stagedWidth),
                      mul(kw, g.dilationW)),
                  layout.stagedChannels),
              mul(load, groupsPerLoad * groupSize));
      SmallVector<Value> weightVectors;
      for (int64_t j = 0; j < groupsPerLoad; ++j)
        for (int64_t v = 0; v < columnVectors; ++v) {
          Value at =
              add(panelWeights,
                  mul(add(mul(add(firstGroup, index(j)), layout.panelWidth),
                          index(v * lanes)),
                      groupSize));
          weightVectors.push_back(
              vector::LoadOp::create(b, loc, weightType, packedWeights, at));
        }
      SmallVector<Value> next(accs);
      for (int64_t r = 0; r < rows; ++r) {
        if (!computedRows[r])
          continue;
        Value rowStart = add(rowBases[r], activationOffset);
        if (g.depthwise) {
          // Output channel c reads input channel c: each lane its own input.
          for (int64_t v = 0; v < columnVectors; ++v) {
            Value &acc = next[r * columnVectors + v];
            acc = dot.laneDot(
                b, loc, acc,
                dot.loadLaneActivations(
                    b, loc, activations,
                    add(rowStart, add(firstColumn, index(v * lanes)))),
                weightVectors[v]);
          }
          continue;
        }
        Value a = dot.loadActivations(b, loc, activations, rowStart);
        for (int64_t j = 0; j < groupsPerLoad; ++j)
          for (int64_t v = 0; v < columnVectors; ++v) {
            Value &acc = next[r * columnVectors + v];
            acc = dot.dot(b, loc, acc, a, j,
                          weightVectors[j * columnVectors + v]);
          }
      }
      return next;
    }
    Loop &current = loops[depth];
    if (depth == 1 && !kernelColumns.empty()) {
      SmallVector<Value> next(accs);
      for (int64_t kw = 0; kw < g.kernelWidth; ++kw) {
        for (auto [computed, columns] : llvm::zip(computedRows, kernelColumns))
          computed = columns.first <= kw && kw < columns.second;
        if (llvm::none_of(computedRows, [](bool c) { return c; }))
          continue;
        current.iv = index(kw);
        next = buildLoop(depth + 1, next);
      }
      computedRows.assign(rows, true);
      return next;
    }
    if (current.count == 1 && !current.begin) {
      current.iv = index(0);
      return buildLoop(depth + 1, accs);
    }
    auto loop = scf::ForOp::create(
        b, loc, current.begin ? current.begin : index(0),
        current.end ? current.end : index(current.count), index(1), accs,
        [&](OpBuilder &nested, Location, Value iv, ValueRange iterArgs) {
          loops[depth].iv = iv;
          scf::YieldOp::create(nested, loc, buildLoop(depth + 1, iterArgs));
        });
    return SmallVector<Value>(loop.getResults());
  };
  SmallVector<Value> results = buildLoop(0, accumulators);
  buildEpilogues(results, firstRow, rows, firstColumn, columnVectors,
                 lastLanes);
}

/// The epilogues of a tile's accumulators (row-major: `rows` rows from
/// `firstRow` of `columnVectors` vectors from `firstColumn`): through
/// `epilogueBuffer` when the kernel has one, unrolled otherwise.
void KernelBuilder::buildEpilogues(ArrayRef<Value> accumulators, Value firstRow,
                                   int64_t rows, Value firstColumn,
                                   int64_t columnVectors, int64_t lastLanes) {
  int64_t lanes = dot.getLanes();
  auto buildRow = [&](Value row, function_ref<Value(int64_t)> accumulator) {
    for (int64_t v = 0; v < columnVectors; ++v)
      buildEpilogue(accumulator(v), row, add(firstColumn, index(v * lanes)),
                    v + 1 == columnVectors ? lastLanes : lanes);
  };
  if (!epilogueBuffer || rows == 1) {
    for (int64_t r = 0; r < rows; ++r)
      buildRow(add(firstRow, index(r)),
               [&](int64_t v) { return accumulators[r * columnVectors + v]; });
    return;
  }
  for (auto [i, accumulator] : llvm::enumerate(accumulators))
    vector::StoreOp::create(b, loc, accumulator, epilogueBuffer,
                            index(i * lanes));
  auto type = cast<VectorType>(accumulators.front().getType());
  buildLoop(rows, 1, [&](Value r) {
    Value first = mul(r, columnVectors * lanes);
    buildRow(add(firstRow, r), [&](int64_t v) -> Value {
      return vector::LoadOp::create(b, loc, type, epilogueBuffer,
                                    add(first, index(v * lanes)));
    });
  });
}

/// Whether tiles may leave out the products of weights with the staged
/// input's padding: where the padding is a zero activation. (With an
/// activation offset, the initial accumulators subtract the offset times
/// every weight, the padding's included.) Tiles leave out the kernel rows
/// that read padding rows only; line tiles also each row's kernel columns
/// that read padding. Not in a depthwise convolution, whose reduction is its
/// taps alone: bounds per tile would keep LLVM from unrolling them, and cost
/// MobileNetV2 an eighth more lowering and compile time, for a kernel that
/// memory bounds.
bool KernelBuilder::skipsPadding() const {
  return !g.depthwise && dot.getActivationOffset() == 0;
}

/// Whether the tiles follow output lines, so that each row's kernel columns
/// are known: where the padding columns' products are 3% of all or more (a
/// 3x3 kernel: output width 22 or less), which pays for the unrolled kw loop
/// of the tiles at the lines' ends.
bool KernelBuilder::usesLineTiles() const {
  if (!tiling.lineTiles || !skipsPadding() || g.kernelWidth == 1 ||
      !(g.padLeft || g.padRight))
    return false;
  int64_t skipped = 0;
  for (auto [begin, end] : getKernelColumns(0, g.outWidth))
    skipped += g.kernelWidth - (end - begin);
  return skipped * 100 >= 3 * g.outWidth * g.kernelWidth;
}

/// The kernel columns [begin, end) that read an input column (not padding)
/// for each of the output columns [firstColumn, firstColumn + count); empty
/// when they all read every kernel column.
SmallVector<std::pair<int64_t, int64_t>>
KernelBuilder::getKernelColumns(int64_t firstColumn, int64_t count) const {
  SmallVector<std::pair<int64_t, int64_t>> columns;
  bool all = true;
  for (int64_t ow = firstColumn; ow < firstColumn + count; ++ow) {
    // Kernel column kw reads input column base + kw * dilationW.
    int64_t base = ow * g.strideW - g.padLeft;
    int64_t begin =
        std::max<int64_t>(0, llvm::divideCeilSigned(-base, g.dilationW));
    int64_t end = std::min<int64_t>(
        g.kernelWidth,
        llvm::divideFloorSigned(g.width - 1 - base, g.dilationW) + 1);
    columns.push_back({begin, std::max(begin, end)});
    all &= begin == 0 && end >= g.kernelWidth;
  }
  if (all)
    columns.clear();
  return columns;
}

/// The kernel rows [begin, end) that read an input row (not padding) for
/// some of the output pixels [firstRow, firstRow + rows): the union over the
/// tile's output rows, all of an image's when the tile spans two images.
/// Kernel row kh of output row oh reads input row oh * strideH + kh *
/// dilationH - padTop.
std::pair<Value, Value> KernelBuilder::getKernelRows(Value firstRow,
                                                     int64_t rows) {
  int64_t image = g.outHeight * g.outWidth;
  Value lastRow = add(firstRow, index(rows - 1));
  Value sameImage =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                            div(firstRow, image), div(lastRow, image));
  auto outputRow = [&](Value pixel, int64_t otherImage) {
    return arith::SelectOp::create(b, loc, sameImage,
                                   div(rem(pixel, image), g.outWidth),
                                   index(otherImage));
  };
  Value lowest = outputRow(firstRow, 0);
  Value highest = outputRow(lastRow, g.outHeight - 1);
  // The first kernel row within the input for the highest output row, the
  // last for the lowest.
  Value begin = arith::MaxSIOp::create(
      b, loc, index(0),
      arith::CeilDivSIOp::create(b, loc,
                                 arith::SubIOp::create(b, loc, index(g.padTop),
                                                       mul(highest, g.strideH)),
                                 index(g.dilationH)));
  Value end = arith::MinSIOp::create(
      b, loc, index(g.kernelHeight),
      add(arith::FloorDivSIOp::create(
              b, loc,
              arith::SubIOp::create(b, loc, index(g.height - 1 + g.padTop),
                                    mul(lowest, g.strideH)),
              index(g.dilationH)),
          index(1)));
  return {begin, end};
}

/// Calls `body(iv)` for iv in [0, count) step `step`: a loop, or the body
/// alone for one trip.
void KernelBuilder::buildLoop(int64_t count, int64_t step,
                              function_ref<void(Value)> body) {
  if (count <= step)
    return body(index(0));
  scf::ForOp::create(b, loc, index(0), index(count), index(step), ValueRange{},
                     [&](OpBuilder &nested, Location, Value iv, ValueRange) {
                       body(iv);
                       scf::YieldOp::create(nested, loc);
                     });
}

/// Every tile: whole row tiles by whole panels (in parallel over both with
/// `threads` > 1: an scf.parallel, which --convert-scf-to-openmp
/// distributes), then on one thread the remaining rows of whole panels and
/// every row of the last, partial panel.
void KernelBuilder::buildTiles() {
  if (usesLineTiles())
    return buildLineTiles();
  int64_t lanes = dot.getLanes();
  int64_t rows = g.getRows(), rowTile = layout.rowTile;
  int64_t tiledRows = rows / rowTile * rowTile;
  int64_t wholePanels = g.outChannels / layout.panelWidth;
  int64_t vectors = layout.columnVectors;
  if (tiledRows > 0 && wholePanels > 0) {
    if (tiling.threads > 1 && tiledRows / rowTile * wholePanels > 1)
      scf::ParallelOp::create(b, loc, ValueRange{index(0), index(0)},
                              ValueRange{index(tiledRows), index(wholePanels)},
                              ValueRange{index(rowTile), index(1)},
                              [&](OpBuilder &, Location, ValueRange ivs) {
                                buildTile(ivs[0], rowTile, ivs[1], vectors,
                                          lanes);
                              });
    else
      buildLoop(wholePanels, 1, [&](Value panel) {
        buildLoop(tiledRows, rowTile, [&](Value row) {
          buildTile(row, rowTile, panel, vectors, lanes);
        });
      });
  }
  if (rows > tiledRows && wholePanels > 0)
    buildLoop(wholePanels, 1, [&](Value panel) {
      buildTile(index(tiledRows), rows - tiledRows, panel, vectors, lanes);
    });
  if (int64_t rest = g.outChannels % layout.panelWidth) {
    Value panel = index(wholePanels);
    int64_t restVectors = llvm::divideCeil(rest, lanes);
    int64_t lastLanes = rest % lanes ? rest % lanes : lanes;
    if (tiledRows > 0)
      buildLoop(tiledRows, rowTile, [&](Value row) {
        buildTile(row, rowTile, panel, restVectors, lastLanes);
      });
    if (rows > tiledRows)
      buildTile(index(tiledRows), rows - tiledRows, panel, restVectors,
                lastLanes);
  }
}

/// Every tile, along output lines: each line in segments of at most
/// rowTile pixels, of nearly equal sizes, so that each tile's pixels and
/// their kernel columns are known. Whole panels by lines in parallel with
/// `threads` > 1, then the lines of the last, partial panel.
void KernelBuilder::buildLineTiles() {
  // Runs of segments: those at a line's ends, whose pixels read padding
  // columns, alone; equal ones that read none share a loop.
  struct Run {
    int64_t first, size, count;
    SmallVector<std::pair<int64_t, int64_t>> kernelColumns;
  };
  SmallVector<Run> runs;
  int64_t segments = llvm::divideCeil(g.outWidth, layout.rowTile);
  for (int64_t s = 0, first = 0; s < segments; ++s) {
    int64_t size = g.outWidth / segments + (s < g.outWidth % segments);
    auto columns = getKernelColumns(first, size);
    if (columns.empty() && !runs.empty() && runs.back().kernelColumns.empty() &&
        runs.back().size == size)
      ++runs.back().count;
    else
      runs.push_back({first, size, 1, std::move(columns)});
    first += size;
  }
  auto buildLine = [&](Value line, Value panel, int64_t vectors,
                       int64_t lastLanes) {
    Value lineStart = mul(line, g.outWidth);
    for (const Run &run : runs)
      buildLoop(run.count * run.size, run.size, [&](Value at) {
        buildTile(add(lineStart, add(index(run.first), at)), run.size, panel,
                  vectors, lastLanes, /*oneLine=*/true, run.kernelColumns);
      });
  };
  int64_t lanes = dot.getLanes(), vectors = layout.columnVectors;
  int64_t lines = g.batch * g.outHeight;
  int64_t wholePanels = g.outChannels / layout.panelWidth;
  if (wholePanels > 0) {
    if (tiling.threads > 1 && lines * wholePanels > 1)
      scf::ParallelOp::create(b, loc, ValueRange{index(0), index(0)},
                              ValueRange{index(lines), index(wholePanels)},
                              ValueRange{index(1), index(1)},
                              [&](OpBuilder &, Location, ValueRange ivs) {
                                buildLine(ivs[0], ivs[1], vectors, lanes);
                              });
    else
      buildLoop(wholePanels, 1, [&](Value panel) {
        buildLoop(lines, 1,
                  [&](Value line) { buildLine(line, panel, vectors, lanes); });
      });
  }
  if (int64_t rest = g.outChannels % layout.panelWidth) {
    Value panel = index(wholePanels);
    int64_t lastLanes = rest % lanes ? rest % lanes : lanes;
    buildLoop(lines, 1, [&](Value line) {
      buildLine(line, panel, llvm::divideCeil(rest, lanes), lastLanes);
    });
  }
}

Value KernelBuilder::build(SymbolTable &symbols, ArrayRef<double> weights,
                           ArrayRef<double> biases) {
  activations = stageActivations();
  packWeights(symbols, weights, biases);
  Value current = fused.contraction->getResult(0);
  for (Operation *op : fused.epilogue) {
    if (FixedPointEmitter::isElementwise(op))
      for (Value operand : op->getOperands()) {
        if (operand == current)
          continue;
        Residual &residual = residuals[op];
        while (auto castOp = operand.getDefiningOp<CastOp>()) {
          if (!castOp->hasOneUse())
            break;
          residual.casts.push_back(castOp);
          operand = castOp.getInput();
        }
        std::reverse(residual.casts.begin(), residual.casts.end());
        residual.buffer = buildFlatBuffer(b, loc, operand);
        residual.magnitudeBits = getStoredMagnitudeBits(operand, bounds);
      }
    current = op->getResult(0);
  }

  // The result is written into a buffer of its final shape.
  // (A chain that ends in fxp.dequantize has a float result.)
  auto resultType = cast<RankedTensorType>(fused.getResult().getType());
  auto storageType = resultType;
  if (getFixedElementType(resultType))
    storageType = cast<RankedTensorType>(getStorageType(resultType));
  auto bufferType =
      MemRefType::get(storageType.getShape(), storageType.getElementType());
  Value buffer =
      memref::AllocOp::create(b, loc, bufferType, b.getI64IntegerAttr(64));
  ReassociationIndices all =
      llvm::to_vector(llvm::seq<int64_t>(0, storageType.getRank()));
  output = memref::CollapseShapeOp::create(b, loc, buffer,
                                           ArrayRef<ReassociationIndices>{all});
  // A fixed-point epilogue is a dozen ops or more per accumulator vector:
  // unrolled over a tile of 12 rows it would be most of a kernel's code and
  // of its compile time. A tile stores its accumulators into a small buffer
  // instead (on the stack once buffers are promoted), and one loop over its
  // rows runs the epilogue of each column vector. Only where the reduction
  // is long beside the buffer's stores and loads: with fewer groups per
  // accumulator (depthwise convolutions' 9, 1x1 convolutions of under 128
  // channels) MobileNetV2 ran 3% slower, with 32 or more as fast as
  // unrolled. Not with tiles in parallel, which would share the buffer; a
  // float epilogue (a clamp) is short.
  constexpr int64_t kMinGroupsForEpilogueLoop = 32;
  if (!dot.isFloat() && layout.groups >= kMinGroupsForEpilogueLoop &&
      tiling.threads <= 1 && layout.rowTile > 1)
    epilogueBuffer = memref::AllocOp::create(
        b, loc,
        MemRefType::get(
            {layout.rowTile * layout.columnVectors * dot.getLanes()},
            dot.getAccumulatorType(b.getContext())),
        b.getI64IntegerAttr(64));

  buildTiles();

  Value result = bufferization::ToTensorOp::create(
      b, loc, storageType, buffer, /*restrict=*/true, /*writable=*/true);
  if (storageType != resultType)
    result = BitcastOp::create(b, loc, resultType, result);
  return result;
}

/// Replaces `fused` by the kernel that `dot` computes it with.
static void emitKernel(RewriterBase &rewriter, const FusedContraction &fused,
                       const Geometry &geometry,
                       const TargetDescription &target,
                       const DotInstruction &dot, const AccumulatorRange *range,
                       const TilingOptions &tiling, SymbolTable &symbols,
                       MagnitudeBounds &bounds, ArrayRef<double> weights,
                       ArrayRef<double> biases) {
  KernelLayout layout = getLayout(geometry, target, dot);
  Operation *op = fused.contraction;
  Operation *last = fused.epilogue.empty() ? op : fused.epilogue.back();
  rewriter.setInsertionPoint(last);
  KernelBuilder builder(rewriter, fused, layout, dot, range, tiling, bounds);
  Value result = builder.build(symbols, weights, biases);
  bounds[result] = builder.getResultMagnitudeBits();
  rewriter.replaceAllUsesWith(fused.getResult(), result);
  for (Operation *epilogueOp : llvm::reverse(fused.epilogue))
    rewriter.eraseOp(epilogueOp);
  rewriter.eraseOp(op);
  for (Operation *castOp : builder.getResidualCasts())
    if (castOp->use_empty())
      rewriter.eraseOp(castOp);
}

static SmallVector<double> toDoubles(ArrayRef<int64_t> values) {
  return SmallVector<double>(values.begin(), values.end());
}

/// Generates the kernel of `fused` for `target` when it can take it.
static LogicalResult
generateKernel(RewriterBase &rewriter, const FusedContraction &fused,
               const TargetDescription &target, const TilingOptions &tiling,
               SymbolTable &symbols, MagnitudeBounds &bounds) {
  auto op = cast<ContractionOpInterface>(fused.contraction);
  FixedType input = getFixedElementType(op.getInput().getType());
  // The instruction multiplies stored weights, whose width and signedness
  // per-axis weights share.
  FixedType weight = getFixedElementType(op.getWeight().getType());
  if (FixedPerAxisType perAxis =
          getFixedPerAxisElementType(op.getWeight().getType()))
    weight = perAxis.getSliceFormat(0);
  if (!op.getAccumulatorFracLength())
    return failure();
  std::optional<Geometry> geometry = getGeometry(op);
  if (!geometry || geometry->getRows() == 0 || geometry->outChannels == 0)
    return failure();
  std::unique_ptr<DotInstruction> dot =
      DotInstruction::create(target, input, weight);
  if (!dot)
    return failure();
  std::optional<SmallVector<int64_t>> weights =
      getStoredConstantValues(op.getWeight());
  std::optional<SmallVector<int64_t>> biases;
  if (op.getBias()) {
    biases = getStoredConstantValues(op.getBias());
    if (!biases)
      return failure();
  }
  FailureOr<AccumulatorRange> range = computeAccumulatorRange(op);
  if (!weights || failed(range) || !range->fitsInt32())
    return failure();
  for (Operation *epilogueOp : fused.epilogue)
    for (Value operand : epilogueOp->getOperands())
      if (auto type = dyn_cast<RankedTensorType>(operand.getType());
          !type || !type.hasStaticShape())
        return failure();
  emitKernel(rewriter, fused, *geometry, target, *dot, &*range, tiling, symbols,
             bounds, toDoubles(*weights),
             biases ? toDoubles(*biases) : SmallVector<double>());
  return success();
}

/// Generates the FMA kernel of the f32 TOSA contraction `op` when it can take
/// it.
static LogicalResult generateFloatKernel(RewriterBase &rewriter, Operation *op,
                                         const TargetDescription &target,
                                         const TilingOptions &tiling,
                                         SymbolTable &symbols,
                                         MagnitudeBounds &bounds) {
  std::optional<Geometry> geometry = getFloatGeometry(op);
  if (!geometry || geometry->getRows() == 0 || geometry->outChannels == 0)
    return failure();
  std::optional<SmallVector<double>> weights =
      getFloatConstant(op->getOperand(1));
  std::optional<SmallVector<double>> biases = SmallVector<double>();
  if (!isa<tosa::MatMulOp>(op))
    biases = getFloatConstant(op->getOperand(2));
  if (!weights || !biases)
    return failure();
  std::unique_ptr<DotInstruction> dot = DotInstruction::createFloat(target);
  FusedContraction fused{op, op->getOperand(0), {}};
  // A clamp that alone reads the result (a ReLU, ReLU6) is applied in
  // registers: the unclamped result is never stored. NaNs propagate in the
  // kernel's clamp, as in upstream's lowering of the default nan_mode.
  Value result = op->getResult(0);
  if (result.hasOneUse())
    if (auto clamp = dyn_cast<tosa::ClampOp>(*result.getUsers().begin());
        clamp && clamp.getType() == result.getType() &&
        clamp.getNanMode() == tosa::NanPropagationMode::PROPAGATE &&
        isa<FloatAttr>(clamp.getMinValAttr()) &&
        isa<FloatAttr>(clamp.getMaxValAttr()))
      fused.epilogue.push_back(clamp);
  emitKernel(rewriter, fused, *geometry, target, *dot, /*range=*/nullptr,
             tiling, symbols, bounds, *weights, *biases);
  return success();
}

namespace {
struct FXPGenerateKernelsPass
    : fxp::impl::FXPGenerateKernelsBase<FXPGenerateKernelsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::optional<TargetDescription> description = lookupTarget(target);
    if (!description) {
      module.emitError("unknown target '")
          << target
          << "'; expected one of: " << llvm::join(getTargetNames(), ", ");
      return signalPassFailure();
    }
    SmallVector<ContractionOpInterface> contractions;
    SmallVector<Operation *> floatContractions;
    module.walk([&](Operation *op) {
      if (auto contraction = dyn_cast<ContractionOpInterface>(op))
        contractions.push_back(contraction);
      else if (isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::MatMulOp>(op))
        floatContractions.push_back(op);
    });
    SymbolTable symbols(module);
    IRRewriter rewriter(&getContext());
    TilingOptions tiling{threads, lineTiles};
    MagnitudeBounds bounds;
    for (ContractionOpInterface op : contractions)
      (void)generateKernel(rewriter, matchEpilogue(op), *description, tiling,
                           symbols, bounds);
    for (Operation *op : floatContractions)
      (void)generateFloatKernel(rewriter, op, *description, tiling, symbols,
                                bounds);
  }
};
} // namespace
