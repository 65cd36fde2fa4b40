//===- InferFracLengths.cpp - fill unknown fractional lengths -------------===//

#include "fxp/Dialect/FXP/Transforms/Passes.h"

#include "fxp/Dialect/FXP/Analysis/AccumulatorRange.h"
#include "fxp/Dialect/FXP/IR/FixedPointArithmetic.h"
#include "fxp/Dialect/FXP/Transforms/FracLengthRules.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/Remarks.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InterleavedRange.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

namespace mlir::fxp {
#define GEN_PASS_DEF_FXPINFERFRACLENGTHS
#include "fxp/Dialect/FXP/Transforms/Passes.h.inc"
} // namespace mlir::fxp

using namespace mlir;
using namespace mlir::fxp;
using llvm::APInt;

/// Widened accumulators and biases are remarks of the upstream remark
/// engine, opt-in with `--remarks-filter=fxp-infer-frac-lengths`: a 16-bit
/// model widens every one of them, and the report lists them all anyway.
static constexpr remark::RemarkOpts kWidenedRemark =
    remark::RemarkOpts::name("Widened").category("fxp-infer-frac-lengths");

namespace {

/// One line of the report: how a value got its format.
struct ReportEntry {
  std::string value;
  std::string producer;
  std::string format;
  std::string source; // "weights", "stats", "accumulator", ...
  std::string rule;   // for formats chosen from data
  std::optional<double> sigma;
  std::optional<double> sqnr; // dB
  /// The name of the value's location: the ONNX node that computes it, when
  /// the model was imported from ONNX.
  std::string node;
};

/// Where the values a format is chosen for come from.
struct Distribution {
  // Either the exact values (a constant) ...
  SmallVector<double> values;
  // ... or a model of them from statistics.
  StatsAttr stats;
};

class FracLengthInference {
public:
  FracLengthInference(ModuleOp module, FracLengthRule rule,
                      double signedThreshold, double unsignedThreshold)
      : state(module), rule(rule), signedThreshold(signedThreshold),
        unsignedThreshold(unsignedThreshold) {}

  LogicalResult run(func::FuncOp func);
  ArrayRef<ReportEntry> getReport() const { return report; }

private:
  LogicalResult visit(Operation *op);
  /// Reports an activation whose format was given before inference (by the
  /// user or by PACT folding), with its quality over its statistics.
  void reportGiven(Value value, StatsAttr stats);
  LogicalResult inferFromDistribution(Operation *op, Value value,
                                      const Distribution &distribution,
                                      StringRef source);
  LogicalResult inferContraction(Operation *op, Value input, Value weight,
                                 Value bias, Value result);
  FailureOr<StatsAttr> getStats(Operation *op, Value value);
  LogicalResult checkFinite(Operation *op, Value value,
                            ArrayRef<double> values);
  void setFormat(Value value, FixedType format, StringRef source,
                 StringRef rule = "",
                 std::optional<double> sigma = std::nullopt,
                 std::optional<double> sqnr = std::nullopt);
  std::string name(Value value);

  AsmState state;
  FracLengthRule rule;
  double signedThreshold, unsignedThreshold;
  SmallVector<ReportEntry> report;
};

} // namespace

static bool isUnknown(Value value) {
  FixedType fixed = getFixedElementType(value.getType());
  return fixed && !fixed.hasKnownFracLength();
}

static std::optional<SmallVector<double>> getConstantValues(Value value) {
  DenseFPElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  // f32 and f64 elements are read as such: an APFloat each is the slow part
  // of reading a large model's weights.
  if (auto floats = attr.tryGetValues<float>(); succeeded(floats))
    return SmallVector<double>(floats->begin(), floats->end());
  if (auto doubles = attr.tryGetValues<double>(); succeeded(doubles))
    return SmallVector<double>(doubles->begin(), doubles->end());
  SmallVector<double> values;
  for (const llvm::APFloat &v : attr.getValues<llvm::APFloat>()) {
    bool losesInfo = false;
    llvm::APFloat d = v;
    d.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven,
              &losesInfo);
    values.push_back(d.convertToDouble());
  }
  return values;
}

