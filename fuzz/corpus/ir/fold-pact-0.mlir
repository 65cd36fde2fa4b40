func.func @sequential(%x: tensor<1x2x2x2x!fxp.fixed<u8, 8>>) -> tensor<1x2x2x2x!fxp.fixed<s32, ?>> {
  %w1f = arith.constant dense<0.75> : tensor<2x1x1x2xf32>
  %w1 = fxp.quantize %w1f : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %b1f = arith.constant dense<0.3> : tensor<2xf32>
  %b1 = fxp.quantize %b1f : tensor<2xf32> -> tensor<2x!fxp.fixed<s32, ?>>
  %acc = fxp.conv2d %x, %w1, %b1 : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>>, tensor<2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %c = fxp.clamp %acc {min = 0.0, max = 6.0} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %a = fxp.cast %c : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  %w2f = arith.constant dense<0.5> : tensor<2x1x1x2xf32>
  %w2 = fxp.quantize %w2f : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %y = fxp.conv2d %a, %w2 : tensor<1x2x2x2x!fxp.fixed<u8, ?>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  return %y : tensor<1x2x2x2x!fxp.fixed<s32, ?>>
}
