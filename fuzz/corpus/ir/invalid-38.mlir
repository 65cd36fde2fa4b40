func.func @clamp_f32_bound(%a: tensor<4x!fxp.fixed<s8, 2>>) {
  %0 = fxp.clamp %a {max = 1.0 : f32} : tensor<4x!fxp.fixed<s8, 2>> -> tensor<4x!fxp.fixed<s8, 2>>
  return
}
