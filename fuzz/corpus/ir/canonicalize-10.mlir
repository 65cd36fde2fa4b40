func.func @bitcast_constant() -> (tensor<2x!fxp.fixed<s8, 6>>, i8) {
  %w = arith.constant dense<[64, -32]> : tensor<2xi8>
  %0 = fxp.bitcast %w : tensor<2xi8> -> tensor<2x!fxp.fixed<s8, 6>>
  %c = fxp.constant 7 : i8 -> !fxp.fixed<u8, 1>
  %1 = fxp.bitcast %c : !fxp.fixed<u8, 1> -> i8
  return %0, %1 : tensor<2x!fxp.fixed<s8, 6>>, i8
}
