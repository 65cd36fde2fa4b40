func.func @matmul_bias_shape(%x: tensor<2x4x!fxp.fixed<u8, 6>>, %w: tensor<4x5x!fxp.fixed<s8, 7>>, %b: tensor<4x!fxp.fixed<s32, 13>>) {
  %0 = fxp.matmul %x, %w, %b : tensor<2x4x!fxp.fixed<u8, 6>>, tensor<4x5x!fxp.fixed<s8, 7>>, tensor<4x!fxp.fixed<s32, 13>> -> tensor<2x5x!fxp.fixed<s32, 13>>
  return
}
