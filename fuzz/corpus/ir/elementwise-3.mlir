func.func @mul(%a: !fxp.fixed<s8, 5>, %b: !fxp.fixed<u8, 6>) -> !fxp.fixed<s16, 11> {
  %0 = fxp.mul %a, %b : !fxp.fixed<s8, 5>, !fxp.fixed<u8, 6> -> !fxp.fixed<s16, 11>
  return %0 : !fxp.fixed<s16, 11>
}
