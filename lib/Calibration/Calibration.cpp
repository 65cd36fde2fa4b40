//===- Calibration.cpp - activation statistics for F8Net ------------------===//
//
// The model is executed with the project's own lowering: a clone of the
// function that also returns every activation goes through
// --tosa-to-linalg-pipeline and --fxp-reference-to-llvm and is JIT-compiled
// with MLIR's ExecutionEngine.
//
//===----------------------------------------------------------------------===//

#include "fxp/Calibration/Calibration.h"

#include "fxp/Dialect/FXP/IR/FXP.h"
#include "fxp/Pipelines/Pipelines.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/AsmState.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/Support/InterleavedRange.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"

#include <cmath>
#include <cstdlib>

using namespace mlir;
using namespace mlir::fxp;

namespace {

/// Running statistics of one activation.
struct RunningStats {
  double sum = 0, sumSquares = 0;
  double min = INFINITY, max = -INFINITY;
  int64_t count = 0;
  /// The first NaN or infinity seen, and in which sample: statistics must be
  /// finite, so it is reported rather than summed.
  std::optional<std::pair<float, int64_t>> nonFinite;

  void add(float v, int64_t sample) {
    if (!std::isfinite(v)) {
      if (!nonFinite)
        nonFinite = {v, sample};
      return;
    }
    sum += v;
    sumSquares += double(v) * v;
    min = std::min<double>(min, v);
    max = std::max<double>(max, v);
    ++count;
  }
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

} // namespace

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

/// The activations of a model function: float tensor arguments, and the
/// float tensor results of TOSA ops other than constants.
static SmallVector<Value> getActivations(func::FuncOp func) {
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
      if (isFloatTensor(result.getType()))
        values.push_back(result);
  });
  return values;
}

