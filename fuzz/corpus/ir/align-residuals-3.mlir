func.func @widen(%a: tensor<4x!fxp.fixed<s32, 15>>, %b: tensor<4x!fxp.fixed<s32, 12>>) -> tensor<4x!fxp.fixed<s32, 15>> {
  %0 = fxp.add %a, %b : tensor<4x!fxp.fixed<s32, 15>>, tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<s32, 15>>
  return %0 : tensor<4x!fxp.fixed<s32, 15>>
}
