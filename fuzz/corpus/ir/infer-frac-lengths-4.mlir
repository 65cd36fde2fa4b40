func.func @block(%in: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2x!fxp.fixed<s32, ?>> {
  %wf = arith.constant dense<[[[[0.25, -0.25]]], [[[-0.25, 0.25]]]]> : tensor<2x1x1x2xf32>
  %w = fxp.quantize %wf : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %bf = arith.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %b = fxp.quantize %bf : tensor<2xf32> -> tensor<2x!fxp.fixed<s32, ?>>
  %x = fxp.quantize %in {fxp.stats = #fxp.stats<mean = 0.5, std = 0.2, min = 0.0, max = 1.0, count = 64>} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  %acc = fxp.conv2d %x, %w, %b : tensor<1x2x2x2x!fxp.fixed<u8, ?>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>>, tensor<2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %r = fxp.relu %acc : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %s = fxp.cast %x : tensor<1x2x2x2x!fxp.fixed<u8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, 12>>
  %sum = fxp.add %r, %s : tensor<1x2x2x2x!fxp.fixed<s32, ?>>, tensor<1x2x2x2x!fxp.fixed<s32, 12>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  return %sum : tensor<1x2x2x2x!fxp.fixed<s32, ?>>
}
