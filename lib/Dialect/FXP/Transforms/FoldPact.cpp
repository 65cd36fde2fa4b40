//===- FoldPact.cpp - fold PACT clipping into formats and weights ---------===//
//
// Every value gets a scale s: its stored integers mean (real value) / s.
// Folding a PACT clipping gives the clipped accumulator the scale fs; a
// contraction absorbs its input's scale into its weights and chooses its
// output's: fs after a PACT, the other branch's scale when it feeds a
// residual add (F8Net's clipping-level sharing), 1 otherwise.
//
//===----------------------------------------------------------------------===//

#include "fxp/Dialect/FXP/Transforms/Passes.h"

#include "fxp/Dialect/FXP/Transforms/FracLengthRules.h"

#include "mlir/IR/Matchers.h"

#include <cmath>

namespace mlir::fxp {
#define GEN_PASS_DEF_FXPFOLDPACT
#include "fxp/Dialect/FXP/Transforms/Passes.h.inc"
} // namespace mlir::fxp

using namespace mlir;
using namespace mlir::fxp;

namespace {

/// A PACT clipping after a contraction.
struct Pact {
  ClampOp clamp;
  SmallVector<CastOp> activations; // the requantizations to unsigned formats
  int64_t fracLength;
  double scale; // fs
};

class PactFolder {
public:
  PactFolder(func::FuncOp func, bool calibratedLevel)
      : func(func), calibratedLevel(calibratedLevel) {}
  LogicalResult run();

private:
  /// The value whose scale `value` has: itself, or what a cast or an op that
  /// keeps its operand's fractional length (ReLU, clamp, pool, tensor view)
  /// reads.
  Value getScaleRoot(Value value);
  std::optional<double> getScale(Value value);
  FailureOr<std::optional<Pact>> matchPact(Value accumulator);
  LogicalResult analyze(Operation *op);
  LogicalResult scaleConstant(Operation *user, Value quantized, double factor);
  LogicalResult rewrite();

  func::FuncOp func;
  /// Fold a clipping at its calibrated maximum where that is below alpha.
  bool calibratedLevel;
  /// The scale root of values defined by scale-preserving ops, as found.
  DenseMap<Value, Value> roots;
  DenseMap<Value, double> scales;
  /// Contraction outputs whose scale a residual add decides.
  llvm::SetVector<Value> undecided;
  DenseMap<Operation *, Pact> pacts;
  SmallVector<Operation *> contractions;
};

} // namespace

static bool isContraction(Operation *op) {
  return isa_and_nonnull<Conv2DOp, MatmulOp>(op);
}

/// The operand whose scale `op`'s result has: a cast's input, or the
/// operand whose fractional length the result keeps.
static Value getScaleSource(Operation *op) {
  if (!op)
    return {};
  if (auto cast = dyn_cast<CastOp>(op))
    return cast.getInput();
  return getFormatSource(op);
}

Value PactFolder::getScaleRoot(Value value) {
  // Every value on the way learns the root, so that a chain of casts is
  // walked once, not once per cast.
  SmallVector<Value> chain;
  Value root = value;
  while (true) {
    if (Value known = roots.lookup(root)) {
      root = known;
      break;
    }
    Value source = getScaleSource(root.getDefiningOp());
    if (!source)
      break;
    chain.push_back(root);
    root = source;
  }
  for (Value onChain : chain)
    roots[onChain] = root;
  return root;
}

std::optional<double> PactFolder::getScale(Value value) {
  Value root = getScaleRoot(value);
  if (undecided.contains(root))
    return std::nullopt;
  auto it = scales.find(root);
  return it == scales.end() ? 1.0 : it->second;
}

