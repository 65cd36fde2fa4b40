func.func @cast_shape(%x: tensor<4x!fxp.fixed<s32, 9>>) {
  %0 = fxp.cast %x : tensor<4x!fxp.fixed<s32, 9>> -> tensor<2x2x!fxp.fixed<s8, 2>>
  return
}
