//===- FXPInterfaces.td - fxp op interfaces ----------------*- tablegen -*-===//
//
// The format rules of fxp ops, stated once on the ops so that inference, the
// analyses and both lowerings read them instead of restating them.
//
//===----------------------------------------------------------------------===//

#ifndef FXP_DIALECT_FXP_IR_FXPINTERFACES_TD
#define FXP_DIALECT_FXP_IR_FXPINTERFACES_TD

include "mlir/IR/OpBase.td"

def FXP_ContractionOpInterface : OpInterface<"ContractionOpInterface"> {
  let cppNamespace = "::mlir::fxp";
  let description = [{
    An exact sum of products of an activation and weights, plus an optional
    bias, at `FL_input + FL_weight`, cast to the result format: `fxp.matmul`
    and `fxp.conv2d`. Each output channel (the last result dimension) sums
    `getReductionSize()` products with the weights of one index along
    `getWeightChannelDim()`, which is also the axis of per-axis weights.
  }];
  let methods = [
    InterfaceMethod<"The activation operand.",
      "::mlir::TypedValue<::mlir::RankedTensorType>", "getInput">,
    InterfaceMethod<"The weight operand.",
      "::mlir::TypedValue<::mlir::RankedTensorType>", "getWeight">,
    InterfaceMethod<"The bias operand, or null.",
      "::mlir::TypedValue<::mlir::RankedTensorType>", "getBias">,
    InterfaceMethod<"The rounding of the cast to the result format.",
      "::mlir::fxp::RoundingMode", "getRounding">,
    InterfaceMethod<"The overflow of the cast to the result format.",
      "::mlir::fxp::OverflowMode", "getOverflow">,
    InterfaceMethod<"The products summed into one accumulator element, or "
                    "ShapedType::kDynamic when a shape leaves it unknown.",
      "int64_t", "getReductionSize">,
    InterfaceMethod<"The dimension of the weights that indexes output "
                    "channels.",
      "unsigned", "getWeightChannelDim">,
    InterfaceMethod<[{
        The weights' format as the accumulation sees it: their format, or for
        per-axis weights the format that holds each channel's values shifted
        left to the largest fractional length (`getChannelShifts`).
      }],
      "::mlir::fxp::FixedType", "getWeightFormat", (ins), [{}], [{
        return getAlignedWeightFormat($_op.getWeight().getType());
      }]>,
    InterfaceMethod<[{
        Per output channel, the left shift that aligns its exact sum to the
        accumulator's fractional length: empty for per-tensor weights.
      }],
      "::llvm::SmallVector<int64_t>", "getChannelShifts", (ins), [{}], [{
        return getWeightChannelShifts($_op.getWeight().getType());
      }]>,
    InterfaceMethod<[{
        The fractional length of the exact accumulator, FL_input + FL_weight
        (the largest FL of per-axis weights), when both are known.
      }],
      "std::optional<int64_t>", "getAccumulatorFracLength", (ins), [{}], [{
        auto input = getFixedElementType($_op.getInput().getType());
        FixedType weight = $_op.getWeightFormat();
        if (!input.hasKnownFracLength() || !weight.hasKnownFracLength())
          return std::nullopt;
        return *input.getFracLength() + *weight.getFracLength();
      }]>,
  ];
}

