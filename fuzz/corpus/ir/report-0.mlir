func.func @weights() -> tensor<4x!fxp.fixed<s8, ?>> {
  %w = arith.constant dense<[0.25, -0.25, 0.25, -0.25]> : tensor<4xf32>
  %q = fxp.quantize %w : tensor<4xf32> -> tensor<4x!fxp.fixed<s8, ?>>
  return %q : tensor<4x!fxp.fixed<s8, ?>>
}

func.func @activations(%acc: tensor<4x!fxp.fixed<s32, 12>>) -> tensor<4x!fxp.fixed<s8, ?>> {
  %0 = fxp.cast %acc {fxp.stats = #fxp.stats<mean = 0.0, std = 1.25, min = -3.0, max = 2.0, count = 100>} : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<s8, ?>>
  return %0 : tensor<4x!fxp.fixed<s8, ?>>
}

func.func @given(%acc: tensor<4x!fxp.fixed<s32, 12>>) -> tensor<4x!fxp.fixed<u8, 6>> {
  %0 = fxp.cast %acc {fxp.stats = #fxp.stats<mean = 1.0, std = 0.5, min = 0.0, max = 3.0, count = 100>} : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<u8, 6>>
  return %0 : tensor<4x!fxp.fixed<u8, 6>>
}
