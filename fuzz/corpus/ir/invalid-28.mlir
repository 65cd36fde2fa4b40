func.func @bitcast_integers(%x: tensor<4xi8>) {
  %0 = fxp.bitcast %x : tensor<4xi8> -> tensor<4xi8>
  return
}
