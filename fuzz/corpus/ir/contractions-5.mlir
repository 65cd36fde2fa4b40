func.func @global_pool(%x: tensor<1x7x7x8x!fxp.fixed<u8, 4>>) -> tensor<1x1x1x8x!fxp.fixed<u8, 4>> {
  %0 = fxp.global_avg_pool %x : tensor<1x7x7x8x!fxp.fixed<u8, 4>> -> tensor<1x1x1x8x!fxp.fixed<u8, 4>>
  return %0 : tensor<1x1x1x8x!fxp.fixed<u8, 4>>
}
