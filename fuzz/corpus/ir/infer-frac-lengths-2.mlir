func.func @activations(%x: tensor<4xf32>, %acc: tensor<4x!fxp.fixed<s32, 12>>) -> (tensor<4x!fxp.fixed<u8, ?>>, tensor<4x!fxp.fixed<u8, ?>>, tensor<4x!fxp.fixed<u8, ?>>, tensor<4x!fxp.fixed<s8, ?>>) {
  %0 = fxp.quantize %x {fxp.stats = #fxp.stats<mean = 0.5, std = 0.2734375, min = 0.0, max = 1.0, count = 100>} : tensor<4xf32> -> tensor<4x!fxp.fixed<u8, ?>>
  %1 = fxp.cast %acc {fxp.stats = #fxp.stats<mean = 0.5, std = 0.28, min = 0.0, max = 2.0, count = 100>} : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<u8, ?>>
  %2 = fxp.cast %acc {fxp.stats = #fxp.stats<mean = 50.0, std = 100.0, min = 0.0, max = 900.0, count = 100>} : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<u8, ?>>
  %3 = fxp.cast %acc {fxp.stats = #fxp.stats<mean = 0.0, std = 1.25, min = -3.0, max = 2.0, count = 100>} : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<s8, ?>>
  return %0, %1, %2, %3 : tensor<4x!fxp.fixed<u8, ?>>, tensor<4x!fxp.fixed<u8, ?>>, tensor<4x!fxp.fixed<u8, ?>>, tensor<4x!fxp.fixed<s8, ?>>
}
