func.func @quantize_constant() -> (tensor<5x!fxp.fixed<s8, 1>>, tensor<5x!fxp.fixed<s8, 1>>) {
  %x = arith.constant dense<[1.25, 1.75, -1.25, 0x7FC00000, 100.0]> : tensor<5xf32>
  %0 = fxp.quantize %x : tensor<5xf32> -> tensor<5x!fxp.fixed<s8, 1>>
  %1 = fxp.quantize %x rounding half_away : tensor<5xf32> -> tensor<5x!fxp.fixed<s8, 1>>
  return %0, %1 : tensor<5x!fxp.fixed<s8, 1>>, tensor<5x!fxp.fixed<s8, 1>>
}
