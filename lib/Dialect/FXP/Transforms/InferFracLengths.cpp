//===- InferFracLengths.cpp - fill unknown fractional lengths -------------===//
//
// A driver over the ops, in program order: a value whose format is to be
// chosen from data (a weight from its values, an activation from its
// calibration statistics) gets it by the selected rule; every other op gets
// its result's format from its own rule (InferFormatOpInterface), and a
// contraction's accumulator the width the accumulator-range analysis proves.
//
//===----------------------------------------------------------------------===//

#include "fxp/Dialect/FXP/Transforms/Passes.h"

#include "fxp/Dialect/FXP/Analysis/AccumulatorRange.h"
#include "fxp/Dialect/FXP/IR/FixedPointArithmetic.h"
#include "fxp/Dialect/FXP/Transforms/FracLengthRules.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/Remarks.h"
#include "mlir/IR/Threading.h"
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

/// A chosen format that saturates more than this fraction of an activation's
/// calibrated values is named in a warning.
static constexpr double kClippedWarningFraction = 0.001;

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
  std::optional<double> sqnr; // dB; infinite when exact
  std::optional<double> clippedFraction;
  /// The name of the value's location: the ONNX node that computes it, when
  /// the model was imported from ONNX.
  std::string node;
  /// Per-channel weights: the fractional length of each output channel.
  std::vector<int64_t> channelFracLengths;
};

/// The options that choose formats from data.
struct RuleOptions {
  /// The rule for activations (calibration statistics) and for constant
  /// weights.
  FracLengthRule rule, weightRule;
  StdRange stdRange;
  double signedThreshold, unsignedThreshold;
  bool perChannelWeights;
};

/// What a format chosen from data is chosen over.
struct Sample {
  ValueDistribution distribution;
  /// The sigma the std rule reads.
  double sigma;
  /// The calibration statistics of an activation; null for weights.
  StatsAttr stats;
};

class FracLengthInference {
public:
  FracLengthInference(ModuleOp module, const RuleOptions &options)
      : state(module), options(options) {}

  LogicalResult run(func::FuncOp func);
  ArrayRef<ReportEntry> getReport() const { return report; }

private:
  LogicalResult visit(Operation *op);
  LogicalResult inferContraction(ContractionOpInterface op);
  /// Whether the weights `value` get a format per output channel, chosen
  /// with their contraction (whose input format bounds them).
  bool takesChannelFormats(Value value) const;
  /// Chooses the per-channel formats of `op`'s weights.
  void chooseChannelFormats(ContractionOpInterface op);
  /// The fractional length the rule gives a value of `format`'s width and
  /// signedness from `sample`.
  int64_t getRuleFracLength(const Sample &sample, FixedType format) const;
  /// The rule `sample` is chosen by: weights have no statistics.
  FracLengthRule getRule(const Sample &sample) const {
    return sample.stats ? options.rule : options.weightRule;
  }
  /// Chooses the format of `value` (produced by `op`) from `sample` by the
  /// rule; `source` says what the sample is.
  void choose(Operation *op, Value value, const Sample &sample,
              StringRef source);
  /// Chooses the format of the activation `value` from its statistics.
  LogicalResult chooseActivation(Operation *op, Value value);
  /// The sample of an activation: its statistics, and for the std rule on an
  /// unsigned activation the sigma of its pre-activation value.
  FailureOr<Sample> sampleActivation(Operation *op, Value value);
  /// Reports a format given before inference (by the user or by PACT
  /// folding), with its quality over the statistics.
  void reportGiven(Operation *op, Value value, StatsAttr stats);
  FailureOr<StatsAttr> getStats(Operation *op, Value value);
  LogicalResult checkFinite(Operation *op, Value value,
                            ArrayRef<double> values);
  void setFormat(Value value, FixedType format, StringRef source,
                 StringRef rule = "", std::optional<double> sigma = {},
                 std::optional<QuantizationError> error = {},
                 std::optional<double> meanSquare = {});
  /// Warns when `format` (chosen by the rule, or given) saturates much of
  /// an activation's calibrated values.
  void warnIfClipping(Operation *op, Value value, FixedType format,
                      const QuantizationError &error, StatsAttr stats,
                      bool byRule);
  std::string name(Value value);

  AsmState state;
  RuleOptions options;
  std::vector<ReportEntry> report;
};

} // namespace

