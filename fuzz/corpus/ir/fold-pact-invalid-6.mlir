func.func @shared_then_different(%x: tensor<1x2x2x2x!fxp.fixed<u8, 8>>) -> tensor<1x2x2x2x!fxp.fixed<s32, ?>> {
  %wf = arith.constant dense<0.75> : tensor<2x1x1x2xf32>
  %w = fxp.quantize %wf : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %acc1 = fxp.conv2d %x, %w : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %c1 = fxp.clamp %acc1 {min = 0.0, max = 6.0} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %a1 = fxp.cast %c1 : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  %acc2 = fxp.conv2d %x, %w : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %s1 = fxp.add %c1, %acc2 : tensor<1x2x2x2x!fxp.fixed<s32, ?>>, tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %acc3 = fxp.conv2d %x, %w : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %c3 = fxp.clamp %acc3 {min = 0.0, max = 5.0} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %a3 = fxp.cast %c3 : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  %s2 = fxp.add %s1, %c3 : tensor<1x2x2x2x!fxp.fixed<s32, ?>>, tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  return %s2 : tensor<1x2x2x2x!fxp.fixed<s32, ?>>
}
