func.func @avg_pool(%x: tensor<1x4x4x2x!fxp.fixed<u8, 5>>) -> tensor<1x2x2x2x!fxp.fixed<u8, 5>> {
  %0 = fxp.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pad = array<i64: 1, 0, 1, 0>} : tensor<1x4x4x2x!fxp.fixed<u8, 5>> -> tensor<1x2x2x2x!fxp.fixed<u8, 5>>
  return %0 : tensor<1x2x2x2x!fxp.fixed<u8, 5>>
}
