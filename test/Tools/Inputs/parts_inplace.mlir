// A float model that fxp-compile cuts into two parts (see
// --fxp-outline-parts) at its matmul: %b is computed by the first part,
// returned by the model and read by the second, which inserts into it.
// Were the second part free to insert into %b's buffer in place, the model
// would return it changed.
func.func @m(%x: tensor<1x4x4xf32>) -> (tensor<1x4x4xf32>, tensor<1x4x4xf32>) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<[[[1.0, 2.0, 3.0, 4.0], [0.5, 0.25, 0.0, 1.0], [1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 2.0]]]> : tensor<1x4x4xf32>}> : () -> tensor<1x4x4xf32>
  %a = tosa.abs %x : (tensor<1x4x4xf32>) -> tensor<1x4x4xf32>
  %b = tosa.floor %a : (tensor<1x4x4xf32>) -> tensor<1x4x4xf32>
  %c = tosa.matmul %b, %w, %zp, %zp : (tensor<1x4x4xf32>, tensor<1x4x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4xf32>
  %s = tensor.extract_slice %c[0, 0, 0] [1, 1, 4] [1, 1, 1] : tensor<1x4x4xf32> to tensor<1x1x4xf32>
  %r = tensor.insert_slice %s into %b[0, 1, 0] [1, 1, 4] [1, 1, 1] : tensor<1x1x4xf32> into tensor<1x4x4xf32>
  return %r, %b : tensor<1x4x4xf32>, tensor<1x4x4xf32>
}
