func.func @reshape_dynamic_input(%a: tensor<?x2x2x2xf32>) -> tensor<?x8xf32> {
  %s = tosa.const_shape {values = dense<[-1, 8]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %y = tosa.reshape %a, %s : (tensor<?x2x2x2xf32>, !tosa.shape<2>) -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}
