func.func @constant_storage_type() {
  %0 = fxp.constant dense<1> : tensor<2xi16> -> tensor<2x!fxp.fixed<s8, 2>>
  return
}
