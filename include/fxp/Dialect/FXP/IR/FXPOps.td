//===- FXPOps.td - fxp operations --------------------------*- tablegen -*-===//

#ifndef FXP_DIALECT_FXP_IR_FXPOPS_TD
#define FXP_DIALECT_FXP_IR_FXPOPS_TD

include "fxp/Dialect/FXP/IR/FXPAttributes.td"
include "fxp/Dialect/FXP/IR/FXPBase.td"
include "fxp/Dialect/FXP/IR/FXPInterfaces.td"
include "fxp/Dialect/FXP/IR/FXPTypes.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/Interfaces/RuntimeVerifiableOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def FXP_FixedTensor : RankedTensorOf<[FXP_FixedType]>;
def FXP_FixedLike : AnyTypeOf<[FXP_FixedType, FXP_FixedTensor],
    "fixed-point scalar or ranked tensor of fixed-point values">;
def FXP_PerAxisTensor : RankedTensorOf<[FXP_FixedPerAxisType]>;
def FXP_FixedOrPerAxisLike : AnyTypeOf<[FXP_FixedLike, FXP_PerAxisTensor],
    "fixed-point scalar or ranked tensor of fixed-point values, per tensor or "
    "per axis">;
// Contraction weights: one format, or one per output channel.
def FXP_WeightTensor : RankedTensorOf<[FXP_FixedType, FXP_FixedPerAxisType]>;
def FXP_FloatElement : AnyTypeOf<[F16, BF16, F32, F64]>;
def FXP_FloatLike : AnyTypeOf<[FXP_FloatElement,
                               RankedTensorOf<[F16, BF16, F32, F64]>],
    "f16, bf16, f32 or f64 scalar or ranked tensor">;
def FXP_IntOrFixedLike : AnyTypeOf<[AnySignlessInteger, FXP_FixedType,
    RankedTensorOf<[AnySignlessInteger, FXP_FixedType,
                    FXP_FixedPerAxisType]>],
    "signless-integer or fixed-point scalar or ranked tensor">;

// Rounding and overflow of ops that narrow. The keywords are printed after the
// operands, each only when it is not the default.
defvar FXP_RoundingArg = DefaultValuedAttr<FXP_RoundingModeAttr,
    "::mlir::fxp::RoundingMode::HalfEven">;
defvar FXP_OverflowArg = DefaultValuedAttr<FXP_OverflowModeAttr,
    "::mlir::fxp::OverflowMode::Saturate">;

// Elementwise ops: scalars, or ranked tensors of one shape (no broadcasting).
defvar FXP_ElementwiseTraits = [Pure, ElementwiseMappable,
                                SameOperandsAndResultShape];

//===----------------------------------------------------------------------===//
// Constants and conversions
//===----------------------------------------------------------------------===//

def FXP_ConstantOp : FXP_Op<"constant", [ConstantLike, Pure]> {
  let summary = "fixed-point constant given by its stored integers";
  let description = [{
    Materializes a fixed-point constant from its storage integers: the value
    is an integer or dense integer attribute whose type is the storage type of
    the result (`iW`, or a tensor of `iW` of the same shape). It is what
    folding produces; `fxp.bitcast` of an `arith.constant` folds into it.

    ```mlir
    %w = fxp.constant dense<[64, -32]> : tensor<2xi8> -> tensor<2x!fxp.fixed<s8, 6>>
    %v = fxp.constant dense<[[64, -32]]> : tensor<1x2xi8>
           -> tensor<1x2x!fxp.fixed_per_axis<s8, axis 1, [6, 4]>>
    ```
  }];
  let arguments = (ins TypedAttrInterface:$value);
  let results = (outs FXP_FixedOrPerAxisLike:$result);
  let assemblyFormat = "$value attr-dict `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def FXP_QuantizeOp : FXP_Op<"quantize", FXP_ElementwiseTraits> {
  let summary = "float to fixed point";
  let description = [{
    `q = overflow(round(x * 2^FL))`, computed exactly. NaN becomes 0; +-inf
    saturate (or wrap to 0). With a per-axis format, each slice along the
    axis is quantized at its own FL.

    ```mlir
    %q = fxp.quantize %x : tensor<4xf32> -> tensor<4x!fxp.fixed<s8, 5>>
    ```
  }];
  let arguments = (ins FXP_FloatLike:$input, FXP_RoundingArg:$rounding,
                       FXP_OverflowArg:$overflow);
  let results = (outs FXP_FixedOrPerAxisLike:$result);
  let assemblyFormat = [{
    $input (`rounding` `` $rounding^)? (`overflow` `` $overflow^)? attr-dict
    `:` type($input) `->` type($result)
  }];
  let hasFolder = 1;
  let hasVerifier = 1;
}

