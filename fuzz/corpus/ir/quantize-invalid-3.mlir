func.func @batched_matmul(%x: tensor<2x3x4xf32>) -> tensor<2x3x5xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x4x5xf32>}> : () -> tensor<2x4x5xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %x, %w, %zp, %zp : (tensor<2x3x4xf32>, tensor<2x4x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}
