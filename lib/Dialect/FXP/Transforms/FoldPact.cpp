//===- FoldPact.cpp - fold PACT clipping into formats and weights ---------===//

#include "fxp/Dialect/FXP/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"

#include <cmath>

namespace mlir::fxp {
#define GEN_PASS_DEF_FXPFOLDPACT
#include "fxp/Dialect/FXP/Transforms/Passes.h.inc"
} // namespace mlir::fxp

using namespace mlir;
using namespace mlir::fxp;

namespace {

class PactFolder {
public:
  explicit PactFolder(func::FuncOp func) : func(func) {}
  LogicalResult run();

private:
  double getScale(Value activation);
  LogicalResult scaleConstant(Operation *user, Value quantized, double factor);
  LogicalResult visitContraction(Operation *op, Value input, Value weight,
                                 Value bias);

  func::FuncOp func;
  /// fs of the activations whose PACT clipping was folded.
  DenseMap<Value, double> scales;
};

} // namespace

/// The scale of an activation, looking through ops that keep it (pools,
/// tensor reshapes).
double PactFolder::getScale(Value activation) {
  if (auto it = scales.find(activation); it != scales.end())
    return it->second;
  Operation *op = activation.getDefiningOp();
  if (op && isa<MaxPool2DOp, AvgPool2DOp, GlobalAvgPoolOp>(op))
    return getScale(op->getOperand(0));
  if (op && isa<tensor::TensorDialect>(op->getDialect()) &&
      op->getNumOperands() > 0)
    return getScale(op->getOperand(0));
  return 1.0;
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
  SmallVector<APFloat> values;
  for (APFloat v : attr.getValues<APFloat>()) {
    bool losesInfo = false;
    APFloat scaled(v.convertToDouble() * factor);
    scaled.convert(v.getSemantics(), APFloat::rmNearestTiesToEven, &losesInfo);
    values.push_back(scaled);
  }
  OpBuilder builder(user);
  Value constant = arith::ConstantOp::create(
      builder, user->getLoc(), DenseElementsAttr::get(attr.getType(), values));
  auto newQuantize =
      QuantizeOp::create(builder, user->getLoc(), quantize.getType(), constant,
                         quantize.getRounding(), quantize.getOverflow());
  user->replaceUsesOfWith(quantized, newQuantize);
  if (quantize->use_empty()) {
    Operation *oldConstant = quantize.getInput().getDefiningOp();
    quantize->erase();
    if (oldConstant && oldConstant->use_empty())
      oldConstant->erase();
  }
  return success();
}

LogicalResult PactFolder::visitContraction(Operation *op, Value input,
                                           Value weight, Value bias) {
  double inputScale = getScale(input);
  Value acc = op->getResult(0);
  // The PACT: clamp(0, alpha) on the accumulator, read only by
  // requantizations to one unsigned format.
  double outputScale = 1.0;
  ClampOp clamp;
  SmallVector<CastOp> casts;
  if (acc.hasOneUse())
    clamp = dyn_cast<ClampOp>(*acc.getUsers().begin());
  if (clamp && clamp.getMin() && clamp.getMax() && clamp.getMin()->isZero() &&
      clamp.getMax()->convertToDouble() > 0) {
    for (Operation *user : clamp->getUsers()) {
      auto cast = dyn_cast<CastOp>(user);
      FixedType format =
          cast ? getFixedElementType(cast.getType()) : FixedType();
      if (!format || format.getIsSigned() ||
          (!casts.empty() && casts.front().getType() != cast.getType())) {
        casts.clear();
        break;
      }
      casts.push_back(cast);
    }
  }
  if (!casts.empty()) {
    double alpha = clamp.getMax()->convertToDouble();
    FixedType format = getFixedElementType(casts.front().getType());
    double levels = std::ldexp(1.0, format.getWidth()) - 1;
    int64_t fracLength =
        format.hasKnownFracLength()
            ? *format.getFracLength()
            : int64_t(std::clamp(std::floor(std::log2(levels / alpha)), -64.0,
                                 64.0));
    outputScale = std::ldexp(alpha, fracLength) / levels;
    FixedType folded = format.withFracLength(fracLength);
    for (CastOp cast : casts) {
      cast.getResult().setType(cloneWithElementType(cast.getType(), folded));
      scales[cast.getResult()] = outputScale;
    }
    clamp.getResult().replaceAllUsesWith(acc);
    clamp->erase();
  }
  double weightFactor = inputScale / outputScale;
  if (weightFactor != 1.0 && failed(scaleConstant(op, weight, weightFactor)))
    return failure();
  if (bias && outputScale != 1.0 &&
      failed(scaleConstant(op, bias, 1.0 / outputScale)))
    return failure();
  return success();
}

LogicalResult PactFolder::run() {
  SmallVector<Operation *> ops;
  func.walk([&](Operation *op) { ops.push_back(op); });
  for (Operation *op : ops) {
    LogicalResult result = success();
    if (auto conv = dyn_cast<Conv2DOp>(op))
      result = visitContraction(op, conv.getInput(), conv.getWeight(),
                                conv.getBias());
    else if (auto matmul = dyn_cast<MatmulOp>(op))
      result = visitContraction(op, matmul.getInput(), matmul.getWeight(),
                                matmul.getBias());
    else if (isa<AddOp, SubOp, MulOp, DequantizeOp, ReluOp, ClampOp, CastOp>(
                 op))
      for (Value operand : op->getOperands())
        if (getScale(operand) != 1.0)
          return op->emitError("a folded PACT activation (scale ")
                 << getScale(operand)
                 << ") feeds this op, which cannot absorb the scale";
    if (failed(result))
      return failure();
  }
  return success();
}

namespace {
struct FoldPactPass : fxp::impl::FXPFoldPactBase<FoldPactPass> {
  void runOnOperation() override {
    if (failed(PactFolder(getOperation()).run()))
      signalPassFailure();
  }
};
} // namespace
