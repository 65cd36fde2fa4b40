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
      into a narrow format): from the `#fxp.stats` attribute named
      `fxp.stats` on the op (or, for a quantize, on the producer of its
      input). A missing statistic is an error naming the value.
    - **Accumulators** (`fxp.matmul`, `fxp.conv2d`): `FL_x + FL_w`; a bias
      of unknown format gets the same, widened when its values need more
      bits there. The width must hold the exact sum for
      the actual weights and bias and the input format's range: a result too
      narrow is widened (never wraps silently). Each widening is in the
      report and, on request, an optimization remark
      (`--remarks-filter=fxp-infer-frac-lengths`).
    - **Residual adds** (`fxp.add`, `fxp.sub`): `max(FL_a, FL_b)`, and a
      signed result widened to hold the exact sum of the aligned operands;
      `fxp.mul`: `FL_a + FL_b`; `fxp.relu`, `fxp.clamp` and
      `fxp.max_pool2d` keep their input's format, average pools its
      fractional length (an average stays in its inputs' range), and tensor
      reshapes and views their operand's format.

    Rules (`rule=`), for a value of width W and population standard deviation
    sigma:

    - `std` (F8Net's): signed `FL = floor(log2(T_s / sigma))`,
      unsigned `FL = floor(log2(T_u / sigma))` with `T = 40` (signed) and
      `70` (unsigned) scaled by `2^(W-8)`; F8Net derived the constants for
      8 bits (options `signed-threshold`, `unsigned-threshold`). For an
      unsigned activation that a ReLU or clip makes, sigma is the
      pre-activation value's (the input of the ReLU, clamp or unsigned
      requantization), as in F8Net's code. `std-range` bounds the FL:
      `type` (default) allows any FL in [-64, 64], so that neither a large
      sigma (FL below 0) is clipped nor a small one (FL above W-1, e.g. a
      classifier's weights) rounded away; `f8net` is F8Net's `[0, W-1]`
      signed, `[0, W]` unsigned; `auto` keeps F8Net's top at 8 bits but no
      bottom, and the type's range at other widths.
    - `mse` (default): the FL with the least mean squared quantization
      error among
      every FL the type allows: exact over a constant's values; for
      activations over the statistics' histogram (counts spread evenly over
      their bins, so that bin centres on a format's grid never look exact),
      or without one over the normal distribution of their mean and std
      clipped to [min, max]. The default because it never clips or rounds
      away more than it must: on models not trained with F8Net it is at
      least as accurate as `std` (ResNet-18's logits: cosine to float
      0.9998 against 0.998, as `std` clips its heavy-tailed activations).
    - `minmax`: the largest FL whose range holds the largest magnitude.

    Per-channel weights (`per-channel-weights`, the default; F8Net's
    `per_channel`): the constant weights of each `fxp.matmul` and
    `fxp.conv2d` (used by it alone) get one fractional length per output
    channel by the same rule, as
    `!fxp.fixed_per_axis` (a channel of zeros takes the coarsest of the
    others). The contraction aligns every channel to the finest, so the
    accumulator, bias and result keep one format and the requantization is a
    per-channel shift. The finest channels are coarsened where needed so
    that the accumulator needs no more bits than with per-tensor weights, or
    31 (8-bit kernels keep accumulating in 32 bits). The report gives the
    range of FLs and, as JSON, each channel's.

    No silent saturation: the report shows, for every activation, the SQNR
    and the percentage of its calibrated values that its format clips, and a
    warning at the producer names every activation whose format (chosen or
    given) clips more than 0.1% of them.
  }];
  let options = [
    Option<"rule", "rule", "std::string", /*default=*/"\"mse\"",
           "How to choose fractional lengths: mse (default), std (F8Net's) "
           "or minmax">,
    Option<"weightRule", "weight-rule", "std::string", /*default=*/"\"\"",
           "The rule for constant weights, if not `rule`: std, mse or "
           "minmax">,
    Option<"signedThreshold", "signed-threshold", "double", /*default=*/"40.0",
           "The std rule's constant for signed 8-bit values">,
    Option<"unsignedThreshold", "unsigned-threshold", "double",
           /*default=*/"70.0",
           "The std rule's constant for unsigned 8-bit values">,
    Option<"stdRange", "std-range", "std::string", /*default=*/"\"type\"",
           "Where the std rule's fractional length may lie: type (any, the "
           "default), f8net ([0, W-1] signed, [0, W] unsigned) or auto (at "
           "most W-1 / W at 8 bits, any otherwise)">,
    Option<"perChannelWeights", "per-channel-weights", "bool",
           /*default=*/"true",
           "Give each output channel of a contraction's constant weights its "
           "own fractional length (F8Net's per_channel)">,
    Option<"report", "report", "std::string", /*default=*/"\"\"",
           "Write a per-value report here: JSON for a .json file, else a "
           "table">,
  ];
  let dependentDialects = ["::mlir::fxp::FXPDialect"];
}

