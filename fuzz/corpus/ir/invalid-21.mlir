func.func @constant_unknown_fl() {
  %0 = fxp.constant 1 : i8 -> !fxp.fixed<s8, ?>
  return
}