static double getPopulationStd(ArrayRef<double> values) {
  if (values.empty())
    return 0;
  double mean = 0;
  for (double v : values)
    mean += v;
  mean /= values.size();
  double var = 0;
  for (double v : values)
    var += (v - mean) * (v - mean);
  return std::sqrt(var / values.size());
}

/// Signal-to-quantization-noise ratio in dB of a distribution at a format.
static std::optional<double>
getSqnr(ArrayRef<double> points, ArrayRef<double> weights, FixedType format) {
  double signal = 0, total = 0;
  for (auto [v, w] : llvm::zip(points, weights)) {
    signal += w * v * v;
    total += w;
  }
  if (!(total > 0) || !(signal > 0))
    return std::nullopt;
  double rms =
      getWeightedQuantizationRms(points, weights, format.getWidth(),
                                 format.getIsSigned(), *format.getFracLength());
  if (!(rms > 0))
    return INFINITY; // quantized exactly
  return 10 * std::log10(signal / total / (rms * rms));
}

std::string FracLengthInference::name(Value value) {
  std::string text;
  llvm::raw_string_ostream os(text);
  value.printAsOperand(os, state);
  return text;
}

void FracLengthInference::setFormat(Value value, FixedType format,
                                    StringRef source, StringRef rule,
                                    std::optional<double> sigma,
                                    std::optional<double> sqnr) {
  value.setType(cloneWithElementType(value.getType(), format));
  std::string formatText;
  llvm::raw_string_ostream os(formatText);
  os << format;
  Operation *producer = value.getDefiningOp();
  std::string node;
  if (auto nameLoc = dyn_cast<NameLoc>(value.getLoc()))
    node = nameLoc.getName().str();
  report.push_back({name(value),
                    producer ? producer->getName().getStringRef().str()
                             : std::string("argument"),
                    formatText, source.str(), rule.str(), sigma, sqnr, node});
}

FailureOr<StatsAttr> FracLengthInference::getStats(Operation *op, Value value) {
  if (auto stats = op->getAttrOfType<StatsAttr>(StatsAttr::getAttrName()))
    return stats;
  // A quantize at a model input may find the statistics on the producer of
  // its float input.
  if (isa<QuantizeOp>(op))
    if (Operation *producer = op->getOperand(0).getDefiningOp())
      if (auto stats =
              producer->getAttrOfType<StatsAttr>(StatsAttr::getAttrName()))
        return stats;
  return op->emitError("cannot infer the fractional length of ")
         << name(value) << ": no #fxp.stats on its producer; run fxp-calibrate "
         << "or give the format explicitly";
}

/// A distribution as weighted points, with its sigma and largest magnitude.
struct SampledDistribution {
  SmallVector<double> points, weights;
  double sigma = 0, maxAbs = 0;
};

static SampledDistribution sample(const Distribution &distribution) {
  SampledDistribution sampled;
  if (StatsAttr stats = distribution.stats) {
    double mean = stats.getMean().convertToDouble();
    sampled.sigma = stats.getStd().convertToDouble();
    double min = stats.getMin().convertToDouble();
    double max = stats.getMax().convertToDouble();
    sampled.maxAbs = std::max(std::abs(min), std::abs(max));
    if (!stats.getHistogram().empty()) {
      // Calibration measured the distribution: its bins stand for it.
      sampled.points = stats.getBinCenters();
      for (int64_t bin : stats.getHistogram())
        sampled.weights.push_back(double(bin));
    } else {
      sampleClippedNormal(mean, sampled.sigma, min, max, sampled.points,
                          sampled.weights);
    }
    return sampled;
  }
  sampled.points.assign(distribution.values.begin(), distribution.values.end());
  sampled.weights.assign(sampled.points.size(), 1.0);
  sampled.sigma = getPopulationStd(sampled.points);
  for (double v : sampled.points)
    sampled.maxAbs = std::max(sampled.maxAbs, std::abs(v));
  return sampled;
}

