func.func @infinite_bias(%x: tensor<1x2x!fxp.fixed<u8, 0>>) -> tensor<1x2x!fxp.fixed<s32, ?>> {
  %wf = arith.constant dense<0.5> : tensor<2x2xf32>
  %w = fxp.quantize %wf : tensor<2x2xf32> -> tensor<2x2x!fxp.fixed<s8, ?>>
  %bf = arith.constant dense<[1.0, 0xFF800000]> : tensor<2xf32>
  %b = fxp.quantize %bf : tensor<2xf32> -> tensor<2x!fxp.fixed<s32, ?>>
  %0 = fxp.matmul %x, %w, %b : tensor<1x2x!fxp.fixed<u8, 0>>, tensor<2x2x!fxp.fixed<s8, ?>>, tensor<2x!fxp.fixed<s32, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  return %0 : tensor<1x2x!fxp.fixed<s32, ?>>
}
