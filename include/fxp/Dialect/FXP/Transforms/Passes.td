//===- Passes.td - fxp dialect passes ----------------------*- tablegen -*-===//

#ifndef FXP_DIALECT_FXP_TRANSFORMS_PASSES_TD
#define FXP_DIALECT_FXP_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def FXPInferFracLengths : Pass<"fxp-infer-frac-lengths", "ModuleOp"> {
  let summary = "Fill every unknown fractional length (`?`)";
  let description = [{
    Chooses the fractional length of every fixed-point value whose format is
    still `!fxp.fixed<sW, ?>`, in program order:

    - **Weights** (`fxp.quantize` of a float constant): from the constant's
      values by the selected rule.
    - **Activations** (`fxp.quantize` of a non-constant value, `fxp.cast`
      into a narrow format, pools): from the `#fxp.stats` attribute named
      `fxp.stats` on the op (or, for a quantize, on the producer of its
      input). A missing statistic is an error naming the value.
    - **Accumulators** (`fxp.matmul`, `fxp.conv2d`): `FL_x + FL_w`; a bias
      of unknown format gets the same. The width must hold the exact sum for
      the actual weights and bias and the input format's range: a result too
      narrow is widened (never wraps silently).
    - **Residual adds** (`fxp.add`, `fxp.sub`): `max(FL_a, FL_b)`;
      `fxp.mul`: `FL_a + FL_b`; `fxp.relu`, `fxp.clamp` and
      `fxp.max_pool2d` keep their input's format.

    Rules (`rule=`), for a value of width W and population standard deviation
    sigma:

    - `std` (default, F8Net): signed `FL = clamp(floor(log2(T_s / sigma)), 0,
      W-1)`, unsigned `FL = clamp(floor(log2(T_u / sigma)), 0, W)` with
      `T = 40` (signed) and `70` (unsigned) scaled by `2^(W-8)`; F8Net derived
      the constants for 8 bits (options `signed-threshold`,
      `unsigned-threshold`).
    - `mse`: the FL in the same range with the least RMS quantization error:
      exact over a constant's values; for activations over the normal
      distribution of the statistics' mean and std, clipped to [min, max].
    - `minmax`: the largest FL whose range holds the largest magnitude.
  }];
  let options = [
    Option<"rule", "rule", "std::string", /*default=*/"\"std\"",
           "How to choose fractional lengths: std, mse or minmax">,
    Option<"signedThreshold", "signed-threshold", "double", /*default=*/"40.0",
           "The std rule's constant for signed 8-bit values">,
    Option<"unsignedThreshold", "unsigned-threshold", "double",
           /*default=*/"70.0",
           "The std rule's constant for unsigned 8-bit values">,
    Option<"report", "report", "std::string", /*default=*/"\"\"",
           "Write a per-value report here: JSON for a .json file, else a "
           "table">,
  ];
  let dependentDialects = ["::mlir::fxp::FXPDialect"];
}

def FXPAlignResiduals : Pass<"fxp-align-residuals", "func::FuncOp"> {
  let summary = "Make residual operands' formats explicit with casts";
  let description = [{
    An `fxp.add` or `fxp.sub` whose operands have other formats than its
    result gets an exact `fxp.cast` of each operand into the result format,
    so that it lowers to a plain integer add (the operands are aligned by
    left shifts, as in F8Net's residual blocks). Only exact casts are
    inserted: an operand that the result format cannot hold without rounding
    or saturating is left alone, since casting it first would change the
    result.
  }];
  let dependentDialects = ["::mlir::fxp::FXPDialect"];
}

def FXPFoldBatchNorm : Pass<"fxp-fold-batchnorm", "func::FuncOp"> {
  let summary = "Fold per-channel affines (BatchNorm) into conv/matmul";
  let description = [{
    On a float TOSA model, before quantization: a `tosa.mul` by a
    per-channel constant scale `s` and a `tosa.add` of a per-channel constant
    shift `t` after a `tosa.conv2d`, `tosa.depthwise_conv2d` or `tosa.matmul`
    with constant weights (what BatchNorm becomes after export) are folded
    into its weights and bias, in float:

        W'[o] = W[o] * s[o],  b'[o] = b[o] * s[o] + t[o]

    A per-channel constant has the shape `1 x ... x 1 x C`. `tosa.matmul`
    has no bias: its scale folds into the weight columns and the shift stays
    an add (which `--fxp-quantize` turns into the matmul's bias). The
    producer must have no other use.
  }];
  let dependentDialects = ["::mlir::tosa::TosaDialect"];
}

#endif // FXP_DIALECT_FXP_TRANSFORMS_PASSES_TD