static bool isUnknown(Value value) {
  FixedType fixed = getFixedElementType(value.getType());
  return fixed && !fixed.hasKnownFracLength();
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

/// The calibrated values: their histogram, or without one the normal
/// distribution of the statistics clipped to their min and max.
static ValueDistribution getDistribution(StatsAttr stats) {
  double min = stats.getMin().convertToDouble();
  double max = stats.getMax().convertToDouble();
  // A value that never varied (a dead ReLU's zeros) is that value: its
  // histogram's one bin, however narrow, would suggest a spread, and the
  // rules a format fine enough for it (FL 64 for zeros).
  if (min == max)
    return ValueDistribution::fromValues({min});
  if (!stats.getHistogram().empty())
    return ValueDistribution::fromHistogram(
        stats.getHistogramMin().convertToDouble(),
        stats.getHistogramMax().convertToDouble(), stats.getHistogram());
  return ValueDistribution::fromClippedNormal(stats.getMean().convertToDouble(),
                                              stats.getStd().convertToDouble(),
                                              min, max);
}

std::string FracLengthInference::name(Value value) {
  std::string text;
  llvm::raw_string_ostream os(text);
  value.printAsOperand(os, state);
  return text;
}

static std::string print(FixedType format) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << format;
  return text;
}

void FracLengthInference::setFormat(Value value, FixedType format,
                                    StringRef source, StringRef rule,
                                    std::optional<double> sigma,
                                    std::optional<QuantizationError> error,
                                    std::optional<double> meanSquare) {
  value.setType(cloneWithElementType(value.getType(), format));
  Operation *producer = value.getDefiningOp();
  std::string node;
  if (auto nameLoc = dyn_cast<NameLoc>(value.getLoc()))
    node = nameLoc.getName().str();
  ReportEntry entry{name(value),
                    producer ? producer->getName().getStringRef().str()
                             : std::string("argument"),
                    print(format),
                    source.str(),
                    rule.str(),
                    sigma,
                    {},
                    {},
                    node,
                    {}};
  if (error && meanSquare && *meanSquare > 0) {
    entry.sqnr = error->meanSquare > 0
                     ? 10 * std::log10(*meanSquare / error->meanSquare)
                     : INFINITY;
    entry.clippedFraction = error->clippedFraction;
  }
  report.push_back(std::move(entry));
}

