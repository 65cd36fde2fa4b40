func.func @conv_groups_zero(%x: tensor<1x8x8x3x!fxp.fixed<u8, 8>>, %w: tensor<4x3x3x3x!fxp.fixed<s8, 6>>) {
  %0 = fxp.conv2d %x, %w {groups = 0 : i64} : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>> -> tensor<1x6x6x4x!fxp.fixed<s32, 14>>
  return
}