FailureOr<std::optional<Pact>> PactFolder::matchPact(Value accumulator) {
  if (!accumulator.hasOneUse())
    return std::optional<Pact>();
  auto clamp = dyn_cast<ClampOp>(*accumulator.getUsers().begin());
  if (!clamp || !clamp.getMin() || !clamp.getMax() ||
      !clamp.getMin()->isZero() || !(clamp.getMax()->convertToDouble() > 0))
    return std::optional<Pact>();
  Pact pact{clamp, {}, 0, 1.0};
  for (Operation *user : clamp->getUsers()) {
    auto cast = dyn_cast<CastOp>(user);
    FixedType format = cast ? getFixedElementType(cast.getType()) : nullptr;
    if (!format || format.getIsSigned())
      continue; // a residual or other user keeps the clamp
    if (!pact.activations.empty() &&
        pact.activations.front().getType() != cast.getType())
      return std::optional<Pact>();
    pact.activations.push_back(cast);
  }
  if (pact.activations.empty())
    return std::optional<Pact>();
  double alpha = clamp.getMax()->convertToDouble();
  FixedType format = getFixedElementType(pact.activations.front().getType());
  double levels = std::ldexp(1.0, format.getWidth()) - 1;
  // A clipping that the calibrated values never reach (a ReLU6 on values up
  // to 1) would spend the format's levels on a range nothing occupies: fold
  // at the largest calibrated value instead, no finer than the finest
  // fractional length holds. (A value calibrated all zeros keeps alpha.)
  if (auto stats = clamp->getAttrOfType<StatsAttr>(StatsAttr::getAttrName());
      calibratedLevel && stats) {
    double reached = stats.getMax().convertToDouble();
    if (reached > 0 && reached < alpha)
      alpha = std::max(reached, std::ldexp(levels, -FixedType::kMaxFracLength));
  }
  if (format.hasKnownFracLength()) {
    pact.fracLength = *format.getFracLength();
  } else {
    // The largest FL that holds alpha; +inf has none.
    double fracLength = std::floor(std::log2(levels / alpha));
    if (!(fracLength >= FixedType::kMinFracLength &&
          fracLength <= FixedType::kMaxFracLength)) {
      SmallString<16> text;
      clamp.getMax()->toString(text);
      return clamp.emitOpError("clips at ")
             << text << ", which no fractional length in ["
             << FixedType::kMinFracLength << ", " << FixedType::kMaxFracLength
             << "] of " << format.withFracLength(std::nullopt)
             << " holds: PACT folding needs a representable clipping level";
    }
    pact.fracLength = int64_t(fracLength);
  }
  pact.scale = std::ldexp(alpha, pact.fracLength) / levels;
  return std::optional<Pact>(std::move(pact));
}

LogicalResult PactFolder::analyze(Operation *op) {
  if (isContraction(op)) {
    Value acc = op->getResult(0);
    contractions.push_back(op);
    FailureOr<std::optional<Pact>> pact = matchPact(acc);
    if (failed(pact))
      return failure();
    if (*pact) {
      scales[acc] = (*pact)->scale;
      pacts[op] = std::move(**pact);
    } else if (llvm::any_of(acc.getUsers(), [](Operation *user) {
                 return isa<AddOp, SubOp, ReluOp>(user);
               })) {
      undecided.insert(acc);
    } else {
      scales[acc] = 1.0;
    }
    return success();
  }
  if (isa<AddOp, SubOp>(op)) {
    Value lhs = getScaleRoot(op->getOperand(0));
    Value rhs = getScaleRoot(op->getOperand(1));
    std::optional<double> lhsScale = getScale(lhs), rhsScale = getScale(rhs);
    double common = 1.0;
    if (!lhsScale && !rhsScale) {
      undecided.remove(lhs);
      undecided.remove(rhs);
      scales[lhs] = scales[rhs] = common;
    } else if (!lhsScale || !rhsScale) {
      // Clipping-level sharing: the free branch takes the other's scale.
      Value free = lhsScale ? rhs : lhs;
      common = lhsScale ? *lhsScale : *rhsScale;
      undecided.remove(free);
      scales[free] = common;
    } else if (*lhsScale != *rhsScale) {
      InFlightDiagnostic diag =
          op->emitError("residual branches have different PACT scales (")
          << *lhsScale << " and " << *rhsScale
          << "); give them one clipping level";
      // Point at what gave each branch its scale.
      for (auto [root, scale] :
           {std::pair<Value, double>{lhs, *lhsScale}, {rhs, *rhsScale}}) {
        auto pact = pacts.find(root.getDefiningOp());
        if (pact == pacts.end()) {
          diag.attachNote(root.getLoc())
              << "this branch has the scale " << scale;
          continue;
        }
        ClampOp clamp = pact->second.clamp;
        SmallString<16> alpha;
        clamp.getMax()->toString(alpha);
        diag.attachNote(clamp.getLoc())
            << "this clipping at " << alpha << " gives the scale " << scale;
      }
      return diag;
    } else {
      common = *lhsScale;
    }
    scales[op->getResult(0)] = common;
    return success();
  }
  // Anything else that reads a scaled value must not change its meaning.
  if (isa<DequantizeOp, MulOp, func::ReturnOp>(op))
    for (Value operand : op->getOperands()) {
      std::optional<double> scale = getScale(operand);
      if (!scale) {
        Value root = getScaleRoot(operand);
        undecided.remove(root);
        scales[root] = 1.0;
      } else if (*scale != 1.0) {
        return op->emitError("a folded PACT activation (scale ")
               << *scale << ") feeds this op, which cannot absorb the scale";
      }
    }
  return success();
}

