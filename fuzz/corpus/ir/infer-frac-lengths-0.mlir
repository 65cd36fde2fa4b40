func.func @weights_std() -> (tensor<4x!fxp.fixed<s8, ?>>, tensor<4x!fxp.fixed<s8, ?>>, tensor<4x!fxp.fixed<s8, ?>>, tensor<4x!fxp.fixed<s8, ?>>, tensor<2x!fxp.fixed<s8, ?>>) {
  %a = arith.constant dense<[0.3125, -0.3125, 0.3125, -0.3125]> : tensor<4xf32>
  %b = arith.constant dense<[0.32, -0.32, 0.32, -0.32]> : tensor<4xf32>
  %c = arith.constant dense<[50.0, -50.0, 50.0, -50.0]> : tensor<4xf32>
  %d = arith.constant dense<[0.001, -0.001, 0.001, -0.001]> : tensor<4xf32>
  %e = arith.constant dense<[0.5, 0.5]> : tensor<2xf32>
  %qa = fxp.quantize %a : tensor<4xf32> -> tensor<4x!fxp.fixed<s8, ?>>
  %qb = fxp.quantize %b : tensor<4xf32> -> tensor<4x!fxp.fixed<s8, ?>>
  %qc = fxp.quantize %c : tensor<4xf32> -> tensor<4x!fxp.fixed<s8, ?>>
  %qd = fxp.quantize %d : tensor<4xf32> -> tensor<4x!fxp.fixed<s8, ?>>
  %qe = fxp.quantize %e : tensor<2xf32> -> tensor<2x!fxp.fixed<s8, ?>>
  return %qa, %qb, %qc, %qd, %qe : tensor<4x!fxp.fixed<s8, ?>>, tensor<4x!fxp.fixed<s8, ?>>, tensor<4x!fxp.fixed<s8, ?>>, tensor<4x!fxp.fixed<s8, ?>>, tensor<2x!fxp.fixed<s8, ?>>
}
