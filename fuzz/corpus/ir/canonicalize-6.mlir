func.func @cast_of_inexact_cast(%x: tensor<4x!fxp.fixed<s8, 5>>) -> tensor<4x!fxp.fixed<s16, 5>> {
  %0 = fxp.cast %x : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4x!fxp.fixed<s8, 3>>
  %1 = fxp.cast %0 : tensor<4x!fxp.fixed<s8, 3>> -> tensor<4x!fxp.fixed<s16, 5>>
  return %1 : tensor<4x!fxp.fixed<s16, 5>>
}
