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
    `getWeightChannelDim()`.
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
        The fractional length of the exact accumulator, FL_input + FL_weight,
        when both are known.
      }],
      "std::optional<int64_t>", "getAccumulatorFracLength", (ins), [{}], [{
        auto input = getFixedElementType($_op.getInput().getType());
        auto weight = getFixedElementType($_op.getWeight().getType());
        if (!input.hasKnownFracLength() || !weight.hasKnownFracLength())
          return std::nullopt;
        return *input.getFracLength() + *weight.getFracLength();
      }]>,
  ];
}

#endif // FXP_DIALECT_FXP_IR_FXPINTERFACES_TD
