func.func @mul_broadcast_scalar(%a: tensor<4x!fxp.fixed<s8, 2>>, %b: !fxp.fixed<s8, 2>) {
  %0 = fxp.mul %a, %b : tensor<4x!fxp.fixed<s8, 2>>, !fxp.fixed<s8, 2> -> tensor<4x!fxp.fixed<s16, 4>>
  return
}
