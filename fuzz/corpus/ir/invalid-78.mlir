func.func @avg_pool_strides(%x: tensor<1x4x4x8x!fxp.fixed<u8, 5>>) {
  %0 = fxp.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 0, 0>} : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x2x2x8x!fxp.fixed<u8, 5>>
  return
}
