func.func @quantize_from_integer(%x: tensor<4xi8>) {
  %0 = fxp.quantize %x : tensor<4xi8> -> tensor<4x!fxp.fixed<s8, 2>>
  return
}
