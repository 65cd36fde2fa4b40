func.func @missing_input_stats(%x: tensor<4xf32>) -> tensor<4x!fxp.fixed<u8, ?>> {
  %0 = fxp.quantize %x : tensor<4xf32> -> tensor<4x!fxp.fixed<u8, ?>>
  return %0 : tensor<4x!fxp.fixed<u8, ?>>
}
