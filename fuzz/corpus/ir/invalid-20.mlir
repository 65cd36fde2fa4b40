func.func @constant_float() {
  %0 = fxp.constant 1.0 : f32 -> !fxp.fixed<s8, 2>
  return
}
