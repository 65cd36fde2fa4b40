func.func @inexact(%a: tensor<4x!fxp.fixed<s32, 15>>, %b: tensor<4x!fxp.fixed<s16, 16>>) -> tensor<4x!fxp.fixed<s32, 15>> {
  %0 = fxp.sub %a, %b : tensor<4x!fxp.fixed<s32, 15>>, tensor<4x!fxp.fixed<s16, 16>> -> tensor<4x!fxp.fixed<s32, 15>>
  return %0 : tensor<4x!fxp.fixed<s32, 15>>
}
