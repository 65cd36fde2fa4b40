func.func @clamp_constant() -> (tensor<4x!fxp.fixed<s8, 4>>, tensor<4x!fxp.fixed<s8, 4>>) {
  %x = fxp.constant dense<[-128, -5, 50, 127]> : tensor<4xi8> -> tensor<4x!fxp.fixed<s8, 4>>
  %0 = fxp.clamp %x {min = 0.0, max = 6.0} : tensor<4x!fxp.fixed<s8, 4>> -> tensor<4x!fxp.fixed<s8, 4>>
  %1 = fxp.relu %x : tensor<4x!fxp.fixed<s8, 4>> -> tensor<4x!fxp.fixed<s8, 4>>
  return %0, %1 : tensor<4x!fxp.fixed<s8, 4>>, tensor<4x!fxp.fixed<s8, 4>>
}
