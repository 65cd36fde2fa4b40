func.func @bitcast_float(%x: tensor<4xf32>) {
  %0 = fxp.bitcast %x : tensor<4xf32> -> tensor<4x!fxp.fixed<s32, 2>>
  return
}
