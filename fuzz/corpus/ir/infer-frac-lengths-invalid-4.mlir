func.func @widen(%x: tensor<1x4x!fxp.fixed<u8, 0>>) -> tensor<1x2x!fxp.fixed<s16, ?>> {
  %wf = arith.constant dense<0.5> : tensor<4x2xf32>
  %w = fxp.quantize %wf : tensor<4x2xf32> -> tensor<4x2x!fxp.fixed<s8, 7>>
  %0 = fxp.matmul %x, %w : tensor<1x4x!fxp.fixed<u8, 0>>, tensor<4x2x!fxp.fixed<s8, 7>> -> tensor<1x2x!fxp.fixed<s16, ?>>
  return %0 : tensor<1x2x!fxp.fixed<s16, ?>>
}
