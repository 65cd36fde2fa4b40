//===- Calibration.cpp - activation statistics for F8Net ------------------===//
//
// The model is executed with the project's own lowering: a clone of the
// function that hands every activation to a callback as soon as it is
// computed goes through --fxp-float-to-llvm (the kernels with an f32 FMA;
// or, for testing, the reference lowering) in two parts, lowered and
// compiled in parallel (as fxp-compile's objects are), is linked in memory
// by ORC's LLJIT, then run over the samples on several threads. The callback
// adds the activation to the statistics while it is still in the cache.
//
//===----------------------------------------------------------------------===//

#include "fxp/Calibration/Calibration.h"

#include "fxp/Dialect/FXP/IR/FXP.h"
#include "fxp/Pipelines/Pipelines.h"
#include "fxp/Target/Object/Object.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/AsmState.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/ExecutionEngine/Orc/AbsoluteSymbols.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/MapperJITLinkMemoryManager.h"
#include "llvm/ExecutionEngine/Orc/ObjectLinkingLayer.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InterleavedRange.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/Threading.h"

#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <thread>

#if defined(__x86_64__) && defined(__clang__)
#include <immintrin.h>
#endif

using namespace mlir;
using namespace mlir::fxp;

/// The loops over every calibrated value, compiled for the widest vectors of
/// the running x86 CPU (the rest of the tool is built for any x86-64).
#if defined(__x86_64__) && defined(__linux__) && defined(__clang__)
#define FXP_VECTOR_CLONES                                                      \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define FXP_VECTOR_CLONES
#endif

namespace {
/// Sums, sums of squares, minima and maxima of a run of values in kLanes
/// independent lanes, so that the loop vectorizes (two AVX-512 vectors of
/// doubles per sum: two independent addition chains). A double holds the
/// square of any float: only a non-finite input makes the sums non-finite.
struct LaneSums {
  static constexpr int kLanes = 16;
  double sums[kLanes] = {}, squares[kLanes] = {};
  float mins[kLanes], maxs[kLanes];
};
} // namespace

FXP_VECTOR_CLONES
static void sumLanes(const float *values, size_t size, LaneSums &lanes) {
  constexpr int kLanes = LaneSums::kLanes;
  // Local accumulators: `values` might alias `lanes` for all the compiler
  // knows, which would keep every lane in memory.
  double sums[kLanes] = {}, squares[kLanes] = {};
  float mins[kLanes], maxs[kLanes];
  std::fill(mins, mins + kLanes, INFINITY);
  std::fill(maxs, maxs + kLanes, -INFINITY);
  size_t whole = size / kLanes * kLanes;
  for (size_t i = 0; i < whole; i += kLanes)
    for (int lane = 0; lane < kLanes; ++lane) {
      float v = values[i + lane];
      sums[lane] += v;
      squares[lane] += double(v) * v;
      mins[lane] = v < mins[lane] ? v : mins[lane];
      maxs[lane] = v > maxs[lane] ? v : maxs[lane];
    }
  for (size_t i = whole; i < size; ++i) {
    float v = values[i];
    sums[0] += v;
    squares[0] += double(v) * v;
    mins[0] = std::min(mins[0], v);
    maxs[0] = std::max(maxs[0], v);
  }
  std::copy(sums, sums + kLanes, lanes.sums);
  std::copy(squares, squares + kLanes, lanes.squares);
  std::copy(mins, mins + kLanes, lanes.mins);
  std::copy(maxs, maxs + kLanes, lanes.maxs);
}

/// The bin of each value on the grid of bins 1 / `scale` wide whose low end
/// is `lowInBins` bin widths, clamped to [0, last]: floor(v * scale) -
/// lowInBins. Exact: the scale is a power of two, so v * scale is exact in
/// double, and `lowInBins` is an integer. (Subtracting the low end before
/// scaling would round a tiny value below a bin's edge into the bin above.)
FXP_VECTOR_CLONES
static void binValues(const float *values, size_t size, double scale,
                      double lowInBins, double last, int32_t *bins) {
  double highInBins = lowInBins + last;
  for (size_t i = 0; i < size; ++i) {
    double scaled = double(values[i]) * scale;
    scaled = scaled < lowInBins ? lowInBins : scaled;
    scaled = scaled > highInBins ? highInBins : scaled;
    bins[i] = int32_t(std::floor(scaled) - lowInBins);
  }
}

