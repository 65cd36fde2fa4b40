func.func @grouped(%x: tensor<1x4x4x4x!fxp.fixed<s8, 4>>, %w: tensor<6x3x3x2x!fxp.fixed<s8, 6>>) -> tensor<1x2x2x6x!fxp.fixed<s8, 5>> {
  %0 = fxp.conv2d %x, %w {groups = 2 : i64} : tensor<1x4x4x4x!fxp.fixed<s8, 4>>, tensor<6x3x3x2x!fxp.fixed<s8, 6>> -> tensor<1x2x2x6x!fxp.fixed<s8, 5>>
  return %0 : tensor<1x2x2x6x!fxp.fixed<s8, 5>>
}
