func.func @depthwise(%x: tensor<1x6x6x3x!fxp.fixed<u8, 8>>, %w: tensor<3x3x2x1x!fxp.fixed<s8, 6>>) -> tensor<1x2x6x3x!fxp.fixed<s32, 14>> {
  %0 = fxp.conv2d %x, %w {groups = 3 : i64, strides = array<i64: 2, 1>, dilations = array<i64: 2, 1>, pad = array<i64: 1, 1, 0, 1>} : tensor<1x6x6x3x!fxp.fixed<u8, 8>>, tensor<3x3x2x1x!fxp.fixed<s8, 6>> -> tensor<1x2x6x3x!fxp.fixed<s32, 14>>
  return %0 : tensor<1x2x6x3x!fxp.fixed<s32, 14>>
}
