func.func @avg_pool_rank(%x: tensor<4x4x8x!fxp.fixed<u8, 5>>) {
  %0 = fxp.avg_pool2d %x {kernel = array<i64: 2, 2>} : tensor<4x4x8x!fxp.fixed<u8, 5>> -> tensor<3x3x8x!fxp.fixed<u8, 5>>
  return
}
