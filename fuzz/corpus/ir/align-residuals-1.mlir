func.func @unsigned(%a: tensor<4x!fxp.fixed<s16, 8>>, %b: tensor<4x!fxp.fixed<u8, 8>>) -> tensor<4x!fxp.fixed<s16, 8>> {
  %0 = fxp.add %a, %b : tensor<4x!fxp.fixed<s16, 8>>, tensor<4x!fxp.fixed<u8, 8>> -> tensor<4x!fxp.fixed<s16, 8>>
  return %0 : tensor<4x!fxp.fixed<s16, 8>>
}
