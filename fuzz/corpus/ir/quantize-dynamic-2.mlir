func.func @reshape_inferred(%a: tensor<1x2x2x2xf32>) -> tensor<1x?xf32> {
  %s = tosa.const_shape {values = dense<[1, -1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %y = tosa.reshape %a, %s : (tensor<1x2x2x2xf32>, !tosa.shape<2>) -> tensor<1x?xf32>
  return %y : tensor<1x?xf32>
}
