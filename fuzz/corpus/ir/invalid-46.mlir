func.func @matmul_wrap_unsigned(%x: tensor<2x4x!fxp.fixed<u8, 6>>, %w: tensor<4x5x!fxp.fixed<s8, 7>>) {
  %0 = fxp.matmul %x, %w overflow wrap : tensor<2x4x!fxp.fixed<u8, 6>>, tensor<4x5x!fxp.fixed<s8, 7>> -> tensor<2x5x!fxp.fixed<u32, 13>>
  return
}