/// Copies the values that are not zero (+0 or -0) to `kept`, which has room
/// for `size` + 16 values; returns how many. AVX-512 compresses 16 at a
/// time; without it every value is binned, zeros included.
#if defined(__x86_64__) && defined(__clang__)
__attribute__((target("avx512f"))) static size_t
keepNonZeroAVX512(const float *values, size_t size, float *kept) {
  size_t count = 0, i = 0;
  for (; i + 16 <= size; i += 16) {
    __m512 v = _mm512_loadu_ps(values + i);
    __mmask16 nonZero = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_NEQ_UQ);
    // Compressed in a register, stored whole: the compressing store is
    // microcoded on Zen 4.
    _mm512_storeu_ps(kept + count, _mm512_maskz_compress_ps(nonZero, v));
    count += __builtin_popcount(nonZero);
  }
  for (; i < size; ++i) {
    kept[count] = values[i];
    count += values[i] != 0;
  }
  return count;
}
static const bool hasAVX512 = __builtin_cpu_supports("avx512f");
#endif

namespace {

/// Running statistics of one activation.
struct RunningStats {
  double sum = 0, sumSquares = 0;
  double min = INFINITY, max = -INFINITY;
  int64_t count = 0;
  /// The first NaN or infinity seen, and in which sample: statistics must be
  /// finite, so it is reported rather than summed.
  std::optional<std::pair<float, int64_t>> nonFinite;

  /// Adds the values of one run of sample `sample`; returns whether they
  /// are all finite.
  bool add(ArrayRef<float> run, int64_t sample) {
    LaneSums lanes;
    sumLanes(run.data(), run.size(), lanes);
    double runSum = 0, runSquares = 0;
    for (int lane = 0; lane < LaneSums::kLanes; ++lane) {
      runSum += lanes.sums[lane];
      runSquares += lanes.squares[lane];
      min = std::min<double>(min, lanes.mins[lane]);
      max = std::max<double>(max, lanes.maxs[lane]);
    }
    if (!std::isfinite(runSum) || !std::isfinite(runSquares)) {
      if (!nonFinite)
        nonFinite = {
            *llvm::find_if(run, [](float v) { return !std::isfinite(v); }),
            sample};
      return false;
    }
    sum += runSum;
    sumSquares += runSquares;
    count += run.size();
    return true;
  }

  /// Adds the statistics of the next samples.
  void merge(const RunningStats &other) {
    sum += other.sum;
    sumSquares += other.sumSquares;
    min = std::min(min, other.min);
    max = std::max(max, other.max);
    count += other.count;
    if (other.nonFinite && !nonFinite)
      nonFinite = other.nonFinite;
  }
};

/// A histogram of equal bins on the narrowest grid of power-of-two width
/// (bins of width w from a multiple of w) that holds every value added: a
/// function of the values' min and max alone. A value outside widens the
/// grid (w only grows with the range, and a grid's bins nest in any wider
/// one's), and the bins merge exactly, so the counts do not depend on the
/// order of the values: samples are binned in one pass, on any thread, and
/// merged.
class StreamingHistogram {
public:
  explicit StreamingHistogram(unsigned bins)
      : counts(bins, 0), partial(bins, std::array<int64_t, kWays>{}) {}

  /// Adds finite values whose minimum and maximum are `min` and `max`.
  void add(ArrayRef<float> values, double min, double max) {
    cover(min, max);
    double last = counts.size() - 1;
    double scale = 1 / width;
    double lowInBins = low * scale;
    // Bins a chunk at a time, in a loop that vectorizes, then counts them in
    // kWays interleaved copies: consecutive values often share a bin (the
    // zeros after a ReLU), and one counter would serialize the increments.
    // Zeros (half of a ReLU's outputs) are counted apart and binned once,
    // where AVX-512 sets them aside for less than binning them costs.
    constexpr size_t kChunk = 256;
    int32_t bins[kChunk];
    float nonZero[kChunk + 16];
    int64_t zeros = 0;
    std::array<int64_t, kWays> *ways = partial.data();
    for (size_t begin = 0; begin < values.size(); begin += kChunk) {
      size_t size = std::min(kChunk, values.size() - begin);
      const float *chunk = values.data() + begin;
#if defined(__x86_64__) && defined(__clang__)
      if (hasAVX512 && min <= 0 && max >= 0) {
        size_t kept = keepNonZeroAVX512(chunk, size, nonZero);
        zeros += size - kept;
        chunk = nonZero;
        size = kept;
      }
#endif
      binValues(chunk, size, scale, lowInBins, last, bins);
      size_t i = 0;
      for (size_t whole = size / kWays * kWays; i < whole; i += kWays)
        for (unsigned way = 0; way < kWays; ++way)
          ++ways[bins[i + way]][way];
      for (; i < size; ++i)
        ++ways[bins[i]][0];
    }
    if (zeros) {
      float zero = 0;
      int32_t zeroBin;
      binValues(&zero, 1, scale, lowInBins, last, &zeroBin);
      ways[zeroBin][0] += zeros;
    }
  }

