func.func @bitcast_constant(%a: tensor<2xi8>) -> (tensor<2x!fxp.fixed<s8, 5>>, tensor<2x!fxp.fixed<s8, 6>>) {
  %0 = fxp.bitcast %a : tensor<2xi8> -> tensor<2x!fxp.fixed<s8, 5>>
  %1 = fxp.constant dense<[64, -32]> : tensor<2xi8> -> tensor<2x!fxp.fixed<s8, 6>>
  return %0, %1 : tensor<2x!fxp.fixed<s8, 5>>, tensor<2x!fxp.fixed<s8, 6>>
}
