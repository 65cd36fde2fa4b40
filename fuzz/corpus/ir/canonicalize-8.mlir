func.func @cast_constant() -> (tensor<4x!fxp.fixed<u8, 4>>, tensor<4x!fxp.fixed<s8, 4>>) {
  %a = fxp.constant dense<[704, 832, -128, 38400]> : tensor<4xi32> -> tensor<4x!fxp.fixed<s32, 11>>
  %0 = fxp.cast %a : tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<u8, 4>>
  %1 = fxp.cast %a rounding half_up overflow wrap : tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<s8, 4>>
  return %0, %1 : tensor<4x!fxp.fixed<u8, 4>>, tensor<4x!fxp.fixed<s8, 4>>
}
