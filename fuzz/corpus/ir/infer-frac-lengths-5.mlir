func.func @mse_histogram(%acc: tensor<4x!fxp.fixed<s32, 12>>) -> (tensor<4x!fxp.fixed<s8, ?>>, tensor<4x!fxp.fixed<s8, ?>>) {
  %0 = fxp.cast %acc {fxp.stats = #fxp.stats<mean = 0.0, std = 1.0, min = -4.0, max = 4.0, count = 10>} : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<s8, ?>>
  %1 = fxp.cast %acc {fxp.stats = #fxp.stats<mean = 0.0, std = 1.0, min = -4.0, max = 4.0, count = 10, histogram = [0, 5, 5, 0]>} : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<s8, ?>>
  return %0, %1 : tensor<4x!fxp.fixed<s8, ?>>, tensor<4x!fxp.fixed<s8, ?>>
}
