func.func @bitcast_round_trip(%i: tensor<4xi8>, %f: tensor<4x!fxp.fixed<s8, 5>>)
    -> (tensor<4xi8>, tensor<4x!fxp.fixed<u8, 2>>) {
  %0 = fxp.bitcast %i : tensor<4xi8> -> tensor<4x!fxp.fixed<s8, 5>>
  %1 = fxp.bitcast %0 : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4xi8>
  %2 = fxp.bitcast %f : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4xi8>
  %3 = fxp.bitcast %2 : tensor<4xi8> -> tensor<4x!fxp.fixed<u8, 2>>
  return %1, %3 : tensor<4xi8>, tensor<4x!fxp.fixed<u8, 2>>
}
