//===- FXPTypes.td - fxp type definitions ------------------*- tablegen -*-===//

#ifndef FXP_DIALECT_FXP_IR_FXPTYPES_TD
#define FXP_DIALECT_FXP_IR_FXPTYPES_TD

include "fxp/Dialect/FXP/IR/FXPBase.td"
include "mlir/IR/BuiltinTypeInterfaces.td"

def FXP_FixedType : FXP_Type<"Fixed", "fixed", [MemRefElementTypeInterface]> {
  let summary = "fixed-point number format";
  let description = [{
    `!fxp.fixed<s8, 5>` is a signed 8-bit word with fractional length 5: the
    stored integer `q` means the real value `q * 2^-5`. `u` instead of `s`
    makes it unsigned. The fractional length may be `?` (not yet inferred:
    `--fxp-infer-frac-lengths` fills it in, lowerings reject it).

    - Word width W: 2..64. Fractional length: an integer in [-64, 64]; it may
      be negative or exceed W.
    - Storage is the signless integer `iW`; signed values are two's
      complement.
    - Saturation range: signed [-(2^(W-1)-1), 2^(W-1)-1] (symmetric, as in
      F8Net: saturation never produces -2^(W-1), although a stored
      -2^(W-1) is a valid input); unsigned [0, 2^W-1].
  }];
  let parameters = (ins "unsigned":$width, "bool":$isSigned,
                        "std::optional<int64_t>":$fracLength);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let skipDefaultBuilders = 1;
  let builders = [
    TypeBuilder<(ins "unsigned":$width, "bool":$isSigned,
                     "std::optional<int64_t>":$fracLength), [{
      return $_get($_ctxt, width, isSigned, fracLength);
    }]>
  ];
  let extraClassDeclaration = [{
    static constexpr unsigned kMinWidth = 2;
    static constexpr unsigned kMaxWidth = 64;
    static constexpr int64_t kMinFracLength = -64;
    static constexpr int64_t kMaxFracLength = 64;

    /// Whether the fractional length is known (not `?`).
    bool hasKnownFracLength() const { return getFracLength().has_value(); }
    /// The signless integer type that stores this format.
    IntegerType getStorageType() const;
    /// The same format with another fractional length.
    FixedType withFracLength(std::optional<int64_t> fracLength) const;
    /// Largest and smallest values saturation produces, as `bits`-wide signed
    /// integers (bits must exceed the width).
    llvm::APInt getSaturationMax(unsigned bits) const;
    llvm::APInt getSaturationMin(unsigned bits) const;
    /// Smallest stored value, which for signed formats is -2^(W-1), one below
    /// the saturation minimum.
    llvm::APInt getStorageMin(unsigned bits) const;
  }];
}

def FXP_FixedPerAxisType
    : FXP_Type<"FixedPerAxis", "fixed_per_axis", [MemRefElementTypeInterface]> {
  let summary = "fixed-point format with a fractional length per channel";
  let description = [{
    `!fxp.fixed_per_axis<s8, axis 0, [5, 7, 6]>` is the element type of a
    tensor whose slices along dimension 0 have their own fractional lengths:
    slice `c` is `!fxp.fixed<s8, FL[c]>` (F8Net's per-channel weights). The
    list has one entry per index of that dimension. Width and signedness are
    shared, so the storage is `iW` as for `!fxp.fixed`.

    Only contraction weights take this type (as `fxp.constant`,
    `fxp.quantize` or `fxp.bitcast` results): a contraction aligns each
    output channel's exact sum to the largest fractional length by a left
    shift, so its accumulator, bias and result keep one format.
  }];
  let parameters = (ins "unsigned":$width, "bool":$isSigned, "unsigned":$axis,
                        ArrayRefParameter<"int64_t">:$fracLengths);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The signless integer type that stores this format.
    IntegerType getStorageType() const;
    /// The format of slice `index` along the axis.
    FixedType getSliceFormat(int64_t index) const;
    int64_t getMinFracLength() const;
    int64_t getMaxFracLength() const;
    /// The per-tensor format that holds every value of every slice exactly
    /// at the largest fractional length: slice `c`'s values shifted left by
    /// `max - FL[c]` bits, one more bit of width per bit of spread.
    FixedType getAlignedFormat() const;
  }];
}

#endif // FXP_DIALECT_FXP_IR_FXPTYPES_TD
