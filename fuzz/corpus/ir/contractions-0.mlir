func.func @matmul(%x: tensor<2x16x!fxp.fixed<u8, 6>>, %w: tensor<16x10x!fxp.fixed<s8, 7>>, %b: tensor<10x!fxp.fixed<s32, 13>>) -> tensor<2x10x!fxp.fixed<u8, 4>> {
  %0 = fxp.matmul %x, %w, %b : tensor<2x16x!fxp.fixed<u8, 6>>, tensor<16x10x!fxp.fixed<s8, 7>>, tensor<10x!fxp.fixed<s32, 13>> -> tensor<2x10x!fxp.fixed<u8, 4>>
  return %0 : tensor<2x10x!fxp.fixed<u8, 4>>
}
