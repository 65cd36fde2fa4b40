func.func @clamp_order(%a: tensor<4x!fxp.fixed<s8, 2>>) {
  %0 = fxp.clamp %a {min = 6.0, max = 0.0} : tensor<4x!fxp.fixed<s8, 2>> -> tensor<4x!fxp.fixed<s8, 2>>
  return
}