def FXP_InferFormatOpInterface : OpInterface<"InferFormatOpInterface"> {
  let cppNamespace = "::mlir::fxp";
  let description = [{
    The format rule of an op whose result format follows from its operands'
    formats, stated once on the op: `--fxp-infer-frac-lengths` is a driver
    that asks each op for its result's format in program order (as TOSA's
    shape inference asks `InferShapedTypeOpInterface`), and the other F8Net
    passes ask the same ops.

    - A ReLU, clamp or maximum of an operand's values (`fxp.relu`,
      `fxp.clamp`, `fxp.max_pool2d`) keeps the operand's whole format, a
      widened one included; an average (`fxp.avg_pool2d`,
      `fxp.global_avg_pool`) stays within its inputs' range and keeps their
      fractional length in its own width. `getFormatSource` names that
      operand: a positive scale of its values scales the result alike.
    - An exact op computes its result at the fractional length its operands
      determine: contractions at `FL_input + FL_weight` (the width that holds
      the sum is the accumulator-range analysis'), `fxp.mul` at
      `FL_lhs + FL_rhs`, `fxp.add` and `fxp.sub` at `max(FL_lhs, FL_rhs)` in a
      signed width that holds the exact sum of the aligned operands.
  }];
  let methods = [
    InterfaceMethod<[{
        The operand whose fractional length the result keeps (the result is
        a ReLU, clamp, maximum or mean of its values), or null for an exact
        op.
      }],
      "::mlir::Value", "getFormatSource", (ins), [{}], [{
        return {};
      }]>,
    InterfaceMethod<[{
        The result's format from the operands' current formats (the declared
        result gives what the rule leaves open, such as a contraction's
        width); null while an operand's fractional length that the rule
        needs is unknown; failure, with an error at the op, when no format
        can hold the rule's result. By default the format source's whole
        format.
      }],
      "::mlir::FailureOr<::mlir::fxp::FixedType>", "inferResultFormat",
      (ins), [{}], [{
        FixedType source =
            getFixedElementType($_op.getFormatSource().getType());
        return source.hasKnownFracLength() ? source : FixedType();
      }]>,
  ];
  let extraClassDeclaration = [{
    /// The width of a signed format at `fracLength` (at least `operand`'s)
    /// that holds every value of `operand` exactly.
    static unsigned getAlignedWidth(FixedType operand, int64_t fracLength) {
      return operand.getWidth() + (fracLength - *operand.getFracLength()) +
             (operand.getIsSigned() ? 0 : 1);
    }

    /// `declared` at the exact fractional length `fracLength` of `op`'s
    /// result, or an error when a format cannot have it.
    static FailureOr<FixedType> withExactFracLength(Operation *op,
                                                    FixedType declared,
                                                    int64_t fracLength) {
      if (fracLength < FixedType::kMinFracLength ||
          fracLength > FixedType::kMaxFracLength)
        return op->emitError("the exact result's fractional length ")
               << fracLength << " is outside [" << FixedType::kMinFracLength
               << ", " << FixedType::kMaxFracLength << "]";
      return declared.withFracLength(fracLength);
    }

    /// The format of an exact sum or difference of `lhs` and `rhs`:
    /// `max(FL_lhs, FL_rhs)` in `declared`'s width, widened to hold every
    /// exact result when `declared` is signed (an unsigned result saturates
    /// by definition).
    static FailureOr<FixedType> getExactSumFormat(Operation *op,
                                                  FixedType lhs,
                                                  FixedType rhs,
                                                  FixedType declared) {
      if (!lhs.hasKnownFracLength() || !rhs.hasKnownFracLength())
        return FixedType();
      int64_t fracLength = std::max(*lhs.getFracLength(),
                                    *rhs.getFracLength());
      unsigned needed = std::max(getAlignedWidth(lhs, fracLength),
                                 getAlignedWidth(rhs, fracLength)) + 1;
      unsigned width = declared.getWidth();
      if (declared.getIsSigned() && needed > width) {
        if (needed > FixedType::kMaxWidth)
          return op->emitError("the exact result needs ")
                 << needed << " bits, more than the " << FixedType::kMaxWidth
                 << " a format can have";
        width = needed;
      }
      return FixedType::get(declared.getContext(), width,
                            declared.getIsSigned(), fracLength);
    }

    /// The format of an exact product: `FL_lhs + FL_rhs` in `declared`'s
    /// width.
    static FailureOr<FixedType> getExactProductFormat(Operation *op,
                                                      FixedType lhs,
                                                      FixedType rhs,
                                                      FixedType declared) {
      if (!lhs.hasKnownFracLength() || !rhs.hasKnownFracLength())
        return FixedType();
      return withExactFracLength(op, declared,
                                 *lhs.getFracLength() + *rhs.getFracLength());
    }

    /// The format of a mean of `input`'s values: within their range, it
    /// keeps their fractional length in `declared`'s width.
    static FixedType getMeanFormat(FixedType input, FixedType declared) {
      return input.hasKnownFracLength()
                 ? declared.withFracLength(input.getFracLength())
                 : FixedType();
    }

    /// The accumulator format of a contraction: `FL_input + FL_weight` in
    /// its declared width (which the accumulator-range analysis checks).
    static FailureOr<FixedType> getAccumulatorFormat(ContractionOpInterface op) {
      std::optional<int64_t> fracLength = op.getAccumulatorFracLength();
      if (!fracLength)
        return FixedType();
      return withExactFracLength(
          op, getFixedElementType(op->getResult(0).getType()), *fracLength);
    }
  }];
}

#endif // FXP_DIALECT_FXP_IR_FXPINTERFACES_TD