/// Multiplies the float constant behind `quantized` (an fxp.quantize of a
/// constant) by `factor`, for `user` only.
LogicalResult PactFolder::scaleConstant(Operation *user, Value quantized,
                                        double factor) {
  auto quantize = quantized.getDefiningOp<QuantizeOp>();
  DenseFPElementsAttr attr;
  if (!quantize || !matchPattern(quantize.getInput(), m_Constant(&attr)))
    return user->emitError("--fxp-fold-pact needs float constant weights "
                           "and biases (run it before the weights are "
                           "quantized)");
  // A finite value that the scale takes to an infinity or to zero would
  // change the model silently.
  auto outOfRange = [&](int64_t i, double v) {
    return user->emitError("folding PACT scales multiplies a constant of "
                           "this op by ")
           << factor << ", which takes its element " << i << " (" << v
           << ") out of the range of " << attr.getElementType();
  };
  // f32 and f64 in native arithmetic (the product in double, rounded to
  // nearest even as APFloat's conversion does), other types through APFloat.
  auto scaleNative = [&](auto tag) -> LogicalResult {
    using Float = decltype(tag);
    using Limits = std::numeric_limits<Float>;
    // From the largest finite value plus half an ulp, rounding to nearest
    // gives an infinity.
    const double overflow =
        double(Limits::max()) +
        std::ldexp(0.5, Limits::max_exponent - Limits::digits);
    SmallVector<Float> values;
    values.reserve(attr.getNumElements());
    for (auto [i, v] : llvm::enumerate(attr.getValues<Float>())) {
      double product = double(v) * factor;
      if (!std::isfinite(v)) {
        values.push_back(Float(product));
        continue;
      }
      if (!std::isfinite(product) || std::abs(product) >= overflow)
        return outOfRange(i, v);
      Float scaled = Float(product);
      if (scaled == 0 && v != 0)
        return outOfRange(i, v);
      values.push_back(scaled);
    }
    replaceQuantizedConstant(
        user, quantize,
        DenseElementsAttr::get(attr.getType(), ArrayRef<Float>(values)));
    return success();
  };
  if (attr.getElementType().isF32())
    return scaleNative(float());
  if (attr.getElementType().isF64())
    return scaleNative(double());
  SmallVector<APFloat> values;
  for (auto [i, v] : llvm::enumerate(attr.getValues<APFloat>())) {
    bool losesInfo = false;
    APFloat scaled(v.convertToDouble() * factor);
    scaled.convert(v.getSemantics(), APFloat::rmNearestTiesToEven, &losesInfo);
    if (v.isFinite() &&
        (!scaled.isFinite() || (scaled.isZero() && !v.isZero())))
      return outOfRange(i, v.convertToDouble());
    values.push_back(scaled);
  }
  replaceQuantizedConstant(user, quantize,
                           DenseElementsAttr::get(attr.getType(), values));
  return success();
}

