func.func @clamp_and_relu(%x: tensor<4x!fxp.fixed<s8, 4>>, %u: tensor<4x!fxp.fixed<u8, 4>>)
    -> (tensor<4x!fxp.fixed<s8, 4>>, tensor<4x!fxp.fixed<s8, 4>>, tensor<4x!fxp.fixed<s8, 4>>, tensor<4x!fxp.fixed<u8, 4>>, tensor<4x!fxp.fixed<s8, 4>>) {
  %0 = fxp.clamp %x : tensor<4x!fxp.fixed<s8, 4>> -> tensor<4x!fxp.fixed<s8, 4>>
  %1 = fxp.clamp %x {min = -100.0, max = 100.0} : tensor<4x!fxp.fixed<s8, 4>> -> tensor<4x!fxp.fixed<s8, 4>>
  %2 = fxp.relu %x : tensor<4x!fxp.fixed<s8, 4>> -> tensor<4x!fxp.fixed<s8, 4>>
  %3 = fxp.relu %2 : tensor<4x!fxp.fixed<s8, 4>> -> tensor<4x!fxp.fixed<s8, 4>>
  %4 = fxp.relu %u : tensor<4x!fxp.fixed<u8, 4>> -> tensor<4x!fxp.fixed<u8, 4>>
  %5 = fxp.clamp %x {min = 0.0, max = 6.0} : tensor<4x!fxp.fixed<s8, 4>> -> tensor<4x!fxp.fixed<s8, 4>>
  return %0, %1, %3, %4, %5 : tensor<4x!fxp.fixed<s8, 4>>, tensor<4x!fxp.fixed<s8, 4>>, tensor<4x!fxp.fixed<s8, 4>>, tensor<4x!fxp.fixed<u8, 4>>, tensor<4x!fxp.fixed<s8, 4>>
}
