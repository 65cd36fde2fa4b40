func.func @matmul_rank(%x: tensor<2x3x4x!fxp.fixed<u8, 6>>, %w: tensor<4x5x!fxp.fixed<s8, 7>>) {
  %0 = fxp.matmul %x, %w : tensor<2x3x4x!fxp.fixed<u8, 6>>, tensor<4x5x!fxp.fixed<s8, 7>> -> tensor<2x5x!fxp.fixed<s32, 13>>
  return
}
