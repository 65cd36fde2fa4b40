func.func @conv_pad_overflow_dynamic(%x: tensor<1x?x?x3x!fxp.fixed<u8, 8>>, %w: tensor<4x3x3x3x!fxp.fixed<s8, 6>>) {
  %0 = fxp.conv2d %x, %w {pad = array<i64: 9223372036854775807, 1, 0, 0>} : tensor<1x?x?x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>> -> tensor<1x?x?x4x!fxp.fixed<s32, 14>>
  return
}
