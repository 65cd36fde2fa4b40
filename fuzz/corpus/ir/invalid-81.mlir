func.func @global_pool_rank(%x: tensor<7x7x64x!fxp.fixed<u8, 4>>) {
  %0 = fxp.global_avg_pool %x : tensor<7x7x64x!fxp.fixed<u8, 4>> -> tensor<1x1x64x!fxp.fixed<u8, 4>>
  return
}
