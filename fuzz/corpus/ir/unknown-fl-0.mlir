func.func @unknown_result(%x: tensor<4xf32>) -> tensor<4x!fxp.fixed<s8, ?>> {
  %0 = fxp.quantize %x : tensor<4xf32> -> tensor<4x!fxp.fixed<s8, ?>>
  return %0 : tensor<4x!fxp.fixed<s8, ?>>
}
