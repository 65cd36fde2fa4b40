func.func @dequantize_constant() -> tensor<3xf32> {
  %q = fxp.constant dense<[-128, 1, 127]> : tensor<3xi8> -> tensor<3x!fxp.fixed<s8, 5>>
  %0 = fxp.dequantize %q : tensor<3x!fxp.fixed<s8, 5>> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
