func.func @avg_pool_channels(%x: tensor<1x4x4x8x!fxp.fixed<u8, 5>>) {
  %0 = fxp.avg_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x3x3x4x!fxp.fixed<u8, 5>>
  return
}
