func.func @quantize_unknown_fl_is_kept() -> tensor<2x!fxp.fixed<s8, ?>> {
  %x = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %0 = fxp.quantize %x : tensor<2xf32> -> tensor<2x!fxp.fixed<s8, ?>>
  return %0 : tensor<2x!fxp.fixed<s8, ?>>
}
