func.func @widths(%acc: tensor<2x!fxp.fixed<s32, 12>>) -> (tensor<2x!fxp.fixed<s4, ?>>, tensor<2x!fxp.fixed<s4, ?>>, tensor<2x!fxp.fixed<u16, ?>>) {
  %0 = fxp.cast %acc {fxp.stats = #fxp.stats<mean = 0.0, std = 0.3, min = -1.0, max = 1.0, count = 10>} : tensor<2x!fxp.fixed<s32, 12>> -> tensor<2x!fxp.fixed<s4, ?>>
  %1 = fxp.cast %acc {fxp.stats = #fxp.stats<mean = 0.0, std = 0.7, min = -1.0, max = 1.0, count = 10>} : tensor<2x!fxp.fixed<s32, 12>> -> tensor<2x!fxp.fixed<s4, ?>>
  %2 = fxp.cast %acc {fxp.stats = #fxp.stats<mean = 1.0, std = 1.0, min = 0.0, max = 5.0, count = 10>} : tensor<2x!fxp.fixed<s32, 12>> -> tensor<2x!fxp.fixed<u16, ?>>
  return %0, %1, %2 : tensor<2x!fxp.fixed<s4, ?>>, tensor<2x!fxp.fixed<s4, ?>>, tensor<2x!fxp.fixed<u16, ?>>
}
