func.func @bitcast_unknown_fl(%x: tensor<4xi8>) {
  %0 = fxp.bitcast %x : tensor<4xi8> -> tensor<4x!fxp.fixed<s8, ?>>
  return
}
