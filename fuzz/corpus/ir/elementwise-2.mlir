func.func @add_tensors(%a: tensor<?x4x!fxp.fixed<s32, 9>>, %b: tensor<?x4x!fxp.fixed<s32, 11>>) -> tensor<?x4x!fxp.fixed<s32, 11>> {
  %0 = fxp.add %a, %b : tensor<?x4x!fxp.fixed<s32, 9>>, tensor<?x4x!fxp.fixed<s32, 11>> -> tensor<?x4x!fxp.fixed<s32, 11>>
  return %0 : tensor<?x4x!fxp.fixed<s32, 11>>
}
