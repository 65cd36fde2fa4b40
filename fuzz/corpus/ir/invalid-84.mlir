func.func @global_avg_pool_extent_overflow(%x: tensor<1x4294967296x4294967296x1x!fxp.fixed<s8, 0>>) {
  %0 = fxp.global_avg_pool %x : tensor<1x4294967296x4294967296x1x!fxp.fixed<s8, 0>> -> tensor<1x1x1x1x!fxp.fixed<s8, 0>>
  return
}
