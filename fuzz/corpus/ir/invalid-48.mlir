func.func @matmul_wrap_dynamic(%x: tensor<2x?x!fxp.fixed<u8, 6>>, %w: tensor<?x5x!fxp.fixed<s8, 7>>) {
  %0 = fxp.matmul %x, %w overflow wrap : tensor<2x?x!fxp.fixed<u8, 6>>, tensor<?x5x!fxp.fixed<s8, 7>> -> tensor<2x5x!fxp.fixed<s32, 13>>
  return
}
