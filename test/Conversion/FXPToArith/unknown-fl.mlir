// RUN: fxp-opt %s --convert-fxp-to-arith -split-input-file -verify-diagnostics

func.func @unknown_result(%x: tensor<4xf32>) -> tensor<4x!fxp.fixed<s8, ?>> {
  // expected-error @+1 {{cannot lower %0 of type 'tensor<4x!fxp.fixed<s8, ?>>': its fractional length is unknown; run --fxp-infer-frac-lengths first}}
  %0 = fxp.quantize %x : tensor<4xf32> -> tensor<4x!fxp.fixed<s8, ?>>
  return %0 : tensor<4x!fxp.fixed<s8, ?>>
}

// -----

// expected-error @+1 {{cannot lower %arg0 of type '!fxp.fixed<u8, ?>': its fractional length is unknown}}
func.func @unknown_argument(%a: !fxp.fixed<u8, ?>) -> !fxp.fixed<u8, ?> {
  return %a : !fxp.fixed<u8, ?>
}
