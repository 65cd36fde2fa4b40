func.func @nan_weights(%x: tensor<1x2x!fxp.fixed<u8, 0>>) -> tensor<1x2x!fxp.fixed<s32, ?>> {
  %wf = arith.constant dense<[[0.5, 0x7FC00000], [0.25, 1.0]]> : tensor<2x2xf32>
  %w = fxp.quantize %wf : tensor<2x2xf32> -> tensor<2x2x!fxp.fixed<s8, ?>>
  %0 = fxp.matmul %x, %w : tensor<1x2x!fxp.fixed<u8, 0>>, tensor<2x2x!fxp.fixed<s8, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  return %0 : tensor<1x2x!fxp.fixed<s32, ?>>
}
