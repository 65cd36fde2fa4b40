// A float model that fxp-compile cuts into two parts (see
// --fxp-outline-parts): %b is computed by the first, returned by the model
// and read by the second, which inserts into it. Were the second part free
// to insert into %b's buffer in place, the model would return it changed.
func.func @m(%x: tensor<1x16xf32>) -> (tensor<1x16xf32>, tensor<1x16xf32>) {
  %a = tosa.abs %x : (tensor<1x16xf32>) -> tensor<1x16xf32>
  %b = tosa.floor %a : (tensor<1x16xf32>) -> tensor<1x16xf32>
  %e = tosa.exp %b : (tensor<1x16xf32>) -> tensor<1x16xf32>
  %s = tensor.extract_slice %e[0, 0] [1, 4] [1, 1] : tensor<1x16xf32> to tensor<1x4xf32>
  %r = tensor.insert_slice %s into %b[0, 4] [1, 4] [1, 1] : tensor<1x4xf32> into tensor<1x16xf32>
  return %r, %b : tensor<1x16xf32>, tensor<1x16xf32>
}
