// RUN: fxp-opt %s --fxp-fold-pact -split-input-file -verify-diagnostics

// The scale of a folded activation cannot reach a dequantize: an error.
func.func @unabsorbed(%x: tensor<1x2x2x2x!fxp.fixed<u8, 8>>) -> tensor<1x2x2x2xf32> {
  %w1f = arith.constant dense<0.75> : tensor<2x1x1x2xf32>
  %w1 = fxp.quantize %w1f : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %acc = fxp.conv2d %x, %w1 : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %c = fxp.clamp %acc {min = 0.0, max = 6.0} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %a = fxp.cast %c : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  // expected-error @+1 {{a folded PACT activation (scale 7.529412e-01) feeds this op, which cannot absorb the scale}}
  %y = fxp.dequantize %a : tensor<1x2x2x2x!fxp.fixed<u8, ?>> -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// Two residual branches clipped at levels whose scales differ (alpha 6:
// FL 5, fs = 0.7529; alpha 5: FL 5, fs = 0.6275) cannot share a scale.
// (Alpha 6 and 3 could: FL 5 and 6 give the same fs.)
func.func @different_levels(%x: tensor<1x2x2x2x!fxp.fixed<u8, 8>>) -> tensor<1x2x2x2x!fxp.fixed<s32, ?>> {
  %wf = arith.constant dense<0.75> : tensor<2x1x1x2xf32>
  %w = fxp.quantize %wf : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %acc1 = fxp.conv2d %x, %w : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %c1 = fxp.clamp %acc1 {min = 0.0, max = 6.0} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %a1 = fxp.cast %c1 : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  %acc2 = fxp.conv2d %x, %w : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %c2 = fxp.clamp %acc2 {min = 0.0, max = 5.0} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %a2 = fxp.cast %c2 : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  // expected-error @+1 {{residual branches have different PACT scales}}
  %s = fxp.add %c1, %c2 : tensor<1x2x2x2x!fxp.fixed<s32, ?>>, tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  return %s : tensor<1x2x2x2x!fxp.fixed<s32, ?>>
}