def FXP_DequantizeOp : FXP_Op<"dequantize", FXP_ElementwiseTraits> {
  let summary = "fixed point to float";
  let description = [{
    `x = q * 2^-FL`, rounded to the float type once (to nearest, ties to
    even).

    ```mlir
    %x = fxp.dequantize %q : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4xf32>
    ```
  }];
  let arguments = (ins FXP_FixedLike:$input);
  let results = (outs FXP_FloatLike:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
}

def FXP_CastOp : FXP_Op<"cast", FXP_ElementwiseTraits> {
  let summary = "requantize to another fixed-point format";
  let description = [{
    With `n = FL_in - FL_out`: for `n > 0` the result is `round(q / 2^n)`
    with the op's rounding, for `n <= 0` it is `q * 2^-n` (exact); then the
    overflow mode maps it into the result format. This is F8Net's integer
    requantization.

    Note that a cast to the same signed format with `saturate` is not a no-op:
    it maps a stored -2^(W-1) to -(2^(W-1)-1).

    ```mlir
    %r = fxp.cast %a rounding half_up : tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<u8, 4>>
    ```
  }];
  let arguments = (ins FXP_FixedLike:$input, FXP_RoundingArg:$rounding,
                       FXP_OverflowArg:$overflow);
  let results = (outs FXP_FixedLike:$result);
  let assemblyFormat = [{
    $input (`rounding` `` $rounding^)? (`overflow` `` $overflow^)? attr-dict
    `:` type($input) `->` type($result)
  }];
  let hasFolder = 1;
}

def FXP_BitcastOp : FXP_Op<"bitcast", FXP_ElementwiseTraits> {
  let summary = "reinterpret the stored integers";
  let description = [{
    Reinterprets storage between a signless integer and a fixed-point format
    (or between two fixed-point formats) of the same width. With
    `arith.constant` this is how integer weights enter the IR. At least one
    side is fixed point and its fractional length must be known.

    ```mlir
    %i = fxp.bitcast %a : tensor<4xi8> -> tensor<4x!fxp.fixed<s8, 5>>
    ```
  }];
  let arguments = (ins FXP_IntOrFixedLike:$input);
  let results = (outs FXP_IntOrFixedLike:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise arithmetic
//===----------------------------------------------------------------------===//

class FXP_BinaryOp<string mnemonic, list<Trait> traits = []>
    : FXP_Op<mnemonic, FXP_ElementwiseTraits # traits> {
  let arguments = (ins FXP_FixedLike:$lhs, FXP_FixedLike:$rhs,
                       FXP_RoundingArg:$rounding, FXP_OverflowArg:$overflow);
  let results = (outs FXP_FixedLike:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs (`rounding` `` $rounding^)? (`overflow` `` $overflow^)? attr-dict
    `:` type($lhs) `,` type($rhs) `->` type($result)
  }];
  let hasFolder = 1;
}

def FXP_AddOp : FXP_BinaryOp<"add", [Commutative, FXP_InferFormatOpInterface]> {
  let summary = "exact fixed-point addition (the residual add)";
  let description = [{
    `a + b` exactly at `FL = max(FL1, FL2)`, then cast to the result format.

    ```mlir
    %r = fxp.add %a, %b : tensor<4x!fxp.fixed<s32, 9>>, tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<s32, 11>>
    ```
  }];
  let extraClassDeclaration = [{
    /// InferFormatOpInterface: the exact sum.
    ::mlir::FailureOr<FixedType> inferResultFormat() {
      return InferFormatOpInterface::getExactSumFormat(
          *this, getFixedElementType(getLhs().getType()),
          getFixedElementType(getRhs().getType()),
          getFixedElementType(getType()));
    }
  }];
}

def FXP_SubOp : FXP_BinaryOp<"sub", [FXP_InferFormatOpInterface]> {
  let summary = "exact fixed-point subtraction";
  let description = [{
    `a - b` exactly at `FL = max(FL1, FL2)`, then cast to the result format.
  }];
  let extraClassDeclaration = [{
    /// InferFormatOpInterface: the exact difference.
    ::mlir::FailureOr<FixedType> inferResultFormat() {
      return InferFormatOpInterface::getExactSumFormat(
          *this, getFixedElementType(getLhs().getType()),
          getFixedElementType(getRhs().getType()),
          getFixedElementType(getType()));
    }
  }];
}

def FXP_MulOp : FXP_BinaryOp<"mul", [Commutative, FXP_InferFormatOpInterface]> {
  let summary = "exact fixed-point multiplication";
  let description = [{
    The exact product at `FL1 + FL2`, then cast to the result format.

    ```mlir
    %r = fxp.mul %a, %b : !fxp.fixed<s8, 5>, !fxp.fixed<s8, 6> -> !fxp.fixed<s16, 11>
    ```
  }];
  let extraClassDeclaration = [{
    /// InferFormatOpInterface: the exact product.
    ::mlir::FailureOr<FixedType> inferResultFormat() {
      return InferFormatOpInterface::getExactProductFormat(
          *this, getFixedElementType(getLhs().getType()),
          getFixedElementType(getRhs().getType()),
          getFixedElementType(getType()));
    }
  }];
}

def FXP_ClampOp : FXP_Op<"clamp", FXP_ElementwiseTraits # [AllTypesMatch<["input", "result"]>,
                                                          FXP_InferFormatOpInterface]> {
  let summary = "clamp to real bounds";
  let description = [{
    Clamps to `[min, max]`. The bounds are real numbers (f64), rounded into the
    operand's format with `half_even` and limited to its stored range; either
    may be omitted. ReLU6 is `{min = 0.0, max = 6.0}`, PACT's clipping
    `{min = 0.0, max = alpha}`.

    ```mlir
    %r = fxp.clamp %a {min = 0.0, max = 6.0} : tensor<4x!fxp.fixed<s8, 4>> -> tensor<4x!fxp.fixed<s8, 4>>
    ```
  }];
  let arguments = (ins FXP_FixedLike:$input, OptionalAttr<F64Attr>:$min,
                       OptionalAttr<F64Attr>:$max);
  let results = (outs FXP_FixedLike:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let extraClassDeclaration = [{
    /// InferFormatOpInterface: a clamp keeps its input's format.
    ::mlir::Value getFormatSource() { return getInput(); }
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def FXP_ReluOp : FXP_Op<"relu", FXP_ElementwiseTraits # [AllTypesMatch<["input", "result"]>,
                                                        FXP_InferFormatOpInterface]> {
  let summary = "rectified linear unit";
  let description = [{
    `max(a, 0)`: `fxp.clamp` with `min = 0`.

    ```mlir
    %r = fxp.relu %a : tensor<4x!fxp.fixed<s8, 4>> -> tensor<4x!fxp.fixed<s8, 4>>
    ```
  }];
  let arguments = (ins FXP_FixedLike:$input);
  let results = (outs FXP_FixedLike:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let extraClassDeclaration = [{
    /// InferFormatOpInterface: a ReLU keeps its input's format.
    ::mlir::Value getFormatSource() { return getInput(); }
  }];
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

def FXP_MatmulOp : FXP_Op<"matmul", [Pure, FXP_ContractionOpInterface,
                                     FXP_InferFormatOpInterface]> {
  let summary = "exact matrix multiplication with optional bias";
  let description = [{
    `acc[m, n] = sum_k x[m, k] * w[k, n] (+ b[n])`, exact at `FL_A + FL_B`;
    the bias format must have that fractional length. The accumulator is then
    cast to the result format: either the plain accumulator (`s32` at
    `FL_A + FL_B`) or a narrow requantized output (fused requantization).

    With per-axis weights (`!fxp.fixed_per_axis<s8, axis 1, [...]>`, one FL
    per output channel n), `FL_B` is the largest of them and each channel's
    exact sum is shifted left by `FL_B - FL_B[n]` before the bias is added:
    the accumulator, bias and result keep one format, and requantizing it
    is F8Net's per-channel shift.

    With `overflow wrap`, the result format must provably hold the exact
    accumulator for every input, since wrapping it is never intended.

    ```mlir
    %y = fxp.matmul %x, %w, %b : tensor<2x16x!fxp.fixed<u8, 6>>, tensor<16x10x!fxp.fixed<s8, 7>>, tensor<10x!fxp.fixed<s32, 13>> -> tensor<2x10x!fxp.fixed<s32, 13>>
    ```
  }];
  let arguments = (ins FXP_FixedTensor:$input, FXP_WeightTensor:$weight,
                       Optional<FXP_FixedTensor>:$bias,
                       FXP_RoundingArg:$rounding, FXP_OverflowArg:$overflow);
  let results = (outs FXP_FixedTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? (`rounding` `` $rounding^)?
    (`overflow` `` $overflow^)? attr-dict `:` type($input) `,` type($weight)
    (`,` type($bias)^)? `->` type($result)
  }];
  let extraClassDeclaration = [{
    /// ContractionOpInterface: K products per element; weights are K x N.
    int64_t getReductionSize();
    unsigned getWeightChannelDim() { return 1; }

    /// InferFormatOpInterface: the exact accumulator.
    ::mlir::FailureOr<FixedType> inferResultFormat() {
      return InferFormatOpInterface::getAccumulatorFormat(*this);
    }
  }];
  let hasVerifier = 1;
}

def FXP_Conv2DOp : FXP_Op<"conv2d", [Pure, FXP_ContractionOpInterface,
                                     FXP_InferFormatOpInterface,
    DeclareOpInterfaceMethods<RuntimeVerifiableOpInterface>]> {
  let summary = "exact 2-D convolution (NHWC input, OHWI weights)";
  let description = [{
    Input `N x H x W x C`, weights `O x KH x KW x (C / groups)`, optional bias
    `[O]`, result `N x OH x OW x O`. Depthwise convolution is
    `groups = C`. Accumulation and the final cast follow `fxp.matmul`;
    per-axis weights have their FLs along dimension 0 (O).

    Attributes (each may be omitted at its default): `strides` (`[1, 1]`),
    `dilations` (`[1, 1]`), `pad` as `[top, bottom, left, right]`
    (`[0, 0, 0, 0]`), `groups` (1). Padding contributes zeros. A dynamic
    height or width too small for the padded window is checked at run time
    by `--generate-runtime-verification` (static ones by the verifier).

    ```mlir
    %y = fxp.conv2d %x, %w {strides = array<i64: 2, 2>, pad = array<i64: 1, 1, 1, 1>} : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>> -> tensor<1x4x4x4x!fxp.fixed<s32, 14>>
    ```
  }];
  let arguments = (ins FXP_FixedTensor:$input, FXP_WeightTensor:$weight,
                       Optional<FXP_FixedTensor>:$bias,
                       OptionalAttr<DenseI64ArrayAttr>:$strides,
                       OptionalAttr<DenseI64ArrayAttr>:$dilations,
                       OptionalAttr<DenseI64ArrayAttr>:$pad,
                       DefaultValuedAttr<I64Attr, "1">:$groups,
                       FXP_RoundingArg:$rounding, FXP_OverflowArg:$overflow);
  let results = (outs FXP_FixedTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? (`rounding` `` $rounding^)?
    (`overflow` `` $overflow^)? attr-dict `:` type($input) `,` type($weight)
    (`,` type($bias)^)? `->` type($result)
  }];
  let extraClassDeclaration = [{
    /// Strides, dilations and padding with their defaults filled in.
    llvm::SmallVector<int64_t, 2> getStridesOrDefault();
    llvm::SmallVector<int64_t, 2> getDilationsOrDefault();
    llvm::SmallVector<int64_t, 4> getPadOrDefault();

    /// ContractionOpInterface: KH * KW * C/groups products per element;
    /// weights are O x KH x KW x C/groups.
    int64_t getReductionSize();
    unsigned getWeightChannelDim() { return 0; }

    /// InferFormatOpInterface: the exact accumulator.
    ::mlir::FailureOr<FixedType> inferResultFormat() {
      return InferFormatOpInterface::getAccumulatorFormat(*this);
    }
  }];
  let extraClassDefinition = [{
    llvm::SmallVector<int64_t, 2> $cppClass::getStridesOrDefault() {
      return getArrayOrDefault<2>(getStrides(), 1);
    }
    llvm::SmallVector<int64_t, 2> $cppClass::getDilationsOrDefault() {
      return getArrayOrDefault<2>(getDilations(), 1);
    }
    llvm::SmallVector<int64_t, 4> $cppClass::getPadOrDefault() {
      return getArrayOrDefault<4>(getPad(), 0);
    }
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

// `formatRule`: the pool's own InferFormatOpInterface methods.
class FXP_WindowPoolOp<string mnemonic, code formatRule = [{}]>
    : FXP_Op<mnemonic, [Pure, FXP_InferFormatOpInterface,
                        DeclareOpInterfaceMethods<RuntimeVerifiableOpInterface>]> {
  let extraClassDeclaration = [{
    /// Strides (default: 1) and padding (default: none).
    llvm::SmallVector<int64_t, 2> getStridesOrDefault();
    llvm::SmallVector<int64_t, 4> getPadOrDefault();

    /// InferFormatOpInterface: the result is a maximum or a mean of the
    /// input's values.
    ::mlir::Value getFormatSource() { return getInput(); }
  }] # formatRule;
  let extraClassDefinition = [{
    llvm::SmallVector<int64_t, 2> $cppClass::getStridesOrDefault() {
      return getArrayOrDefault<2>(getStrides(), 1);
    }
    llvm::SmallVector<int64_t, 4> $cppClass::getPadOrDefault() {
      return getArrayOrDefault<4>(getPad(), 0);
    }
  }];
  let hasVerifier = 1;
}

def FXP_MaxPool2DOp : FXP_WindowPoolOp<"max_pool2d"> {
  let summary = "2-D max pooling (NHWC), format kept";
  let description = [{
    The maximum over each `kernel` window. `strides` defaults to `[1, 1]` (as
    in ONNX), `pad` (`[top, bottom, left, right]`) to none; padding never
    wins.
    The result has the input's format.

    ```mlir
    %y = fxp.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x2x2x8x!fxp.fixed<u8, 5>>
    ```
  }];
  let arguments = (ins FXP_FixedTensor:$input, DenseI64ArrayAttr:$kernel,
                       OptionalAttr<DenseI64ArrayAttr>:$strides,
                       OptionalAttr<DenseI64ArrayAttr>:$pad);
  let results = (outs FXP_FixedTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def FXP_AvgPool2DOp : FXP_WindowPoolOp<"avg_pool2d", [{
    /// A mean keeps its input's fractional length.
    ::mlir::FailureOr<FixedType> inferResultFormat() {
      return InferFormatOpInterface::getMeanFormat(
          getFixedElementType(getInput().getType()),
          getFixedElementType(getType()));
    }
  }]> {
  let summary = "2-D average pooling (NHWC), exact";
  let description = [{
    The exact sum over each `kernel` window divided by the number of input
    elements in it (padding is excluded from the count), rounded with the op's
    rounding and cast to the result format. A power-of-two window is a shift.

    ```mlir
    %y = fxp.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x2x2x8x!fxp.fixed<u8, 5>>
    ```
  }];
  let arguments = (ins FXP_FixedTensor:$input, DenseI64ArrayAttr:$kernel,
                       OptionalAttr<DenseI64ArrayAttr>:$strides,
                       OptionalAttr<DenseI64ArrayAttr>:$pad,
                       FXP_RoundingArg:$rounding, FXP_OverflowArg:$overflow);
  let results = (outs FXP_FixedTensor:$result);
  let assemblyFormat = [{
    $input (`rounding` `` $rounding^)? (`overflow` `` $overflow^)? attr-dict
    `:` type($input) `->` type($result)
  }];
}

def FXP_GlobalAvgPoolOp : FXP_Op<"global_avg_pool",
                                 [Pure, FXP_InferFormatOpInterface]> {
  let summary = "global average pooling (NHWC -> N x 1 x 1 x C), exact";
  let description = [{
    The exact mean over H and W of each channel: the sum divided by `H * W`
    with the op's rounding, cast to the result format. The spatial dimensions
    are kept as 1 (like ONNX `GlobalAveragePool`).

    ```mlir
    %y = fxp.global_avg_pool %x : tensor<1x7x7x64x!fxp.fixed<u8, 4>> -> tensor<1x1x1x64x!fxp.fixed<u8, 4>>
    ```
  }];
  let arguments = (ins FXP_FixedTensor:$input, FXP_RoundingArg:$rounding,
                       FXP_OverflowArg:$overflow);
  let results = (outs FXP_FixedTensor:$result);
  let assemblyFormat = [{
    $input (`rounding` `` $rounding^)? (`overflow` `` $overflow^)? attr-dict
    `:` type($input) `->` type($result)
  }];
  let extraClassDeclaration = [{
    /// InferFormatOpInterface: a mean keeps its input's fractional length.
    ::mlir::Value getFormatSource() { return getInput(); }
    ::mlir::FailureOr<FixedType> inferResultFormat() {
      return InferFormatOpInterface::getMeanFormat(
          getFixedElementType(getInput().getType()),
          getFixedElementType(getType()));
    }
  }];
  let hasVerifier = 1;
}

#endif // FXP_DIALECT_FXP_IR_FXPOPS_TD
