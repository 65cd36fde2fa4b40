func.func @conv_reduction_overflow(%x: tensor<1x?x?x2x!fxp.fixed<s8, 0>>, %w: tensor<1x4294967296x4294967296x2x!fxp.fixed<s8, 0>>) {
  %0 = fxp.conv2d %x, %w overflow wrap : tensor<1x?x?x2x!fxp.fixed<s8, 0>>, tensor<1x4294967296x4294967296x2x!fxp.fixed<s8, 0>> -> tensor<1x?x?x1x!fxp.fixed<s8, 0>>
  return
}