  /// Adds the interleaved counts to the bins. `add` leaves them apart (they
  /// are summed once, not per run of values): call this before reading the
  /// counts or merging.
  void flush() {
    for (auto [count, ways] : llvm::zip(counts, partial))
      for (int64_t &way : ways) {
        count += way;
        way = 0;
      }
  }

  void merge(const StreamingHistogram &other) {
    if (!other.hasRange)
      return;
    assert(other.isFlushed() && "merging unflushed counts");
    cover(other.min, other.max);
    for (auto [i, count] : llvm::enumerate(other.counts))
      counts[getBin(other.low + i * other.width)] += count;
  }

  double getLow() const { return low; }
  double getHigh() const { return low + width * counts.size(); }
  ArrayRef<int64_t> getCounts() const {
    assert(isFlushed() && "reading unflushed counts");
    return counts;
  }

private:
  static constexpr unsigned kWays = 8;

  bool isFlushed() const {
    return llvm::all_of(partial, [](const auto &ways) {
      return llvm::all_of(ways, [](int64_t c) { return c == 0; });
    });
  }

  int64_t getBin(double v) const {
    return std::clamp<int64_t>(int64_t((v - low) / width), 0,
                               counts.size() - 1);
  }

  /// Moves to the grid of the values seen and [newMin, newMax].
  void cover(double newMin, double newMax) {
    if (hasRange) {
      newMin = std::min(newMin, min);
      newMax = std::max(newMax, max);
      // The grid of a range holds a narrower one: it is that one's grid.
      if (newMin >= low && newMax < getHigh()) {
        min = newMin;
        max = newMax;
        return;
      }
    }
    // The narrowest grid: every holding width exceeds (max - min) / bins;
    // start at the power of two below (the smallest float for one value)
    // and double.
    size_t bins = counts.size();
    double newWidth = std::ldexp(1.0, -149);
    if (newMax > newMin)
      newWidth = std::max(
          newWidth, std::exp2(std::floor(std::log2((newMax - newMin) / bins))));
    double newLow = std::floor(newMin / newWidth) * newWidth;
    while (newLow + newWidth * bins <= newMax) {
      newWidth *= 2;
      newLow = std::floor(newMin / newWidth) * newWidth;
    }
    flush();
    SmallVector<int64_t> old(bins, 0);
    std::swap(old, counts);
    double oldLow = low, oldWidth = width;
    low = newLow;
    width = newWidth;
    if (hasRange)
      for (auto [i, count] : llvm::enumerate(old))
        counts[getBin(oldLow + i * oldWidth)] += count;
    min = newMin;
    max = newMax;
    hasRange = true;
  }

  SmallVector<int64_t> counts;
  /// Counts of the values being added, kWays per bin.
  SmallVector<std::array<int64_t, kWays>> partial;
  bool hasRange = false;
  /// The values' range and the grid.
  double min = 0, max = 0, low = 0, width = 0;
};

/// Progress on a stream, at most once a second: samples run of all, and the
/// time per sample.
class ProgressReporter {
public:
  ProgressReporter(llvm::raw_ostream *os, int64_t samples)
      : os(os), samples(samples), begin(std::chrono::steady_clock::now()),
        last(begin) {}

  void done() {
    if (!os)
      return;
    std::lock_guard<std::mutex> lock(mutex);
    ++finished;
    auto now = std::chrono::steady_clock::now();
    if (finished != samples && now - last < std::chrono::seconds(1))
      return;
    last = now;
    double seconds = std::chrono::duration<double>(now - begin).count();
    *os << llvm::formatv("calibration statistics: {0}/{1} samples, {2:F1} ms "
                         "per sample\n",
                         finished, samples, 1000 * seconds / finished);
    os->flush();
  }

private:
  llvm::raw_ostream *os;
  int64_t samples;
  int64_t finished = 0;
  std::chrono::steady_clock::time_point begin, last;
  std::mutex mutex;
};

/// The layout of a ranked memref descriptor, as the C interface passes it.
struct Descriptor {
  SmallVector<int64_t> words; // allocated, aligned, offset, sizes, strides