/// Gives the users of `value` that keep its fractional length (ReLU,
/// clamps, pools, tensor views) their formats by their rules, transitively,
/// so that they stay valid.
static void propagateFormat(Value value) {
  // A worklist, not recursion: chains of such users may be arbitrarily long.
  SmallVector<Value> worklist = {value};
  while (!worklist.empty()) {
    Value next = worklist.pop_back_val();
    for (Operation *user : next.getUsers()) {
      if (getFormatSource(user) != next)
        continue;
      FailureOr<FixedType> format = inferResultFormat(user);
      if (failed(format) || !*format)
        continue;
      for (Value result : user->getResults()) {
        FixedType old = getFixedElementType(result.getType());
        if (!old || old.hasKnownFracLength())
          continue;
        result.setType(cloneWithElementType(result.getType(), *format));
        worklist.push_back(result);
      }
    }
  }
}

LogicalResult PactFolder::rewrite() {
  for (Operation *op : contractions) {
    Value input = op->getOperand(0), weight = op->getOperand(1);
    Value bias = op->getNumOperands() > 2 ? op->getOperand(2) : Value();
    double inputScale = *getScale(input);
    double outputScale = *getScale(op->getResult(0));
    if (inputScale != outputScale &&
        failed(scaleConstant(op, weight, inputScale / outputScale)))
      return failure();
    if (bias && outputScale != 1.0 &&
        failed(scaleConstant(op, bias, 1.0 / outputScale)))
      return failure();
  }
  for (auto &[op, pact] : pacts) {
    FixedType folded = getFixedElementType(pact.activations.front().getType())
                           .withFracLength(pact.fracLength);
    for (CastOp cast : pact.activations) {
      cast.getResult().setType(cloneWithElementType(cast.getType(), folded));
      propagateFormat(cast.getResult());
      // Its range is now [0, alpha / fs]: the clipping itself.
      cast.getInputMutable().assign(op->getResult(0));
    }
    if (pact.clamp->use_empty())
      pact.clamp->erase();
  }
  // Clamps left in the folded domain (a PACT's for its residual users, one
  // after a residual add) see stored values that mean real / scale: their
  // bounds, real values, scale the same way.
  func.walk([&](ClampOp clamp) {
    double scale = *getScale(clamp.getInput());
    if (scale == 1.0)
      return;
    auto divide = [&](std::optional<APFloat> bound) {
      return bound ? FloatAttr::get(Float64Type::get(clamp.getContext()),
                                    bound->convertToDouble() / scale)
                   : FloatAttr();
    };
    clamp.setMinAttr(divide(clamp.getMin()));
    clamp.setMaxAttr(divide(clamp.getMax()));
  });
  // Calibration statistics describe real values; scaled ones store less.
  func.walk([&](Operation *op) {
    auto stats = op->getAttrOfType<StatsAttr>(StatsAttr::getAttrName());
    if (!stats || op->getNumResults() != 1 ||
        !getFixedElementType(op->getResult(0).getType()))
      return;
    std::optional<double> scale = getScale(op->getResult(0));
    if (scale && *scale != 1.0)
      op->setAttr(StatsAttr::getAttrName(),
                  scaleStats(stats, [&](double v) { return v / *scale; }));
  });
  return success();
}

LogicalResult PactFolder::run() {
  WalkResult walked = func.walk([&](Operation *op) {
    return failed(analyze(op)) ? WalkResult::interrupt()
                               : WalkResult::advance();
  });
  if (walked.wasInterrupted())
    return failure();
  for (Value free : undecided)
    scales[free] = 1.0;
  undecided.clear();
  return rewrite();
}

namespace {
struct FoldPactPass : fxp::impl::FXPFoldPactBase<FoldPactPass> {
  using Base::Base;

  void runOnOperation() override {
    if (level != "calibrated" && level != "alpha") {
      emitError(getOperation().getLoc(), "unknown --fxp-fold-pact level '")
          << level << "'; expected calibrated or alpha";
      return signalPassFailure();
    }
    if (failed(PactFolder(getOperation(), level == "calibrated").run()))
      signalPassFailure();
  }
};
} // namespace
