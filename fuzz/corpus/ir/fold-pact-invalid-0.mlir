func.func @unabsorbed(%x: tensor<1x2x2x2x!fxp.fixed<u8, 8>>) -> tensor<1x2x2x2xf32> {
  %w1f = arith.constant dense<0.75> : tensor<2x1x1x2xf32>
  %w1 = fxp.quantize %w1f : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %acc = fxp.conv2d %x, %w1 : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %c = fxp.clamp %acc {min = 0.0, max = 6.0} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %a = fxp.cast %c : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  %y = fxp.dequantize %a : tensor<1x2x2x2x!fxp.fixed<u8, ?>> -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}
