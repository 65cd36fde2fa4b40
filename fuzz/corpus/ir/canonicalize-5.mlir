func.func @cast_of_exact_cast(%x: tensor<4x!fxp.fixed<s8, 5>>) -> tensor<4x!fxp.fixed<u8, 3>> {
  %0 = fxp.cast %x : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4x!fxp.fixed<s16, 7>>
  %1 = fxp.cast %0 rounding floor : tensor<4x!fxp.fixed<s16, 7>> -> tensor<4x!fxp.fixed<u8, 3>>
  return %1 : tensor<4x!fxp.fixed<u8, 3>>
}
