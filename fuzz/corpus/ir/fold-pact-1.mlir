func.func @residual(%x: tensor<1x2x2x2x!fxp.fixed<u8, 8>>) -> tensor<1x2x2x2x!fxp.fixed<s32, ?>> {
  %w1f = arith.constant dense<0.75> : tensor<2x1x1x2xf32>
  %w1 = fxp.quantize %w1f : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %acc = fxp.conv2d %x, %w1 : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %c = fxp.clamp %acc {min = 0.0, max = 6.0} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %a = fxp.cast %c : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  %w2f = arith.constant dense<0.75> : tensor<2x1x1x2xf32>
  %w2 = fxp.quantize %w2f : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %y = fxp.conv2d %a, %w2 : tensor<1x2x2x2x!fxp.fixed<u8, ?>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %s = fxp.add %y, %c : tensor<1x2x2x2x!fxp.fixed<s32, ?>>, tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %r = fxp.relu %s : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %ra = fxp.cast %r : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, 4>>
  %w3f = arith.constant dense<0.5> : tensor<2x1x1x2xf32>
  %w3 = fxp.quantize %w3f : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %z = fxp.conv2d %ra, %w3 : tensor<1x2x2x2x!fxp.fixed<u8, 4>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  return %z : tensor<1x2x2x2x!fxp.fixed<s32, ?>>
}