  static Descriptor forArray(float *data, ArrayRef<int64_t> shape) {
    Descriptor d;
    d.words.push_back(reinterpret_cast<int64_t>(data));
    d.words.push_back(reinterpret_cast<int64_t>(data));
    d.words.push_back(0);
    d.words.append(shape.begin(), shape.end());
    int64_t stride = 1;
    SmallVector<int64_t> strides(shape.size());
    for (int64_t i = shape.size() - 1; i >= 0; --i) {
      strides[i] = stride;
      stride *= shape[i];
    }
    d.words.append(strides.begin(), strides.end());
    return d;
  }
};

/// What the running thread's model call hands its activations to.
struct ActivationVisitor {
  function_ref<void(unsigned thread, int64_t sample, size_t activation,
                    ArrayRef<float> values)>
      visit;
  unsigned thread;
  int64_t sample;
};

thread_local const ActivationVisitor *currentVisitor = nullptr;

/// The name of the callback the calibrated model calls with each activation.
constexpr StringLiteral kVisitName = "__fxp_calibration_visit";

} // namespace

/// The callback, as the lowering calls a function of (i64, memref<?xf32>):
/// the index of the activation, then the memref's descriptor, expanded.
static void visitActivation(int64_t activation, float *allocated,
                            float *aligned, int64_t offset, int64_t size,
                            int64_t stride) {
  (void)allocated;
  const ActivationVisitor &visitor = *currentVisitor;
  if (stride == 1) {
    visitor.visit(visitor.thread, visitor.sample, activation,
                  ArrayRef<float>(aligned + offset, size));
    return;
  }
  // The lowering passes a contiguous buffer; a strided one is gathered.
  std::vector<float> values(size);
  for (int64_t i = 0; i < size; ++i)
    values[i] = aligned[offset + i * stride];
  visitor.visit(visitor.thread, visitor.sample, activation, values);
}

/// Makes `func` hand each of `activations` (its values) to the callback
/// right after computing it, as a contiguous tensor<?xf32>, instead of
/// returning anything: the statistics stream while the values are in the
/// cache, and no buffer holds all activations at once.
static void visitActivations(func::FuncOp func, ArrayRef<Value> activations) {
  MLIRContext *context = func.getContext();
  auto module = func->getParentOfType<ModuleOp>();
  auto dynamic =
      RankedTensorType::get({ShapedType::kDynamic}, Float32Type::get(context));
  auto i64 = IntegerType::get(context, 64);
  auto builder = OpBuilder::atBlockBegin(module.getBody());
  auto callee =
      func::FuncOp::create(builder, func.getLoc(), kVisitName,
                           FunctionType::get(context, {i64, dynamic}, {}));
  callee.setPrivate();
  // The callee only reads the values: bufferization copies nothing.
  callee.setArgAttr(1, "bufferization.access", builder.getStringAttr("read"));
  for (auto [index, value] : llvm::enumerate(activations)) {
    if (auto arg = dyn_cast<BlockArgument>(value))
      builder.setInsertionPointToStart(arg.getOwner());
    else
      builder.setInsertionPointAfter(value.getDefiningOp());
    Location loc = value.getLoc();
    auto type = cast<RankedTensorType>(value.getType());
    auto flatType =
        RankedTensorType::get({type.getNumElements()}, type.getElementType());
    Value flat = value;
    if (type.getRank() == 0)
      flat = tensor::ExpandShapeOp::create(builder, loc, flatType, value,
                                           ArrayRef<ReassociationIndices>{});
    else if (type.getRank() > 1)
      flat = tensor::CollapseShapeOp::create(
          builder, loc, flatType, value,
          ArrayRef<ReassociationIndices>{
              llvm::to_vector(llvm::seq<int64_t>(type.getRank()))});
    Value dynamicFlat = tensor::CastOp::create(builder, loc, dynamic, flat);
    Value indexValue = arith::ConstantIntOp::create(builder, loc, index, 64);
    func::CallOp::create(builder, loc, callee,
                         ValueRange{indexValue, dynamicFlat});
  }
  Operation *ret = func.getBody().back().getTerminator();
  ret->setOperands({});
  func.setType(FunctionType::get(context, func.getArgumentTypes(), {}));
}

