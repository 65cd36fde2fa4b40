func.func @add_shapes(%a: tensor<4x!fxp.fixed<s8, 2>>, %b: tensor<3x!fxp.fixed<s8, 2>>) {
  %0 = fxp.add %a, %b : tensor<4x!fxp.fixed<s8, 2>>, tensor<3x!fxp.fixed<s8, 2>> -> tensor<4x!fxp.fixed<s8, 2>>
  return
}
