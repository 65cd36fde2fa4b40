func.func @reshape_huge(%x: tensor<?x2xf32>) -> tensor<4294967296x4294967296x?xf32> {
  %s = tosa.const_shape {values = dense<[4294967296, 4294967296, -1]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %0 = tosa.reshape %x, %s : (tensor<?x2xf32>, !tosa.shape<3>) -> tensor<4294967296x4294967296x?xf32>
  return %0 : tensor<4294967296x4294967296x?xf32>
}