FailureOr<NpyArray> mlir::fxp::readNpy(StringRef path, Location loc) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return emitError(loc) << "cannot read '" << path
                          << "': " << buffer.getError().message();
  llvm::Expected<NpyArray> array = parseNpy((*buffer)->getBuffer());
  if (!array)
    return emitError(loc) << "'" << path << "' "
                          << llvm::toString(array.takeError());
  return std::move(*array);
}

/// A NaN or an infinity, as a diagnostic names it: NaN, +Inf, -Inf.
static std::string nameNonFinite(float value) {
  SmallString<8> text;
  llvm::APFloat(value).toString(text);
  return text.str().str();
}

/// Calibration statistics must be finite: an error names the first NaN or
/// infinity of an input by its index.
static LogicalResult checkFinite(const NpyArray &array, StringRef path,
                                 Location loc) {
  auto nonFinite =
      llvm::find_if(array.data, [](float v) { return !std::isfinite(v); });
  if (nonFinite == array.data.end())
    return success();
  SmallVector<int64_t> index =
      delinearize(nonFinite - array.data.begin(), computeStrides(array.shape));
  return emitError(loc) << "'" << path << "' holds "
                        << nameNonFinite(*nonFinite) << " at index ("
                        << llvm::interleaved(index)
                        << "); calibration inputs must be finite";
}

/// Whether `value` is a pre-activation: the result of a contraction or add
/// that only clamps read. fxp keeps it in its accumulator's format; the
/// rules choose the clamp's format from the clamp's own statistics, and the
/// std rule reads only the pre-activation's sigma, never its histogram.
/// (Skipping their bins halves a CNN's histogram cost.)
static bool isPreActivation(Value value) {
  Operation *producer = value.getDefiningOp();
  if (!isa_and_nonnull<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::MatMulOp,
                       tosa::AddOp>(producer))
    return false;
  return !value.use_empty() &&
         llvm::all_of(value.getUsers(),
                      [](Operation *user) { return isa<tosa::ClampOp>(user); });
}

/// The activations of a model function: float tensor arguments, and the
/// float tensor results of TOSA ops other than constants (without
/// pre-activations unless `preActivations`).
static SmallVector<Value> getActivations(func::FuncOp func,
                                         bool preActivations) {
  SmallVector<Value> values;
  auto isFloatTensor = [](Type type) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    return tensor && tensor.getElementType().isF32() && tensor.hasStaticShape();
  };
  for (BlockArgument arg : func.getArguments())
    if (isFloatTensor(arg.getType()))
      values.push_back(arg);
  func.walk([&](Operation *op) {
    if (!isa<tosa::TosaDialect>(op->getDialect()) ||
        isa<tosa::ConstOp, tosa::ConstShapeOp>(op))
      return;
    for (Value result : op->getResults())
      if (isFloatTensor(result.getType()) &&
          (preActivations || !isPreActivation(result)))
        values.push_back(result);
  });
  return values;
}

/// Adds to a lowered module a function that takes an array of pointers to
/// the arguments of the C interface function `ciface` and calls it (the
/// packed form of MLIR's ExecutionEngine). Returns its name, or an empty
/// name if `ciface` is missing.
static StringRef addPackedEntryPoint(ModuleOp module, StringRef ciface) {
  auto callee = module.lookupSymbol<LLVM::LLVMFuncOp>(ciface);
  if (!callee)
    return {};
  MLIRContext *ctx = module.getContext();
  Location loc = callee.getLoc();
  auto ptr = LLVM::LLVMPointerType::get(ctx);
  auto builder = OpBuilder::atBlockEnd(module.getBody());
  auto packed = LLVM::LLVMFuncOp::create(
      builder, loc, ("_mlir_" + ciface).str(),
      LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx), {ptr}));
  Block *body = packed.addEntryBlock(builder);
  builder.setInsertionPointToStart(body);
  SmallVector<Value> args;
  for (auto [i, type] : llvm::enumerate(callee.getFunctionType().getParams())) {
    Value slotAddress =
        LLVM::GEPOp::create(builder, loc, ptr, ptr, body->getArgument(0),
                            ArrayRef<LLVM::GEPArg>{int32_t(i)});
    Value slot = LLVM::LoadOp::create(builder, loc, ptr, slotAddress);
    args.push_back(LLVM::LoadOp::create(builder, loc, type, slot));
  }
  LLVM::CallOp::create(builder, loc, callee, args);
  LLVM::ReturnOp::create(builder, loc, ValueRange());
  return packed.getSymName();
}

