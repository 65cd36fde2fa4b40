func.func @relu_type(%a: tensor<4x!fxp.fixed<s8, 2>>) {
  %0 = fxp.relu %a : tensor<4x!fxp.fixed<s8, 2>> -> tensor<4x!fxp.fixed<u8, 2>>
  return
}
