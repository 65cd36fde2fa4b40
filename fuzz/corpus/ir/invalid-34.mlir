func.func @sub_float(%a: tensor<4xf32>, %b: tensor<4xf32>) {
  %0 = fxp.sub %a, %b : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  return
}
