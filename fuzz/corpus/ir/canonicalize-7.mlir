func.func @cast_of_saturating_cast(%x: tensor<4x!fxp.fixed<s8, 0>>) -> tensor<4x!fxp.fixed<s32, 0>> {
  %0 = fxp.cast %x : tensor<4x!fxp.fixed<s8, 0>> -> tensor<4x!fxp.fixed<s16, 8>>
  %1 = fxp.cast %0 : tensor<4x!fxp.fixed<s16, 8>> -> tensor<4x!fxp.fixed<s32, 0>>
  return %1 : tensor<4x!fxp.fixed<s32, 0>>
}
