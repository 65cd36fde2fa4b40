func.func @max_pool_kernel_missing(%x: tensor<1x4x4x8x!fxp.fixed<u8, 5>>) {
  %0 = fxp.max_pool2d %x : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x3x3x8x!fxp.fixed<u8, 5>>
  return
}