def FXPAlignResiduals : Pass<"fxp-align-residuals", "func::FuncOp"> {
  let summary = "Make residual operands' formats explicit with casts";
  let description = [{
    The operands of an `fxp.add` or `fxp.sub` get exact `fxp.cast`s into
    one common format: signed, the result's fractional length, and wide
    enough for both (F8Net's residual: widen first, align by left shifts).
    The casts are `overflow wrap`: the common format's storage holds every
    operand value, and a saturating cast would clip a stored -2^(W-1).
    The op is then a plain integer add or subtract followed by the result's
    saturation. An operand with more fractional bits than the result is left
    alone, since rounding it first would round twice; so is a pair whose
    common format would exceed 64 bits.
  }];
  let dependentDialects = ["::mlir::fxp::FXPDialect"];
}

def FXPCorrectBias : Pass<"fxp-correct-bias", "func::FuncOp"> {
  let summary = "Remove the expected output shift that weight rounding "
                "causes, through the bias";
  let description = [{
    Rounding the constant weights of a contraction (`fxp.conv2d`,
    `fxp.matmul`) to their formats shifts each output channel `c` by
    `sum_k (Wq - W)[c, k] * x_k` on average: with few weight bits (w4) the
    shift is a large part of the error. This pass, run after
    `--fxp-infer-frac-lengths` once the weight formats are known,
    subtracts its expectation from the float bias (Nagel et al., "Data-Free
    Quantization", bias correction, here with the calibrated mean of the
    contraction's input, `#fxp.stats` on its producer, for every `x_k`).
    Inference still only adds the integer bias; only the bias constant
    changes.

    It applies to contractions whose weights and bias are `fxp.quantize`s of
    float constants with known formats and whose input has statistics; the
    others are left alone, as is one whose corrected bias would not fit its
    format. `--fxp-f8net` runs it with `correct-bias=true`.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def FXPRescaleGlobalPool : Pass<"fxp-rescale-global-pool", "func::FuncOp"> {
  let summary = "F8Net's 64/49: a global average pool divides by a shift";
  let description = [{
    On a float TOSA model, after BatchNorm folding and before quantization:
    a `tosa.avg_pool2d` whose window is its whole unpadded input (a global
    average pool) of `n` values, `n` not a power of two, fed by a
    `tosa.conv2d` or `tosa.depthwise_conv2d` with constant weights and bias
    (possibly through a `tosa.clamp`) that nothing else uses, becomes a
    depthwise convolution by the constant `1/p`, `p` the power of two above
    `n`; the convolution's weights and bias, the clamp's finite bounds and
    the calibration statistics of both are scaled by `p/n`. For a 7x7 pool
    this is F8Net's `>> 6` with the preceding convolution scaled by 64/49.
    The mean is the same in real numbers; its fixed-point code divides by a
    shift instead of by 49. `--fxp-f8net` runs it with
    `rescale-global-pool=true`.
  }];
  let dependentDialects = ["::mlir::tosa::TosaDialect"];
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

def FXPFoldPact : Pass<"fxp-fold-pact", "func::FuncOp"> {
  let summary = "Fold PACT clipping into fixed-point formats and weights";
  let description = [{
    F8Net's folding of a PACT clipping `clamp(0, alpha)` (after
    `--fxp-quantize`, before `--fxp-infer-frac-lengths`). For an
    `fxp.clamp {min = 0, max = alpha}` on the accumulator of an `fxp.conv2d`
    or `fxp.matmul` whose only users requantize it to an unsigned W-bit
    activation with fractional length FL_x (from the cast, or the largest
    that holds alpha: `floor(log2((2^W - 1) / alpha))`):

        fs = 2^FL_x * alpha / (2^W - 1)

    Stored integers of the activation then mean `y / fs`, so that its
    saturation range `[0, (2^W - 1) 2^-FL_x]` is exactly the clipping. Every
    contraction absorbs its input's scale and chooses its output's:
    `W_fold = W * fs_self / fs_next`, `b_fold = b / fs_next`, where fs_next is
    fs after a PACT, the other branch's scale when the output meets a
    residual add (F8Net's clipping-level sharing; the branches keep their
    own fractional lengths), and 1 otherwise.

    The clamp disappears into the requantization's saturation; when the
    clipped value also feeds a residual add, the clamp stays for it with its
    bound in the folded domain (`alpha / fs`). Calibration statistics of
    scaled values are divided by their scale. Residual branches clipped at
    different levels, or a scaled value reaching an op that cannot absorb
    the scale (dequantize, mul, return), are errors.

    With `level=calibrated` (the default), a clamp whose calibration
    statistics (`fxp.stats`) have a maximum below alpha folds at that
    maximum instead: a ReLU6 whose values reach 1.0 spends the activation's
    levels on [0, 1.0], not on [0, 6] (2.6 bits more resolution), and no
    calibrated value is clipped, as with onnxruntime's min/max calibration.
    A PACT clipping that the calibration reaches (a trained alpha) folds at
    alpha either way. `level=alpha` is F8Net's folding at alpha always.
  }];
  let options = [
    Option<"level", "level", "std::string", /*default=*/"\"calibrated\"",
           "The clipping level that folds: calibrated (the smaller of alpha "
           "and the calibrated maximum) or alpha (F8Net)">,
  ];
  let dependentDialects = ["::mlir::fxp::FXPDialect",
                           "::mlir::arith::ArithDialect"];
}

def FXPQuantize : Pass<"fxp-quantize", "func::FuncOp"> {
  let summary = "Turn a float TOSA model into fxp ops with unknown formats";
  let description = [{
    Converts a float TOSA model into fxp ops whose formats have unknown
    fractional lengths (`?`), for `--fxp-infer-frac-lengths` to fill in:

    | TOSA | fxp |
    |---|---|
    | `conv2d`, `depthwise_conv2d` | `fxp.conv2d` (depthwise: `groups = C`) into an `s<acc>` accumulator; weights and bias become `fxp.quantize` of their float constants (`s<weight-width>`, `s<acc>`) |
    | `matmul` | `fxp.matmul`, one per batch; a following `add` of a per-channel constant becomes its bias |
    | `add` | `fxp.add` (a residual add) into an `s<acc>` value |
    | `clamp` | `fxp.relu` (`min = 0`, no max) or `fxp.clamp` (ReLU6, PACT) |
    | `max_pool2d`, `avg_pool2d` | `fxp.max_pool2d`, `fxp.avg_pool2d` on activations |
    | `reshape`, `slice` | `tensor.reshape`, `tensor.extract_slice` of the fixed-point tensor |
    | `concat` | `tensor.concat` of its inputs requantized (`fxp.cast`) to one activation format, chosen from the statistics of the concatenation |
    | `transpose` | a float `linalg.transpose`: of the model input, quantized after it, or of the dequantized value (the layout changes at an ONNX model's inputs and outputs) |

    Per-channel `mul`/`add` after a convolution (BatchNorm) are folded first,
    as by `--fxp-fold-batchnorm`. Every input of a contraction or a pool is
    an activation of `activation-width` bits: a float model input gets an
    `fxp.quantize`, an accumulator an `fxp.cast` (requantization). An
    activation is unsigned when what produces it cannot be negative (a clamp
    with `min >= 0`, i.e. ReLU or PACT, and pools or reshapes of one; a model
    input whose statistics have `min >= 0`), signed otherwise. Float results
    get an `fxp.dequantize`.

    Dynamic sizes: a matmul takes K and N from its constant weights; a
    reshape's `-1` is resolved from the input's size, at run time when that
    is dynamic; a conv or pool over a dynamic height or width asserts at run
    time (`cf.assert`) that its padded input holds the window, which TOSA
    makes an error.

    The first and last contractions (those that no other contraction
    precedes, or follows, between the model's inputs and results: the
    input layer, the classifier) get weights of at least
    `first-last-weight-width` bits, as is usual below 8 bits: the first
    layer's few weights per output channel (9 for a 3x3 conv on a grey
    image) and the classifier carry much of a 4-bit model's error. 0 keeps
    `weight-width` everywhere.

    Statistics (`fxp.stats`) that calibration put on TOSA ops or function
    arguments move to the fxp op that produces the same activation.
    Anything else (another op, non-zero zero points, non-constant weights)
    is an error at that op. Functions without TOSA ops are left alone.
  }];
  let options = [
    Option<"weightWidth", "weight-width", "unsigned", /*default=*/"8",
           "Bits of weights">,
    Option<"firstLastWeightWidth", "first-last-weight-width", "unsigned",
           /*default=*/"8",
           "Least bits of the first and last contractions' weights (0: "
           "weight-width)">,
    Option<"activationWidth", "activation-width", "unsigned",
           /*default=*/"8", "Bits of activations (contraction inputs)">,
    Option<"accumulatorWidth", "accumulator-width", "unsigned",
           /*default=*/"32", "Bits of accumulators, biases and residuals">,
  ];
  let dependentDialects = ["::mlir::fxp::FXPDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect"];
}

#endif // FXP_DIALECT_FXP_TRANSFORMS_PASSES_TD
