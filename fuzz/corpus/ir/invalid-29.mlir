func.func @bitcast_width(%x: tensor<4xi16>) {
  %0 = fxp.bitcast %x : tensor<4xi16> -> tensor<4x!fxp.fixed<s8, 2>>
  return
}
