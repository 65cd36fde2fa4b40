func.func @conv(%x: tensor<1x?x?x2x!fxp.fixed<s8, 0>>, %w: tensor<1x3x3x2x!fxp.fixed<s8, 0>>) -> tensor<1x?x?x1x!fxp.fixed<s32, 0>> {
  %y = fxp.conv2d %x, %w {dilations = array<i64: 2, 1>, pad = array<i64: 1, 0, 0, 0>} : tensor<1x?x?x2x!fxp.fixed<s8, 0>>, tensor<1x3x3x2x!fxp.fixed<s8, 0>> -> tensor<1x?x?x1x!fxp.fixed<s32, 0>>
  return %y : tensor<1x?x?x1x!fxp.fixed<s32, 0>>
}

func.func @avg_pool(%x: tensor<1x?x4x2x!fxp.fixed<s8, 0>>) -> tensor<1x?x3x2x!fxp.fixed<s8, 0>> {
  %y = fxp.avg_pool2d %x {kernel = array<i64: 2, 2>, pad = array<i64: 1, 1, 0, 0>} : tensor<1x?x4x2x!fxp.fixed<s8, 0>> -> tensor<1x?x3x2x!fxp.fixed<s8, 0>>
  return %y : tensor<1x?x3x2x!fxp.fixed<s8, 0>>
}
