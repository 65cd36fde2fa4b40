func.func @argument(%a: tensor<4x!fxp.fixed<u8, ?>>) -> tensor<4x!fxp.fixed<u8, ?>> {
  return %a : tensor<4x!fxp.fixed<u8, ?>>
}
