func.func @quantize_to_integer(%x: tensor<4xf32>) {
  %0 = fxp.quantize %x : tensor<4xf32> -> tensor<4xi8>
  return
}
