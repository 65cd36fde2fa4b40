func.func @quantize_splat() -> tensor<2x3x!fxp.fixed<u8, 4>> {
  %x = arith.constant dense<0.5> : tensor<2x3xf64>
  %0 = fxp.quantize %x : tensor<2x3xf64> -> tensor<2x3x!fxp.fixed<u8, 4>>
  return %0 : tensor<2x3x!fxp.fixed<u8, 4>>
}