/// A JIT holding `objects`, linked against this process's libraries and
/// with `callback` defined as `callbackName`.
static llvm::Expected<std::unique_ptr<llvm::orc::LLJIT>>
loadObjects(ArrayRef<ObjectCode> objects, StringRef callbackName,
            void *callback) {
  // The objects refer to each other's hidden symbols (the parts, the
  // weights) with 32-bit PC-relative offsets, as a linker that places them
  // in one library would: they are loaded into one reservation of memory,
  // not into mappings anywhere in the address space.
  size_t bytes = 0;
  for (const ObjectCode &object : objects)
    bytes += object.size();
  size_t reservation = llvm::alignTo(2 * bytes + (1 << 20), 1 << 20);
  auto jit =
      llvm::orc::LLJITBuilder()
          .setObjectLinkingLayerCreator(
              [reservation](llvm::orc::ExecutionSession &session)
                  -> llvm::Expected<std::unique_ptr<llvm::orc::ObjectLayer>> {
                auto memory =
                    llvm::orc::MapperJITLinkMemoryManager::CreateWithMapper<
                        llvm::orc::InProcessMemoryMapper>(reservation);
                if (!memory)
                  return memory.takeError();
                return std::make_unique<llvm::orc::ObjectLinkingLayer>(
                    session, std::move(*memory));
              })
          .create();
  if (!jit)
    return jit.takeError();
  llvm::orc::JITDylib &dylib = (*jit)->getMainJITDylib();
  if (llvm::Error error = dylib.define(llvm::orc::absoluteSymbols(
          {{(*jit)->mangleAndIntern(callbackName),
            {llvm::orc::ExecutorAddr::fromPtr(callback),
             llvm::JITSymbolFlags::Exported}}})))
    return std::move(error);
  auto process = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      (*jit)->getDataLayout().getGlobalPrefix());
  if (!process)
    return process.takeError();
  dylib.addGenerator(std::move(*process));
  for (const ObjectCode &object : objects)
    if (llvm::Error error =
            (*jit)->addObjectFile(llvm::MemoryBuffer::getMemBufferCopy(
                StringRef(object.data(), object.size()), "calibration")))
      return std::move(error);
  return jit;
}

