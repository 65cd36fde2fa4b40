func.func @conv_window_too_large(%x: tensor<1x2x2x3x!fxp.fixed<u8, 8>>, %w: tensor<4x3x3x3x!fxp.fixed<s8, 6>>) {
  %0 = fxp.conv2d %x, %w : tensor<1x2x2x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>> -> tensor<1x1x1x4x!fxp.fixed<s32, 14>>
  return
}
