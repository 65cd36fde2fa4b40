//===- FXPBase.td - fxp dialect definition -----------------*- tablegen -*-===//
//
// The fxp dialect: fixed-point tensors with a per-tensor format (word width,
// signedness, fractional length), after F8Net (Jin et al., ICLR 2022).
//
//===----------------------------------------------------------------------===//

#ifndef FXP_DIALECT_FXP_IR_FXPBASE_TD
#define FXP_DIALECT_FXP_IR_FXPBASE_TD

include "mlir/IR/OpBase.td"

def FXP_Dialect : Dialect {
  let name = "fxp";
  let cppNamespace = "::mlir::fxp";
  let summary = "Fixed-point tensors and 8-bit-only integer inference (F8Net)";
  let description = [{
    The `fxp` dialect represents neural-network inference on fixed-point
    tensors. Every value carries a format `!fxp.fixed<sW, FL>` or
    `!fxp.fixed<uW, FL>`: a W-bit word holding the integer `q`, whose real
    value is `q * 2^-FL`. Ops are exact: they compute in wide enough integers
    and round once, with an explicit `rounding` and `overflow` mode, so that a
    model lowers to 8x8-bit multiplies, integer adds and shifts only.

    The contract of names, syntax and arithmetic is `fxp-spec.md`; the user
    guide is `docs/FixedPoint.md`.
  }];
  // Runtime verification of windows asserts (cf) on tensor sizes (tensor).
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::cf::ControlFlowDialect",
                           "::mlir::tensor::TensorDialect"];
  let useDefaultTypePrinterParser = 1;
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 1;
}

class FXP_Type<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<FXP_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

class FXP_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<FXP_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

class FXP_Op<string mnemonic, list<Trait> traits = []>
    : Op<FXP_Dialect, mnemonic, traits>;

#endif // FXP_DIALECT_FXP_IR_FXPBASE_TD
