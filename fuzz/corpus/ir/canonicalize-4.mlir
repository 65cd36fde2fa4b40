func.func @cast_identity(%s: tensor<4x!fxp.fixed<s8, 5>>, %u: tensor<4x!fxp.fixed<u8, 5>>)
    -> (tensor<4x!fxp.fixed<s8, 5>>, tensor<4x!fxp.fixed<s8, 5>>, tensor<4x!fxp.fixed<u8, 5>>) {
  %0 = fxp.cast %s : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4x!fxp.fixed<s8, 5>>
  %1 = fxp.cast %s overflow wrap : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4x!fxp.fixed<s8, 5>>
  %2 = fxp.cast %u : tensor<4x!fxp.fixed<u8, 5>> -> tensor<4x!fxp.fixed<u8, 5>>
  return %0, %1, %2 : tensor<4x!fxp.fixed<s8, 5>>, tensor<4x!fxp.fixed<s8, 5>>, tensor<4x!fxp.fixed<u8, 5>>
}
