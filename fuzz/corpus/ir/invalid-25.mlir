func.func @dequantize_scalar_to_tensor(%x: !fxp.fixed<s8, 2>) {
  %0 = fxp.dequantize %x : !fxp.fixed<s8, 2> -> tensor<1xf32>
  return
}
