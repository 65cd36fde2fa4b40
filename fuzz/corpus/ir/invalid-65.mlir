func.func @conv_groups_output(%x: tensor<1x8x8x4x!fxp.fixed<u8, 8>>, %w: tensor<3x3x3x2x!fxp.fixed<s8, 6>>) {
  %0 = fxp.conv2d %x, %w {groups = 2 : i64} : tensor<1x8x8x4x!fxp.fixed<u8, 8>>, tensor<3x3x3x2x!fxp.fixed<s8, 6>> -> tensor<1x6x6x3x!fxp.fixed<s32, 14>>
  return
}
