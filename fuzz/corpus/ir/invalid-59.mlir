func.func @conv_dilation_overflow(%x: tensor<1x8x8x3x!fxp.fixed<u8, 8>>, %w: tensor<4x3x3x3x!fxp.fixed<s8, 6>>) {
  %0 = fxp.conv2d %x, %w {dilations = array<i64: 4611686018427387904, 1>} : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>> -> tensor<1x?x6x4x!fxp.fixed<s32, 14>>
  return
}
