func.func @avg_pool_window_overflow(%x: tensor<1x4294967296x4294967296x1x!fxp.fixed<s8, 0>>) {
  %0 = fxp.avg_pool2d %x {kernel = array<i64: 4294967296, 4294967296>} : tensor<1x4294967296x4294967296x1x!fxp.fixed<s8, 0>> -> tensor<1x1x1x1x!fxp.fixed<s8, 0>>
  return
}