LogicalResult mlir::fxp::calibrate(ModuleOp module, func::FuncOp func,
                                   ArrayRef<std::string> inputPaths,
                                   const CalibrationOptions &options) {
  MLIRContext *context = module.getContext();
  context->getOrLoadDialect<FXPDialect>();
  Location loc = func.getLoc();
  SmallVector<Value> activations = getActivations(func, options.preActivations);
  for (BlockArgument arg : func.getArguments()) {
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    if (!type || !type.hasStaticShape() || !type.getElementType().isF32())
      return emitError(arg.getLoc(), "calibration needs static f32 tensor "
                                     "arguments, got ")
             << arg.getType();
  }
  if (inputPaths.size() != func.getNumArguments())
    return emitError(loc, "the model takes ")
           << func.getNumArguments() << " arguments; give one .npy per "
           << "argument (got " << inputPaths.size() << ")";

  // Inputs: every file holds the same number of samples.
  SmallVector<NpyArray> inputs;
  int64_t samples = -1;
  for (auto [path, type] : llvm::zip(inputPaths, func.getArgumentTypes())) {
    FailureOr<NpyArray> array = readNpy(path, loc);
    if (failed(array) || failed(checkFinite(*array, path, loc)))
      return failure();
    ArrayRef<int64_t> argShape = cast<RankedTensorType>(type).getShape();
    ArrayRef<int64_t> shape = array->shape;
    // N samples of the argument's shape, or (for a leading batch dimension
    // B) N * B rows of its other dimensions: a batch-1 model calibrates on
    // images stacked as one batch.
    int64_t count = -1;
    if (shape.size() == argShape.size() + 1 && shape.drop_front() == argShape)
      count = shape.front();
    else if (shape == argShape)
      count = 1;
    else if (!shape.empty() && shape.size() == argShape.size() &&
             shape.drop_front() == argShape.drop_front() &&
             argShape.front() > 0 && shape.front() % argShape.front() == 0)
      count = shape.front() / argShape.front();
    if (count < 0) {
      InFlightDiagnostic diag = emitError(loc)
                                << "'" << path << "' has shape ("
                                << llvm::interleaved(shape)
                                << "); the argument " << type << " needs (N, "
                                << llvm::interleaved(argShape) << ")";
      if (!argShape.empty()) {
        diag << " or (";
        if (argShape.front() != 1)
          diag << argShape.front();
        diag << "N";
        for (int64_t size : argShape.drop_front())
          diag << ", " << size;
        diag << ")";
      }
      return diag;
    }
    if (samples >= 0 && count != samples)
      return emitError(loc) << "'" << path << "' has " << count
                            << " samples, the other inputs " << samples;
    samples = count;
    inputs.push_back(std::move(*array));
  }
  if (samples == 0)
    return emitError(loc) << "the calibration inputs hold no sample";

  // A clone of the module whose function hands every activation to the
  // callback. Other functions are not needed and may not lower.
  OwningOpRef<ModuleOp> clone = module.clone();
  auto cloned = clone->lookupSymbol<func::FuncOp>(func.getSymName());
  for (auto other : llvm::make_early_inc_range(clone->getOps<func::FuncOp>()))
    if (other != cloned)
      other.erase();
  visitActivations(cloned, getActivations(cloned, options.preActivations));
  cloned->setAttr("llvm.emit_c_interface", UnitAttr::get(context));

  // The model lowers and compiles in parts, in parallel (as fxp-compile's
  // objects do), and is linked in memory; it runs through the packed entry
  // point. (Out-parameters: the convention between the parts.)
  auto buildLowering = [&](OpPassManager &pm) {
    if (options.reference) {
      buildTosaToLinalgPipeline(pm);
      LowerToLLVMOptions reference;
      reference.outParams = true;
      buildReferenceToLLVMPipeline(pm, reference);
      return;
    }
    // The running CPU's kernels; the JIT compiles for it. The model runs
    // over a few dozen samples: line tiles would cost more time to compile
    // than they save (ResNet-18: 0.8 s more to calibrate).
    FastLowerToLLVMOptions fast;
    fast.outParams = true;
    fast.lineTiles = false;
    buildFloatToLLVMPipeline(pm, fast);
  };
  std::string packedName;
  auto addEntryPoint = [&](ModuleOp lowered) -> LogicalResult {
    packedName = addPackedEntryPoint(
        lowered, ("_mlir_ciface_" + func.getSymName()).str());
    if (packedName.empty())
      return emitError(loc) << "the lowered model has no C interface";
    return success();
  };
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  registerBuiltinDialectTranslation(*context);
  registerLLVMDialectTranslation(*context);
  FailureOr<SmallVector<ObjectCode>> objects =
      lowerAndCompileToObjects(*clone, buildLowering, addEntryPoint, 2);
  if (failed(objects))
    return emitError(loc) << "cannot lower and compile the model for "
                             "calibration";
  auto jit = loadObjects(*objects, kVisitName,
                         reinterpret_cast<void *>(&visitActivation));
  if (!jit) {
    std::string message = llvm::toString(jit.takeError());
    return emitError(loc) << "cannot load the compiled model: " << message;
  }
  auto entry = (*jit)->lookup(packedName);
  if (!entry) {
    std::string message = llvm::toString(entry.takeError());
    return emitError(loc) << "cannot find the compiled model: " << message;
  }
  auto *model = entry->toPtr<void (*)(void **)>();

  unsigned threads = options.threads
                         ? options.threads
                         : llvm::hardware_concurrency().compute_thread_count();
  threads = std::max<unsigned>(1, std::min<int64_t>(threads, samples));
  ProgressReporter progress(options.progress, samples);

  // Runs every sample, `threads` at a time, and hands each activation's
  // values to `visit`, with the running thread's index.
  auto runSamples =
      [&](function_ref<void(unsigned thread, int64_t sample, size_t activation,
                            ArrayRef<float> values)>
              visit) {
        std::atomic<int64_t> next(0);
        auto worker = [&](unsigned thread) {
          for (int64_t sample = next++; sample < samples; sample = next++) {
            SmallVector<Descriptor> inputDescriptors;
            for (auto [array, type] :
                 llvm::zip(inputs, func.getArgumentTypes())) {
              auto argType = cast<RankedTensorType>(type);
              float *data =
                  array.data.data() + sample * argType.getNumElements();
              inputDescriptors.push_back(
                  Descriptor::forArray(data, argType.getShape()));
            }
            // The C interface takes a pointer to each descriptor; the packed
            // call a pointer to each of those.
            SmallVector<void *> descriptorPointers;
            for (Descriptor &d : inputDescriptors)
              descriptorPointers.push_back(d.words.data());
            SmallVector<void *> args;
            for (void *&p : descriptorPointers)
              args.push_back(&p);
            ActivationVisitor visitor{visit, thread, sample};
            currentVisitor = &visitor;
            model(args.data());
            currentVisitor = nullptr;
            progress.done();
          }
        };
        std::vector<std::thread> pool;
        for (unsigned t = 1; t < threads; ++t)
          pool.emplace_back(worker, t);
        worker(0);
        for (std::thread &thread : pool)
          thread.join();
      };

  // Statistics per sample, summed in sample order afterwards: the result
  // does not depend on the number of threads. Histograms per thread, merged
  // afterwards (they do not depend on the order either). One run.
  unsigned histogramBins = options.histogramBins;
  SmallVector<bool> binned = llvm::map_to_vector(
      activations, [](Value value) { return !isPreActivation(value); });
  std::vector<RunningStats> sampleStats(samples * activations.size());
  std::vector<std::vector<StreamingHistogram>> threadHistograms(
      histogramBins ? threads : 0,
      std::vector<StreamingHistogram>(activations.size(),
                                      StreamingHistogram(histogramBins)));
  runSamples([&](unsigned thread, int64_t sample, size_t i,
                 ArrayRef<float> values) {
    RunningStats &s = sampleStats[sample * activations.size() + i];
    // A chunk at a time, binned while it is in cache (binning as the range
    // grows gives the same counts).
    constexpr size_t kChunk = 4096;
    for (size_t first = 0; first < values.size(); first += kChunk) {
      ArrayRef<float> chunk =
          values.slice(first, std::min(kChunk, values.size() - first));
      RunningStats chunkStats;
      bool finite = chunkStats.add(chunk, sample);
      s.merge(chunkStats);
      if (!finite)
        return;
      if (histogramBins && binned[i])
        threadHistograms[thread][i].add(chunk, chunkStats.min, chunkStats.max);
    }
  });
  std::vector<RunningStats> stats(activations.size());
  for (int64_t sample = 0; sample < samples; ++sample)
    for (size_t i = 0; i < activations.size(); ++i)
      stats[i].merge(sampleStats[sample * activations.size() + i]);
  AsmState state(func);
  bool allFinite = true;
  for (auto [value, s] : llvm::zip(activations, stats)) {
    if (!s.nonFinite)
      continue;
    std::string name;
    llvm::raw_string_ostream os(name);
    value.printAsOperand(os, state);
    emitError(value.getLoc())
        << "the activation " << name << " is "
        << nameNonFinite(s.nonFinite->first) << " in calibration sample "
        << s.nonFinite->second << "; its statistics would not be finite";
    allFinite = false;
  }
  if (!allFinite)
    return failure();
  std::vector<StreamingHistogram> histograms(activations.size(),
                                             StreamingHistogram(histogramBins));
  for (auto &perThread : threadHistograms)
    for (auto [histogram, threadHistogram] : llvm::zip(histograms, perThread)) {
      threadHistogram.flush();
      histogram.merge(threadHistogram);
    }

  // Statistics from an earlier calibration would describe a skipped
  // pre-activation as if it had been calibrated with these samples.
  if (!options.preActivations)
    func.walk([](Operation *op) {
      if (op->getNumResults() == 1 && isPreActivation(op->getResult(0)))
        op->removeAttr(StatsAttr::getAttrName());
    });
  for (auto [value, s, histogram, withBins] :
       llvm::zip(activations, stats, histograms, binned)) {
    double mean = s.sum / s.count;
    double variance = std::max(0.0, s.sumSquares / s.count - mean * mean);
    ArrayRef<int64_t> counts;
    double low = s.min, high = s.max;
    if (histogramBins && withBins) {
      counts = histogram.getCounts();
      low = histogram.getLow();
      high = histogram.getHigh();
    }
    auto attr = StatsAttr::get(
        context, llvm::APFloat(mean), llvm::APFloat(std::sqrt(variance)),
        llvm::APFloat(s.min), llvm::APFloat(s.max), s.count, counts,
        llvm::APFloat(low), llvm::APFloat(high));
    if (auto arg = dyn_cast<BlockArgument>(value))
      func.setArgAttr(arg.getArgNumber(), StatsAttr::getAttrName(), attr);
    else
      value.getDefiningOp()->setAttr(StatsAttr::getAttrName(), attr);
  }
  return success();
}
