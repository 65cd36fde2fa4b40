func.func @clamp_type(%a: tensor<4x!fxp.fixed<s8, 2>>) {
  %0 = fxp.clamp %a {max = 1.0} : tensor<4x!fxp.fixed<s8, 2>> -> tensor<4x!fxp.fixed<s8, 3>>
  return
}
