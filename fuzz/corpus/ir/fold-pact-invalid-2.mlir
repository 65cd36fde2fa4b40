func.func @infinite_level(%x: tensor<1x4x!fxp.fixed<u8, 8>>) -> tensor<1x2x!fxp.fixed<s32, ?>> {
  %wf = arith.constant dense<0.5> : tensor<4x2xf32>
  %w = fxp.quantize %wf : tensor<4x2xf32> -> tensor<4x2x!fxp.fixed<s8, ?>>
  %acc = fxp.matmul %x, %w : tensor<1x4x!fxp.fixed<u8, 8>>, tensor<4x2x!fxp.fixed<s8, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  %c = fxp.clamp %acc {min = 0.0, max = 0x7FF0000000000000 : f64} : tensor<1x2x!fxp.fixed<s32, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  %a = fxp.cast %c : tensor<1x2x!fxp.fixed<s32, ?>> -> tensor<1x2x!fxp.fixed<u8, ?>>
  %vf = arith.constant dense<0.25> : tensor<2x2xf32>
  %v = fxp.quantize %vf : tensor<2x2xf32> -> tensor<2x2x!fxp.fixed<s8, ?>>
  %y = fxp.matmul %a, %v : tensor<1x2x!fxp.fixed<u8, ?>>, tensor<2x2x!fxp.fixed<s8, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  return %y : tensor<1x2x!fxp.fixed<s32, ?>>
}
