func.func @pool_dynamic_height(%a: tensor<1x?x4x2xf32>) -> tensor<1x?x2x2xf32> {
  %y = tosa.max_pool2d %a {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x?x4x2xf32>) -> tensor<1x?x2x2xf32>
  return %y : tensor<1x?x2x2xf32>
}