void FracLengthInference::warnIfClipping(Operation *op, Value value,
                                         FixedType format,
                                         const QuantizationError &error,
                                         StatsAttr stats, bool byRule) {
  if (!(error.clippedFraction > kClippedWarningFraction))
    return;
  op->emitWarning()
      << format << " clips "
      << llvm::formatv("{0:f2}", 100 * error.clippedFraction)
      << "% of the calibrated values of " << name(value) << " (they span ["
      << llvm::formatv("{0:f2}", stats.getMin().convertToDouble()) << ", "
      << llvm::formatv("{0:f2}", stats.getMax().convertToDouble()) << "]); "
      << (!byRule ? "the format was given (by PACT folding at alpha, or in "
                    "the input); rule=minmax would hold the whole range"
          : options.rule == FracLengthRule::Mse
              ? "rule=mse clips them for less error overall; rule=minmax "
                "holds the whole range"
              : "rule=minmax holds the whole range, rule=mse weighs "
                "clipping against rounding");
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

FailureOr<Sample> FracLengthInference::sampleActivation(Operation *op,
                                                        Value value) {
  FailureOr<StatsAttr> stats = getStats(op, value);
  if (failed(stats))
    return failure();
  Sample sample{getDistribution(*stats), stats->getStd().convertToDouble(),
                *stats};
  // F8Net derived the unsigned constant for the sigma of the value its
  // ReLU or clip takes (its code measures the input of its quantizer): the
  // pre-activation value, found through ReLUs and clamps; an unsigned
  // requantization of a signed value is a ReLU itself.
  auto cast = dyn_cast<CastOp>(op);
  if (options.rule != FracLengthRule::Std || !cast ||
      getFixedElementType(value.getType()).getIsSigned())
    return sample;
  Value preActivation = cast.getInput();
  while (isa_and_nonnull<ReluOp, ClampOp>(preActivation.getDefiningOp()))
    preActivation = preActivation.getDefiningOp()->getOperand(0);
  if (!getFixedElementType(preActivation.getType()).getIsSigned())
    return sample; // already non-negative: no ReLU happens here
  StatsAttr preStats = getValueStats(preActivation);
  if (!preStats) {
    InFlightDiagnostic diag =
        op->emitError("cannot infer the fractional length of ")
        << name(value) << " by the std rule: it needs the sigma of "
        << name(preActivation)
        << ", the value its ReLU or clip takes, which has no #fxp.stats; run "
           "fxp-calibrate without --pre-activations=false, or give the "
           "format explicitly";
    if (Operation *producer = preActivation.getDefiningOp())
      diag.attachNote(producer->getLoc()) << "the pre-activation value";
    return failure();
  }
  sample.sigma = preStats.getStd().convertToDouble();
  return sample;
}

int64_t FracLengthInference::getRuleFracLength(const Sample &sample,
                                               FixedType format) const {
  unsigned width = format.getWidth();
  bool isSigned = format.getIsSigned();
  const ValueDistribution &distribution = sample.distribution;
  switch (getRule(sample)) {
  case FracLengthRule::Std:
    return getStdRuleFracLength(
        sample.sigma, distribution.getMaxAbs(), width, isSigned,
        options.signedThreshold, options.unsignedThreshold,
        getStdRuleRange(options.stdRange, width, isSigned));
  case FracLengthRule::Mse:
    return getMseFracLength(distribution, width, isSigned);
  case FracLengthRule::MinMax:
    return getMinMaxFracLength(distribution.getMaxAbs(), width, isSigned);
  }
  llvm_unreachable("unknown rule");
}

void FracLengthInference::choose(Operation *op, Value value,
                                 const Sample &sample, StringRef source) {
  FixedType format = getFixedElementType(value.getType());
  unsigned width = format.getWidth();
  bool isSigned = format.getIsSigned();
  const ValueDistribution &distribution = sample.distribution;
  int64_t fracLength = getRuleFracLength(sample, format);
  FixedType chosen = format.withFracLength(fracLength);
  QuantizationError error =
      distribution.getQuantizationError(width, isSigned, fracLength);
  setFormat(value, chosen, source, stringifyFracLengthRule(getRule(sample)),
            sample.sigma, error, distribution.getMeanSquare());
  if (sample.stats)
    warnIfClipping(op, value, chosen, error, sample.stats, /*byRule=*/true);
}

void FracLengthInference::reportGiven(Operation *op, Value value,
                                      StatsAttr stats) {
  ValueDistribution distribution = getDistribution(stats);
  FixedType format = getFixedElementType(value.getType());
  QuantizationError error = distribution.getQuantizationError(
      format.getWidth(), format.getIsSigned(), *format.getFracLength());
  setFormat(value, format, "given", "", stats.getStd().convertToDouble(), error,
            distribution.getMeanSquare());
  warnIfClipping(op, value, format, error, stats, /*byRule=*/false);
}

bool FracLengthInference::takesChannelFormats(Value value) const {
  if (!options.perChannelWeights || !value.hasOneUse())
    return false;
  auto contraction =
      dyn_cast<ContractionOpInterface>(*value.getUsers().begin());
  auto quantize = value.getDefiningOp<QuantizeOp>();
  return contraction && contraction.getWeight() == value && quantize &&
         matchPattern(quantize.getInput(), m_Constant()) &&
         cast<ShapedType>(value.getType()).hasStaticShape();
}

/// The magnitude bits of `op`'s exact accumulator (the accumulator-range
/// analysis over the input format's range) when its float weights `values`
/// take `fracLengths` per output channel, and its float `biases` (if any)
/// the accumulator's FL: what bounds the spread of per-channel formats.
static unsigned
estimateAccumulatorBits(ContractionOpInterface op, ArrayRef<double> values,
                        ArrayRef<int64_t> fracLengths,
                        std::optional<ArrayRef<double>> biases) {
  auto type = cast<RankedTensorType>(op.getWeight().getType());
  FixedType format = getFixedElementType(type);
  auto candidate = type.clone(FixedPerAxisType::get(
      op->getContext(), format.getWidth(), format.getIsSigned(),
      op.getWeightChannelDim(), fracLengths));
  auto weights = op.getWeight().getDefiningOp<QuantizeOp>();
  ElementFormats formats(candidate);
  RoundingMode rounding = weights.getRounding();
  OverflowMode overflow = weights.getOverflow();
  std::optional<SmallVector<int64_t>> storedBiases;
  if (biases) {
    int64_t accFL =
        *getFixedElementType(op.getInput().getType()).getFracLength() +
        *llvm::max_element(fracLengths);
    auto biasFormat =
        FixedType::get(op->getContext(), 64, /*isSigned=*/true, accFL);
    auto quantize = op.getBias().getDefiningOp<QuantizeOp>();
    storedBiases = llvm::map_to_vector(*biases, [&](double b) {
      return quantizeFloat(b, biasFormat, quantize.getRounding(),
                           quantize.getOverflow());
    });
  }
  std::optional<ArrayRef<int64_t>> biasRef;
  if (storedBiases)
    biasRef = *storedBiases;
  FailureOr<AccumulatorRange> range = computeAccumulatorRange(
      op,
      [&](int64_t i) {
        return quantizeFloat(values[i], formats.at(i), rounding, overflow);
      },
      getWeightChannelShifts(candidate), biasRef);
  return succeeded(range) ? range->getMagnitudeBits() : ~0u;
}

void FracLengthInference::chooseChannelFormats(ContractionOpInterface op) {
  Value weight = op.getWeight();
  auto type = cast<RankedTensorType>(weight.getType());
  FixedType format = getFixedElementType(type);
  SmallVector<double> values =
      *getConstantFloats(weight.getDefiningOp<QuantizeOp>().getInput());
  unsigned axis = op.getWeightChannelDim();
  int64_t channels = type.getDimSize(axis);
  int64_t trailing = getTrailingSize(type, axis);
  SmallVector<SmallVector<double>> slices(channels);
  for (SmallVector<double> &slice : slices)
    slice.reserve(values.size() / channels);
  for (auto [i, v] : llvm::enumerate(values))
    slices[(int64_t(i) / trailing) % channels].push_back(v);

  // Each channel by the rule; a channel of zeros holds no information and
  // takes the coarsest of the others.
  // The whole tensor's sample, only where a per-tensor choice is needed.
  std::optional<Sample> wholeSample;
  auto whole = [&]() -> const Sample & {
    if (!wholeSample)
      wholeSample = Sample{ValueDistribution::fromValues(values),
                           getPopulationStd(values), StatsAttr()};
    return *wholeSample;
  };
  // The channels are independent (each sorts its weights and searches its
  // FL), so they are chosen in parallel.
  SmallVector<Sample> channelSamples(channels);
  SmallVector<std::optional<int64_t>> chosen(channels);
  parallelFor(op->getContext(), 0, channels, [&](size_t c) {
    double sigma = getPopulationStd(slices[c]);
    channelSamples[c] = {ValueDistribution::fromValues(std::move(slices[c])),
                         sigma, StatsAttr()};
    if (channelSamples[c].distribution.getMaxAbs() != 0)
      chosen[c] = getRuleFracLength(channelSamples[c], format);
  });
  std::optional<int64_t> lowest;
  for (std::optional<int64_t> fracLength : chosen)
    if (fracLength)
      lowest = std::min(lowest.value_or(*fracLength), *fracLength);
  if (!lowest)
    return choose(op, weight, whole(), "weights");
  SmallVector<int64_t> fracLengths = llvm::map_to_vector(
      chosen, [&](std::optional<int64_t> fl) { return fl.value_or(*lowest); });

  // The accumulator aligns every channel to the finest one: lower the finest
  // ones until it needs no more bits than per-tensor weights would, or 31
  // (so that 8-bit kernels keep accumulating in 32 bits), and the aligned
  // weights fit a format.
  std::optional<SmallVector<double>> biases;
  if (Value bias = op.getBias())
    if (auto quantize = bias.getDefiningOp<QuantizeOp>())
      biases = getConstantFloats(quantize.getInput());
  std::optional<ArrayRef<double>> biasRef;
  if (biases && int64_t(biases->size()) == channels)
    biasRef = *biases;
  // The per-tensor estimate only matters beyond 31 bits.
  std::optional<unsigned> budget;
  auto getBudget = [&] {
    if (!budget) {
      SmallVector<int64_t> perTensor(channels,
                                     getRuleFracLength(whole(), format));
      budget = std::max(
          31u, estimateAccumulatorBits(op, values, perTensor, biasRef));
    }
    return *budget;
  };
  int64_t top = *llvm::max_element(fracLengths);
  auto capped = [&](int64_t cap) {
    return llvm::map_to_vector(fracLengths,
                               [&](int64_t fl) { return std::min(fl, cap); });
  };
  auto tooWide = [&](int64_t cap) {
    if (format.getWidth() + (cap - *lowest) > FixedType::kMaxWidth)
      return true;
    unsigned bits = estimateAccumulatorBits(op, values, capped(cap), biasRef);
    return bits > 31 && bits > getBudget();
  };
  // The finest cap that is not too wide: the top itself in the common case,
  // else by bisection (each step is a pass over the weights; beyond 31 bits
  // a coarser cap needs fewer, as it halves the finest channels' sums up to
  // rounding), down to the lowest FL, which always serves.
  if (top > *lowest && tooWide(top)) {
    int64_t fits = *lowest, wide = top;
    while (wide - fits > 1) {
      int64_t mid = fits + (wide - fits) / 2;
      (tooWide(mid) ? wide : fits) = mid;
    }
    top = fits;
  }
  fracLengths = capped(top);

  if (llvm::all_equal(fracLengths)) {
    FixedType chosen = format.withFracLength(fracLengths.front());
    return setFormat(
        weight, chosen, "weights", stringifyFracLengthRule(options.weightRule),
        whole().sigma,
        whole().distribution.getQuantizationError(
            format.getWidth(), format.getIsSigned(), fracLengths.front()),
        whole().distribution.getMeanSquare());
  }
  auto perAxis = FixedPerAxisType::get(op->getContext(), format.getWidth(),
                                       format.getIsSigned(), axis, fracLengths);
  weight.setType(type.clone(perAxis));
  // The report sums signal and error over the channels.
  double signal = 0, noise = 0, clipped = 0;
  // Every channel has as many weights.
  double size = double(values.size()) / channels;
  for (auto [c, sample] : llvm::enumerate(channelSamples)) {
    const ValueDistribution &distribution = sample.distribution;
    QuantizationError error = distribution.getQuantizationError(
        format.getWidth(), format.getIsSigned(), fracLengths[c]);
    signal += distribution.getMeanSquare() * size;
    noise += error.meanSquare * size;
    clipped += error.clippedFraction * size;
  }
  ReportEntry entry;
  entry.value = name(weight);
  entry.producer = weight.getDefiningOp()->getName().getStringRef().str();
  entry.format =
      (Twine(format.getIsSigned() ? "s" : "u") + Twine(format.getWidth()) +
       ", FL " + Twine(*llvm::min_element(fracLengths)) + ".." + Twine(top) +
       " per channel")
          .str();
  entry.source = "weights";
  entry.rule = stringifyFracLengthRule(options.weightRule).str();
  entry.sigma = getPopulationStd(values);
  if (signal > 0) {
    entry.sqnr = noise > 0 ? 10 * std::log10(signal / noise) : INFINITY;
    entry.clippedFraction = clipped / values.size();
  }
  entry.channelFracLengths.assign(fracLengths.begin(), fracLengths.end());
  if (auto nameLoc = dyn_cast<NameLoc>(weight.getLoc()))
    entry.node = nameLoc.getName().str();
  report.push_back(std::move(entry));
}

LogicalResult FracLengthInference::inferContraction(ContractionOpInterface op) {
  Value result = op->getResult(0);
  if (isUnknown(op.getWeight()) && takesChannelFormats(op.getWeight()) &&
      !isUnknown(op.getInput()))
    chooseChannelFormats(op);
  for (Value operand : {Value(op.getInput()), Value(op.getWeight())})
    if (isUnknown(operand))
      return op->emitError("cannot infer the accumulator of ")
             << name(result) << ": " << name(operand)
             << " has an unknown fractional length";
  FailureOr<FixedType> accumulator =
      cast<InferFormatOpInterface>(op.getOperation()).inferResultFormat();
  if (failed(accumulator))
    return failure();
  int64_t accFL = *accumulator->getFracLength();
  Value bias = op.getBias();
  if (bias && isUnknown(bias)) {
    // The bias is quantized at FL_x + FL_w: widen it when its values need
    // more bits there (a high FL_acc leaves an s32 little range).
    FixedType biasFormat =
        getFixedElementType(bias.getType()).withFracLength(accFL);
    if (auto quantize = bias.getDefiningOp<QuantizeOp>())
      if (std::optional<SmallVector<double>> values =
              getConstantFloats(quantize.getInput())) {
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

  FailureOr<AccumulatorRange> range = computeAccumulatorRange(op);
  if (failed(range))
    return op->emitError("cannot prove a width for the accumulator of ")
           << name(result) << ": the reduction size is dynamic";
  unsigned needed = range->getMagnitudeBits() + 1; // a signed accumulator
  unsigned width = accumulator->getWidth();
  if (!accumulator->getIsSigned() || needed > width) {
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

/// Whether `value` is the bias operand of a contraction, whose format the
/// contraction's rule gives.
static bool isBias(Value value) {
  return llvm::any_of(value.getUsers(), [&](Operation *user) {
    auto contraction = dyn_cast<ContractionOpInterface>(user);
    return contraction && contraction.getBias() == value;
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

/// How a value got the format its rule gives, for the report.
static StringRef describeRule(Operation *op) {
  if (isa<MulOp>(op))
    return "product";
  if (isa<AddOp, SubOp>(op))
    return "aligned";
  return "input";
}

LogicalResult FracLengthInference::chooseActivation(Operation *op,
                                                    Value value) {
  FailureOr<Sample> sample = sampleActivation(op, value);
  if (failed(sample))
    return failure();
  choose(op, value, *sample, "stats");
  return success();
}

LogicalResult FracLengthInference::visit(Operation *op) {
  if (auto quantize = dyn_cast<QuantizeOp>(op)) {
    Value result = quantize.getResult();
    if (!isUnknown(result))
      return success();
    std::optional<SmallVector<double>> values =
        getConstantFloats(quantize.getInput());
    if (values && failed(checkFinite(op, result, *values)))
      return failure();
    if (isBias(result) || (values && takesChannelFormats(result)))
      return success();
    if (values) {
      double sigma = getPopulationStd(*values);
      choose(op, result,
             {ValueDistribution::fromValues(std::move(*values)), sigma,
              StatsAttr()},
             "weights");
      return success();
    }
    return chooseActivation(op, result);
  }
  if (auto cast = dyn_cast<CastOp>(op)) {
    Value result = cast.getResult();
    if (!isUnknown(result)) {
      if (auto stats = op->getAttrOfType<StatsAttr>(StatsAttr::getAttrName()))
        reportGiven(op, result, stats);
      return success();
    }
    return chooseActivation(op, result);
  }
  if (auto contraction = dyn_cast<ContractionOpInterface>(op))
    return inferContraction(contraction);
  if (op->getNumResults() == 0 || !isUnknown(op->getResult(0)))
    return success();
  FailureOr<FixedType> format = inferResultFormat(op);
  if (failed(format))
    return failure();
  if (*format)
    for (Value result : op->getResults())
      if (isUnknown(result))
        setFormat(result, *format, describeRule(op));
  return success();
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
      if (e.clippedFraction)
        object["clipped"] = *e.clippedFraction;
      if (!e.channelFracLengths.empty())
        object["channel_frac_lengths"] =
            llvm::json::Array(e.channelFracLengths);
      entries.push_back(std::move(object));
    }
    os << llvm::formatv("{0:2}", llvm::json::Value(std::move(entries))) << "\n";
  } else {
    os << llvm::format("%-14s %-22s %-24s %-12s %-7s %10s %10s %10s\n", "value",
                       "producer", "format", "source", "rule", "sigma",
                       "SQNR dB", "clipped %");
    for (const ReportEntry &e : report) {
      std::string sigma =
          e.sigma ? llvm::formatv("{0:F2}", *e.sigma).str() : "";
      std::string sqnr, clipped;
      if (e.sqnr)
        sqnr = std::isfinite(*e.sqnr) ? llvm::formatv("{0:f1}", *e.sqnr).str()
                                      : "exact";
      if (e.clippedFraction)
        clipped = llvm::formatv("{0:f3}", 100 * *e.clippedFraction).str();
      os << llvm::format("%-14s %-22s %-24s %-12s %-7s %10s %10s %10s\n",
                         e.value.c_str(), e.producer.c_str(), e.format.c_str(),
                         e.source.c_str(), e.rule.c_str(), sigma.c_str(),
                         sqnr.c_str(), clipped.c_str());
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
    std::optional<FracLengthRule> parsedRule = parseFracLengthRule(rule);
    Location loc = getOperation().getLoc();
    if (!parsedRule) {
      emitError(loc, "unknown fractional-length rule '")
          << rule << "'; expected std, mse or minmax";
      return signalPassFailure();
    }
    std::optional<FracLengthRule> parsedWeightRule =
        weightRule.empty() ? parsedRule : parseFracLengthRule(weightRule);
    if (!parsedWeightRule) {
      emitError(loc, "unknown weight-rule '")
          << weightRule << "'; expected std, mse or minmax (or none: rule's)";
      return signalPassFailure();
    }
    std::optional<StdRange> parsedRange = parseStdRange(stdRange);
    if (!parsedRange) {
      emitError(loc, "unknown std-range '")
          << stdRange << "'; expected auto, f8net or type";
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
    FracLengthInference inference(getOperation(),
                                  {*parsedRule, *parsedWeightRule, *parsedRange,
                                   signedThreshold, unsignedThreshold,
                                   perChannelWeights});
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
