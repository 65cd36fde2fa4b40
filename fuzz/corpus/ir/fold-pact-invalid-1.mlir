func.func @different_levels(%x: tensor<1x2x2x2x!fxp.fixed<u8, 8>>) -> tensor<1x2x2x2x!fxp.fixed<s32, ?>> {
  %wf = arith.constant dense<0.75> : tensor<2x1x1x2xf32>
  %w = fxp.quantize %wf : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %acc1 = fxp.conv2d %x, %w : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %c1 = fxp.clamp %acc1 {min = 0.0, max = 6.0} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %a1 = fxp.cast %c1 : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  %acc2 = fxp.conv2d %x, %w : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %c2 = fxp.clamp %acc2 {min = 0.0, max = 5.0} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %a2 = fxp.cast %c2 : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  %s = fxp.add %c1, %c2 : tensor<1x2x2x2x!fxp.fixed<s32, ?>>, tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  return %s : tensor<1x2x2x2x!fxp.fixed<s32, ?>>
}