LogicalResult
FracLengthInference::inferFromDistribution(Operation *op, Value value,
                                           const Distribution &distribution,
                                           StringRef source) {
  FixedType format = getFixedElementType(value.getType());
  unsigned width = format.getWidth();
  bool isSigned = format.getIsSigned();
  SampledDistribution sampled = sample(distribution);
  int64_t fracLength = 0;
  switch (rule) {
  case FracLengthRule::Std:
    fracLength = getStdRuleFracLength(sampled.sigma, width, isSigned,
                                      signedThreshold, unsignedThreshold);
    break;
  case FracLengthRule::Mse:
    fracLength = getWeightedMseFracLength(sampled.points, sampled.weights,
                                          width, isSigned);
    break;
  case FracLengthRule::MinMax:
    fracLength = getMinMaxFracLength(sampled.maxAbs, width, isSigned);
    break;
  }
  FixedType chosen = format.withFracLength(fracLength);
  setFormat(value, chosen, source, stringifyFracLengthRule(rule), sampled.sigma,
            getSqnr(sampled.points, sampled.weights, chosen));
  return success();
}

void FracLengthInference::reportGiven(Value value, StatsAttr stats) {
  SampledDistribution sampled = sample(Distribution{{}, stats});
  FixedType format = getFixedElementType(value.getType());
  setFormat(value, format, "given", "", sampled.sigma,
            getSqnr(sampled.points, sampled.weights, format));
}

LogicalResult FracLengthInference::inferContraction(Operation *op, Value input,
                                                    Value weight, Value bias,
                                                    Value result) {
  FixedType x = getFixedElementType(input.getType());
  FixedType w = getFixedElementType(weight.getType());
  for (Value operand : {input, weight})
    if (isUnknown(operand))
      return op->emitError("cannot infer the accumulator of ")
             << name(result) << ": " << name(operand)
             << " has an unknown fractional length";
  int64_t accFL = *x.getFracLength() + *w.getFracLength();
  if (accFL < FixedType::kMinFracLength || accFL > FixedType::kMaxFracLength)
    return op->emitError("accumulator fractional length FL_x + FL_w = ")
           << accFL << " is outside [-64, 64]";
  if (bias && isUnknown(bias)) {
    // The bias is quantized at FL_x + FL_w: widen it when its values need
    // more bits there (a high FL_acc leaves an s32 little range).
    FixedType biasFormat =
        getFixedElementType(bias.getType()).withFracLength(accFL);
    if (auto quantize = bias.getDefiningOp<QuantizeOp>())
      if (std::optional<SmallVector<double>> values =
              getConstantValues(quantize.getInput())) {
        double maxAbs = 0;
        for (double v : *values)
          maxAbs = std::max(maxAbs, std::abs(v));
        unsigned needed = maxAbs > 0 ? unsigned(std::ceil(std::log2(
                                           std::ldexp(maxAbs, accFL) + 1))) +
                                           1
                                     : 2;
        if (needed > FixedType::kMaxWidth)
          return op->emitError("the bias of ")
                 << name(result) << " needs " << needed
                 << " bits at fractional length " << accFL
                 << ", more than the 64 a format can have";
        if (needed > biasFormat.getWidth()) {
          remark::analysis(op->getLoc(), kWidenedRemark)
              << ("widened the bias " + name(bias) + " to s" + Twine(needed) +
                  " to hold its values at FL " + Twine(accFL))
                     .str();
          biasFormat = FixedType::get(op->getContext(), needed,
                                      /*isSigned=*/true, accFL);
        }
      }
    setFormat(bias, biasFormat, "bias");
  }
  if (!isUnknown(result))
    return success();

  FailureOr<AccumulatorRange> range =
      computeAccumulatorRange(cast<ContractionOpInterface>(op));
  if (failed(range))
    return op->emitError("cannot prove a width for the accumulator of ")
           << name(result) << ": the reduction size is dynamic";
  FixedType resultFormat = getFixedElementType(result.getType());
  unsigned needed = range->getMagnitudeBits() + 1; // a signed accumulator
  unsigned width = resultFormat.getWidth();
  bool isSigned = resultFormat.getIsSigned();
  if (!isSigned || needed > width) {
    if (needed > FixedType::kMaxWidth)
      return op->emitError("the exact accumulator of ")
             << name(result) << " needs " << needed
             << " bits, more than the 64 a format can have";
    width = std::max(width, needed);
    remark::analysis(op->getLoc(), kWidenedRemark)
        << ("widened the accumulator " + name(result) + " to s" + Twine(width) +
            " so that it holds the exact sum")
               .str();
  }
  setFormat(result,
            FixedType::get(op->getContext(), width, /*isSigned=*/true, accFL),
            "accumulator");
  return success();
}

