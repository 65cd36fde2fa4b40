func.func @pooled(%x: tensor<1x2x2x2x!fxp.fixed<u8, 8>>) -> tensor<1x2x!fxp.fixed<s32, ?>> {
  %w1f = arith.constant dense<0.75> : tensor<2x1x1x2xf32>
  %w1 = fxp.quantize %w1f : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %acc = fxp.conv2d %x, %w1 : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %c = fxp.clamp %acc {min = 0.0, max = 6.0} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %a = fxp.cast %c : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  %p = fxp.max_pool2d %a {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x2x2x2x!fxp.fixed<u8, ?>> -> tensor<1x1x1x2x!fxp.fixed<u8, ?>>
  %f = tensor.collapse_shape %p [[0, 1, 2], [3]] : tensor<1x1x1x2x!fxp.fixed<u8, ?>> into tensor<1x2x!fxp.fixed<u8, ?>>
  %w2f = arith.constant dense<0.5> : tensor<2x2xf32>
  %w2 = fxp.quantize %w2f : tensor<2x2xf32> -> tensor<2x2x!fxp.fixed<s8, ?>>
  %y = fxp.matmul %f, %w2 : tensor<1x2x!fxp.fixed<u8, ?>>, tensor<2x2x!fxp.fixed<s8, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  return %y : tensor<1x2x!fxp.fixed<s32, ?>>
}
