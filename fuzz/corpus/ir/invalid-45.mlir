func.func @matmul_wrap_overflow(%x: tensor<2x1024x!fxp.fixed<u8, 6>>, %w: tensor<1024x5x!fxp.fixed<s8, 7>>) {
  %0 = fxp.matmul %x, %w overflow wrap : tensor<2x1024x!fxp.fixed<u8, 6>>, tensor<1024x5x!fxp.fixed<s8, 7>> -> tensor<2x5x!fxp.fixed<s24, 13>>
  return
}
