func.func @widen_bias(%x: tensor<1x4x!fxp.fixed<u16, 19>>) -> tensor<1x2x!fxp.fixed<s64, ?>> {
  %wf = arith.constant dense<0.25> : tensor<4x2xf32>
  %w = fxp.quantize %wf : tensor<4x2xf32> -> tensor<4x2x!fxp.fixed<s16, 15>>
  %bf = arith.constant dense<[0.5, -0.25]> : tensor<2xf32>
  %b = fxp.quantize %bf : tensor<2xf32> -> tensor<2x!fxp.fixed<s32, ?>>
  %0 = fxp.matmul %x, %w, %b : tensor<1x4x!fxp.fixed<u16, 19>>, tensor<4x2x!fxp.fixed<s16, 15>>, tensor<2x!fxp.fixed<s32, ?>> -> tensor<1x2x!fxp.fixed<s64, ?>>
  return %0 : tensor<1x2x!fxp.fixed<s64, ?>>
}