/// Whether `value` is the bias operand of a contraction.
static bool isBias(Value value) {
  return llvm::any_of(value.getUsers(), [&](Operation *user) {
    if (auto matmul = dyn_cast<MatmulOp>(user))
      return matmul.getBias() == value;
    if (auto conv = dyn_cast<Conv2DOp>(user))
      return conv.getBias() == value;
    return false;
  });
}

/// A format cannot be chosen for a constant holding a NaN or an infinity, and
/// quantizing one would hide it (NaN becomes 0, an infinity saturates): an
/// error names the first, by its index in `value`'s shape.
LogicalResult FracLengthInference::checkFinite(Operation *op, Value value,
                                               ArrayRef<double> values) {
  const double *nonFinite =
      llvm::find_if(values, [](double v) { return !std::isfinite(v); });
  if (nonFinite == values.end())
    return success();
  SmallVector<int64_t> index =
      delinearize(nonFinite - values.begin(),
                  computeStrides(cast<ShapedType>(value.getType()).getShape()));
  SmallString<8> text;
  llvm::APFloat(*nonFinite).toString(text);
  bool bias = isBias(value);
  return op->emitError(bias ? "the bias " : "the weights ")
         << name(value) << (bias ? " holds " : " hold ") << text << " at ("
         << llvm::interleaved(index)
         << "): no format can be chosen for a value that is not finite";
}

