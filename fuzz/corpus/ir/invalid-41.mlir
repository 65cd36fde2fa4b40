func.func @matmul_reduction(%x: tensor<2x4x!fxp.fixed<u8, 6>>, %w: tensor<3x5x!fxp.fixed<s8, 7>>) {
  %0 = fxp.matmul %x, %w : tensor<2x4x!fxp.fixed<u8, 6>>, tensor<3x5x!fxp.fixed<s8, 7>> -> tensor<2x5x!fxp.fixed<s32, 13>>
  return
}
