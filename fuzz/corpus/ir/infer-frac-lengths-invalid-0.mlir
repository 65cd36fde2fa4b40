func.func @missing_stats(%acc: tensor<4x!fxp.fixed<s32, 12>>) -> tensor<4x!fxp.fixed<u8, ?>> {
  %0 = fxp.cast %acc : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<u8, ?>>
  return %0 : tensor<4x!fxp.fixed<u8, ?>>
}