LogicalResult mlir::fxp::calibrate(ModuleOp module, func::FuncOp func,
                                   ArrayRef<std::string> inputPaths,
                                   const CalibrationOptions &options) {
  MLIRContext *context = module.getContext();
  context->getOrLoadDialect<FXPDialect>();
  Location loc = func.getLoc();
  SmallVector<Value> activations = getActivations(func);
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

  // A clone of the module whose function also returns every activation.
  OwningOpRef<ModuleOp> clone = module.clone();
  auto cloned = clone->lookupSymbol<func::FuncOp>(func.getSymName());
  SmallVector<Value> clonedActivations = getActivations(cloned);
  Operation *ret = cloned.getBody().back().getTerminator();
  SmallVector<Value> results(clonedActivations);
  OpBuilder builder(ret);
  func::ReturnOp::create(builder, ret->getLoc(), results);
  ret->erase();
  cloned.setType(FunctionType::get(context, cloned.getArgumentTypes(),
                                   ValueRange(results).getTypes()));
  cloned->setAttr("llvm.emit_c_interface", UnitAttr::get(context));
  // Lowering replaces the clone's ops: keep the activations' types.
  SmallVector<RankedTensorType> activationTypes =
      llvm::map_to_vector(clonedActivations, [](Value value) {
        return cast<RankedTensorType>(value.getType());
      });
  // Other functions are not needed and may not lower.
  for (auto other : llvm::make_early_inc_range(clone->getOps<func::FuncOp>()))
    if (other != cloned)
      other.erase();

  PassManager pm(context);
  buildTosaToLinalgPipeline(pm);
  buildReferenceToLLVMPipeline(pm);
  if (failed(pm.run(*clone)))
    return emitError(loc) << "cannot lower the model for calibration";

  // The JIT compiles for this machine, from the LLVM dialect.
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  registerBuiltinDialectTranslation(*context);
  registerLLVMDialectTranslation(*context);
  // The options hold a function_ref: the transformer it refers to must live
  // until the engine is created.
  std::function<llvm::Error(llvm::Module *)> optimize =
      makeOptimizingTransformer(2, 0, nullptr);
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = optimize;
  auto engine = ExecutionEngine::create(*clone, engineOptions);
  if (!engine) {
    std::string message = llvm::toString(engine.takeError());
    return emitError(loc) << "cannot JIT-compile the model: " << message;
  }

  // The result struct: one descriptor per activation.
  SmallVector<size_t> resultOffsets;
  size_t resultWords = 0;
  for (RankedTensorType type : activationTypes) {
    resultOffsets.push_back(resultWords);
    resultWords += 3 + 2 * type.getRank();
  }
  std::vector<int64_t> resultStruct(resultWords);
  std::string entry = ("_mlir_ciface_" + func.getSymName()).str();

  // Runs every sample and hands each element of each activation to `visit`.
  auto runSamples =
      [&](function_ref<void(int64_t sample, size_t activation, float value)>
              visit) -> LogicalResult {
    for (int64_t sample = 0; sample < samples; ++sample) {
      SmallVector<Descriptor> descriptors;
      SmallPtrSet<void *, 4> inputPointers;
      for (auto [array, type] : llvm::zip(inputs, func.getArgumentTypes())) {
        auto argType = cast<RankedTensorType>(type);
        float *data = array.data.data() + sample * argType.getNumElements();
        descriptors.push_back(Descriptor::forArray(data, argType.getShape()));
        inputPointers.insert(data);
      }
      void *resultPointer = resultStruct.data();
      SmallVector<void *> descriptorPointers;
      SmallVector<void *> args = {&resultPointer};
      for (Descriptor &d : descriptors)
        descriptorPointers.push_back(d.words.data());
      for (void *&p : descriptorPointers)
        args.push_back(&p);
      if (llvm::Error error = (*engine)->invokePacked(entry, args)) {
        std::string message = llvm::toString(std::move(error));
        return emitError(loc) << "cannot run the model: " << message;
      }
      // Results may alias (a reshape of another result): read them all,
      // then free each buffer the model allocated once.
      SmallPtrSet<void *, 16> allocations;
      for (auto [i, type] : llvm::enumerate(activationTypes)) {
        const int64_t *words = resultStruct.data() + resultOffsets[i];
        auto *allocated = reinterpret_cast<float *>(words[0]);
        auto *aligned = reinterpret_cast<float *>(words[1]);
        int64_t offset = words[2];
        int64_t rank = type.getRank();
        ArrayRef<int64_t> sizes(words + 3, rank);
        ArrayRef<int64_t> strides(words + 3 + rank, rank);
        SmallVector<int64_t> index(rank, 0);
        for (int64_t n = 0, e = type.getNumElements(); n < e; ++n) {
          int64_t position = offset;
          for (int64_t d = 0; d < rank; ++d)
            position += index[d] * strides[d];
          visit(sample, i, aligned[position]);
          for (int64_t d = rank - 1; d >= 0; --d) {
            if (++index[d] < sizes[d])
              break;
            index[d] = 0;
          }
        }
        if (!inputPointers.count(allocated))
          allocations.insert(allocated);
      }
      for (void *allocation : allocations)
        free(allocation);
    }
    return success();
  };

  std::vector<RunningStats> stats(activations.size());
  if (failed(runSamples(
          [&](int64_t sample, size_t i, float v) { stats[i].add(v, sample); })))
    return failure();
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
  // The histograms need min and max: a second run.
  std::vector<SmallVector<int64_t>> histograms(activations.size());
  if (unsigned histogramBins = options.histogramBins) {
    for (auto &histogram : histograms)
      histogram.assign(histogramBins, 0);
    if (failed(runSamples([&](int64_t, size_t i, float v) {
          const RunningStats &s = stats[i];
          double position = s.max > s.min ? (v - s.min) / (s.max - s.min) : 0;
          int64_t bin = std::clamp<int64_t>(int64_t(position * histogramBins),
                                            0, histogramBins - 1);
          ++histograms[i][bin];
        })))
      return failure();
  }

  for (auto [value, s, histogram] : llvm::zip(activations, stats, histograms)) {
    double mean = s.sum / s.count;
    double variance = std::max(0.0, s.sumSquares / s.count - mean * mean);
    auto attr = StatsAttr::get(
        context, llvm::APFloat(mean), llvm::APFloat(std::sqrt(variance)),
        llvm::APFloat(s.min), llvm::APFloat(s.max), s.count, histogram);
    if (auto arg = dyn_cast<BlockArgument>(value))
      func.setArgAttr(arg.getArgNumber(), StatsAttr::getAttrName(), attr);
    else
      value.getDefiningOp()->setAttr(StatsAttr::getAttrName(), attr);
  }
  return success();
}
