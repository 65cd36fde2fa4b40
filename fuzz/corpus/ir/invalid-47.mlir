func.func @matmul_wrap_unknown(%x: tensor<2x4x!fxp.fixed<u8, ?>>, %w: tensor<4x5x!fxp.fixed<s8, 7>>) {
  %0 = fxp.matmul %x, %w overflow wrap : tensor<2x4x!fxp.fixed<u8, ?>>, tensor<4x5x!fxp.fixed<s8, 7>> -> tensor<2x5x!fxp.fixed<s32, 13>>
  return
}
