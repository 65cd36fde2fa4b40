func.func @clamp_nan(%a: tensor<4x!fxp.fixed<s8, 2>>) {
  %0 = fxp.clamp %a {min = 0x7FF8000000000000 : f64} : tensor<4x!fxp.fixed<s8, 2>> -> tensor<4x!fxp.fixed<s8, 2>>
  return
}
