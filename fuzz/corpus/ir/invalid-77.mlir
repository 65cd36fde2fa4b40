func.func @max_pool_shape(%x: tensor<1x4x4x8x!fxp.fixed<u8, 5>>) {
  %0 = fxp.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x2x2x8x!fxp.fixed<u8, 5>>
  return
}