LogicalResult FracLengthInference::visit(Operation *op) {
  return TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](QuantizeOp quantize) -> LogicalResult {
        Value result = quantize.getResult();
        if (!isUnknown(result))
          return success();
        std::optional<SmallVector<double>> values =
            getConstantValues(quantize.getInput());
        if (values && failed(checkFinite(op, result, *values)))
          return failure();
        if (isBias(result))
          return success();
        if (values) {
          Distribution distribution;
          distribution.values = std::move(*values);
          return inferFromDistribution(op, result, distribution, "weights");
        }
        FailureOr<StatsAttr> stats = getStats(op, result);
        if (failed(stats))
          return failure();
        return inferFromDistribution(op, result, Distribution{{}, *stats},
                                     "stats");
      })
      .Case([&](CastOp cast) -> LogicalResult {
        Value result = cast.getResult();
        if (!isUnknown(result)) {
          if (auto stats =
                  op->getAttrOfType<StatsAttr>(StatsAttr::getAttrName()))
            reportGiven(result, stats);
          return success();
        }
        FailureOr<StatsAttr> stats = getStats(op, result);
        if (failed(stats))
          return failure();
        return inferFromDistribution(op, result, Distribution{{}, *stats},
                                     "stats");
      })
      .Case<AvgPool2DOp, GlobalAvgPoolOp>([&](Operation *) {
        // An average stays in its inputs' range: pools keep their input's
        // fractional length, so that no precision is lost or clipped.
        Value result = op->getResult(0);
        FixedType input = getFixedElementType(op->getOperand(0).getType());
        if (isUnknown(result) && input.hasKnownFracLength())
          setFormat(result,
                    getFixedElementType(result.getType())
                        .withFracLength(input.getFracLength()),
                    "input");
        return success();
      })
      .Case([&](MatmulOp matmul) {
        return inferContraction(op, matmul.getInput(), matmul.getWeight(),
                                matmul.getBias(), matmul.getResult());
      })
      .Case([&](Conv2DOp conv) {
        return inferContraction(op, conv.getInput(), conv.getWeight(),
                                conv.getBias(), conv.getResult());
      })
      .Case<AddOp, SubOp, MulOp>([&](Operation *) -> LogicalResult {
        Value result = op->getResult(0);
        FixedType lhs = getFixedElementType(op->getOperand(0).getType());
        FixedType rhs = getFixedElementType(op->getOperand(1).getType());
        if (!isUnknown(result) || !lhs.hasKnownFracLength() ||
            !rhs.hasKnownFracLength())
          return success();
        FixedType format = getFixedElementType(result.getType());
        if (isa<MulOp>(op)) {
          setFormat(result,
                    format.withFracLength(*lhs.getFracLength() +
                                          *rhs.getFracLength()),
                    "product");
          return success();
        }
        // A residual add aligns to the larger FL, and its width holds the
        // exact sum of the aligned operands (never saturating silently).
        int64_t fracLength =
            std::max(*lhs.getFracLength(), *rhs.getFracLength());
        unsigned needed = 0;
        for (FixedType operand : {lhs, rhs})
          needed = std::max<unsigned>(
              needed, operand.getWidth() +
                          (fracLength - *operand.getFracLength()) +
                          (operand.getIsSigned() ? 0 : 1));
        needed += 1;
        unsigned width = format.getWidth();
        if (format.getIsSigned() && needed > width) {
          if (needed > FixedType::kMaxWidth)
            return op->emitError("the exact sum of ")
                   << name(result) << " needs " << needed
                   << " bits, more than the 64 a format can have";
          width = needed;
        }
        setFormat(result,
                  FixedType::get(op->getContext(), width, format.getIsSigned(),
                                 fracLength),
                  "aligned");
        return success();
      })
      .Case<ReluOp, ClampOp, MaxPool2DOp>([&](Operation *) {
        // These keep their input's format, including a widened one.
        Value result = op->getResult(0);
        FixedType input = getFixedElementType(op->getOperand(0).getType());
        if (isUnknown(result) && input.hasKnownFracLength())
          setFormat(result, input, "input");
        return success();
      })
      .Default([&](Operation *) {
        // Tensor views and reshapes (tensor.reshape, collapse_shape, ...)
        // carry their operand's format.
        if (!isa<tensor::TensorDialect>(op->getDialect()) ||
            op->getNumOperands() == 0)
          return success();
        FixedType input = getFixedElementType(op->getOperand(0).getType());
        if (!input || !input.hasKnownFracLength())
          return success();
        // Views keep the element type: the whole format, including a
        // widened accumulator's width.
        for (Value result : op->getResults())
          if (isUnknown(result))
            setFormat(result, input, "input");
        return success();
      });
}

LogicalResult FracLengthInference::run(func::FuncOp func) {
  WalkResult walked = func.walk([&](Operation *op) {
    return failed(visit(op)) ? WalkResult::interrupt() : WalkResult::advance();
  });
  if (walked.wasInterrupted())
    return failure();

  // Whatever is still unknown could not be inferred: say which and why.
  bool failedAny = false;
  func.walk([&](Operation *op) {
    for (Value result : op->getResults())
      if (isUnknown(result)) {
        op->emitError("cannot infer the fractional length of ")
            << name(result) << ": its operands' formats are unknown";
        failedAny = true;
      }
  });
  for (BlockArgument arg : func.getArguments())
    if (isUnknown(arg)) {
      emitError(arg.getLoc(), "cannot infer the fractional length of argument ")
          << name(arg) << "; give the format explicitly";
      failedAny = true;
    }
  if (failedAny)
    return failure();

  // Results whose formats were filled in change the signature.
  if (!func.isExternal()) {
    Operation *terminator = func.getBody().back().getTerminator();
    func.setType(FunctionType::get(func.getContext(), func.getArgumentTypes(),
                                   terminator->getOperandTypes()));
  }
  return success();
}

