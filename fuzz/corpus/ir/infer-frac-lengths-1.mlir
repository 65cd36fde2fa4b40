func.func @rules() -> tensor<3x!fxp.fixed<s8, ?>> {
  %w = arith.constant dense<[1.0, -1.0, 0.001]> : tensor<3xf32>
  %q = fxp.quantize %w : tensor<3xf32> -> tensor<3x!fxp.fixed<s8, ?>>
  return %q : tensor<3x!fxp.fixed<s8, ?>>
}
