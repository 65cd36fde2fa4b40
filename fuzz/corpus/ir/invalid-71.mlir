func.func @conv_float(%x: tensor<1x8x8x3xf32>, %w: tensor<4x3x3x3x!fxp.fixed<s8, 6>>) {
  %0 = fxp.conv2d %x, %w : tensor<1x8x8x3xf32>, tensor<4x3x3x3x!fxp.fixed<s8, 6>> -> tensor<1x6x6x4x!fxp.fixed<s32, 14>>
  return
}
