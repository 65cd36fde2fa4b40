func.func @quantize_shape(%x: tensor<4xf32>) {
  %0 = fxp.quantize %x : tensor<4xf32> -> tensor<5x!fxp.fixed<s8, 2>>
  return
}
