func.func @max_pool_pad(%x: tensor<1x4x4x8x!fxp.fixed<u8, 5>>) {
  %0 = fxp.max_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 2, 0, 0, 0>} : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x5x3x8x!fxp.fixed<u8, 5>>
  return
}
