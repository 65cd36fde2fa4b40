func.func @global_pool_empty(%x: tensor<1x0x7x64x!fxp.fixed<u8, 4>>) {
  %0 = fxp.global_avg_pool %x : tensor<1x0x7x64x!fxp.fixed<u8, 4>> -> tensor<1x1x1x64x!fxp.fixed<u8, 4>>
  return
}