/// Prints the report as JSON when `json` is set, else as a table.
static void printReport(ArrayRef<ReportEntry> report, bool json,
                        llvm::raw_ostream &os) {
  if (json) {
    llvm::json::Array entries;
    for (const ReportEntry &e : report) {
      llvm::json::Object object{{"value", e.value},
                                {"producer", e.producer},
                                {"format", e.format},
                                {"source", e.source}};
      if (!e.rule.empty())
        object["rule"] = e.rule;
      if (!e.node.empty())
        object["node"] = e.node;
      if (e.sigma)
        object["sigma"] = *e.sigma;
      if (e.sqnr && std::isfinite(*e.sqnr))
        object["sqnr_db"] = *e.sqnr;
      else if (e.sqnr)
        object["exact"] = true;
      entries.push_back(std::move(object));
    }
    os << llvm::formatv("{0:2}", llvm::json::Value(std::move(entries))) << "\n";
  } else {
    os << llvm::format("%-14s %-22s %-24s %-12s %-7s %10s %10s\n", "value",
                       "producer", "format", "source", "rule", "sigma",
                       "SQNR dB");
    for (const ReportEntry &e : report) {
      std::string sigma =
          e.sigma ? llvm::formatv("{0:F2}", *e.sigma).str() : "";
      std::string sqnr;
      if (e.sqnr)
        sqnr = std::isfinite(*e.sqnr) ? llvm::formatv("{0:f1}", *e.sqnr).str()
                                      : "exact";
      os << llvm::format("%-14s %-22s %-24s %-12s %-7s %10s %10s\n",
                         e.value.c_str(), e.producer.c_str(), e.format.c_str(),
                         e.source.c_str(), e.rule.c_str(), sigma.c_str(),
                         sqnr.c_str());
    }
  }
}

/// Writes the report to `path` through a temporary file, so that a failed
/// write leaves an existing report as it was.
static LogicalResult writeReport(ArrayRef<ReportEntry> report, StringRef path,
                                 Location loc) {
  if (llvm::Error error = llvm::writeToOutput(path, [&](llvm::raw_ostream &os) {
        printReport(report, path.ends_with(".json"), os);
        return llvm::Error::success();
      }))
    return emitError(loc, "cannot write the report: ")
           << llvm::toString(std::move(error));
  return success();
}

namespace {
struct InferFracLengthsPass
    : fxp::impl::FXPInferFracLengthsBase<InferFracLengthsPass> {
  using Base::Base;

  void runOnOperation() override {
    std::optional<FracLengthRule> parsed = parseFracLengthRule(rule);
    Location loc = getOperation().getLoc();
    if (!parsed) {
      emitError(loc, "unknown fractional-length rule '")
          << rule << "'; expected std, mse or minmax";
      return signalPassFailure();
    }
    for (auto [name, threshold] :
         {std::pair<StringRef, double>{"signed-threshold", signedThreshold},
          {"unsigned-threshold", unsignedThreshold}})
      if (!(threshold > 0) || std::isinf(threshold)) {
        SmallString<16> text;
        llvm::APFloat(threshold).toString(text);
        emitError(loc, "--fxp-infer-frac-lengths option ")
            << name << " must be positive and finite, got " << text;
        return signalPassFailure();
      }
    FracLengthInference inference(getOperation(), *parsed, signedThreshold,
                                  unsignedThreshold);
    bool failedAny = false;
    for (auto func : getOperation().getOps<func::FuncOp>())
      failedAny |= failed(inference.run(func));
    if (failedAny)
      return signalPassFailure();
    if (!report.empty() && failed(writeReport(inference.getReport(), report,
                                              getOperation().getLoc())))
      return signalPassFailure();
  }
};
} // namespace
