func.func @cast_unranked(%x: tensor<*x!fxp.fixed<s32, 9>>) {
  %0 = fxp.cast %x : tensor<*x!fxp.fixed<s32, 9>> -> tensor<*x!fxp.fixed<s8, 2>>
  return
}
