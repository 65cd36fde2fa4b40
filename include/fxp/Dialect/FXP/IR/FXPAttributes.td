//===- FXPAttributes.td - fxp attributes and enums ---------*- tablegen -*-===//

#ifndef FXP_DIALECT_FXP_IR_FXPATTRIBUTES_TD
#define FXP_DIALECT_FXP_IR_FXPATTRIBUTES_TD

include "fxp/Dialect/FXP/IR/FXPBase.td"
include "mlir/IR/EnumAttr.td"

def FXP_RoundingMode : I32EnumAttr<"RoundingMode",
    "how an op rounds when it drops fractional bits", [
  I32EnumAttrCase<"HalfEven", 0, "half_even">,
  I32EnumAttrCase<"HalfUp", 1, "half_up">,
  I32EnumAttrCase<"HalfAway", 2, "half_away">,
  I32EnumAttrCase<"Floor", 3, "floor">,
  I32EnumAttrCase<"Trunc", 4, "trunc">
]> {
  let cppNamespace = "::mlir::fxp";
  let genSpecializedAttr = 0;
}

def FXP_RoundingModeAttr : EnumAttr<FXP_Dialect, FXP_RoundingMode, "rounding"> {
  let summary = "rounding mode";
  let description = [{
    `half_even` (default): nearest, ties to even (F8Net, `torch.round`).
    `half_up`: nearest, ties toward +inf. `half_away`: nearest, ties away from
    zero. `floor`: toward -inf. `trunc`: toward zero.
  }];
  let assemblyFormat = "$value";
}

def FXP_OverflowMode : I32EnumAttr<"OverflowMode",
    "what an op does with a value outside its result format", [
  I32EnumAttrCase<"Saturate", 0, "saturate">,
  I32EnumAttrCase<"Wrap", 1, "wrap">
]> {
  let cppNamespace = "::mlir::fxp";
  let genSpecializedAttr = 0;
}

def FXP_OverflowModeAttr : EnumAttr<FXP_Dialect, FXP_OverflowMode, "overflow"> {
  let summary = "overflow mode";
  let description = [{
    `saturate` (default): clamp to the saturation range of the result format.
    `wrap`: keep the low W bits (two's complement).
  }];
  let assemblyFormat = "$value";
}

def FXP_StatsAttr : FXP_Attr<"Stats", "stats"> {
  let summary = "activation statistics collected by calibration";
  let description = [{
    `#fxp.stats<mean = 0.1, std = 0.53, min = -2.0, max = 3.9, count = 4096>`
    summarizes the values an op produced over a calibration set. It is a
    discardable attribute named `fxp.stats` on the producer of an activation:
    calibration writes it, fractional-length inference reads it. `std` is the
    population standard deviation. These five fields are required and may be
    written in any order.

    An optional `histogram = [c0, c1, ...]` counts the values in equal-width
    bins spanning [min, max], or the wider `histogram_range = [lo, hi]` when
    it is given; its counts add up to `count`. The `mse` rule and the
    clipping report use it when it is there. (Calibration streams its
    histograms in one pass over the samples: their bins lie on a grid of
    power-of-two width that covers [min, max], which bins merge exactly into
    as the range grows.)
  }];
  let parameters = (ins APFloatParameter<"mean">:$mean,
                        APFloatParameter<"population standard deviation">:$std,
                        APFloatParameter<"minimum">:$min,
                        APFloatParameter<"maximum">:$max,
                        "int64_t":$count,
                        OptionalArrayRefParameter<"int64_t",
                            "counts of equal-width bins over the histogram's "
                            "range">:$histogram,
                        APFloatParameter<"lower end of the histogram's "
                                         "range">:$histogramMin,
                        APFloatParameter<"upper end of the histogram's "
                                         "range">:$histogramMax);
  let builders = [
    AttrBuilder<(ins "llvm::APFloat":$mean, "llvm::APFloat":$std,
                     "llvm::APFloat":$min, "llvm::APFloat":$max,
                     "int64_t":$count), [{
      return $_get($_ctxt, mean, std, min, max, count, ArrayRef<int64_t>{},
                   min, max);
    }]>
  ];
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// Name of the discardable attribute that carries the statistics.
    static constexpr llvm::StringLiteral getAttrName() { return "fxp.stats"; }
    /// The centers of the histogram's bins.
    llvm::SmallVector<double> getBinCenters() const;
  }];
}

#endif // FXP_DIALECT_FXP_IR_FXPATTRIBUTES_TD
