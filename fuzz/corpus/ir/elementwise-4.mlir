func.func @clamp(%a: !fxp.fixed<s8, 4>) -> !fxp.fixed<s8, 4> {
  %0 = fxp.clamp %a {min = 0.0, max = 6.0} : !fxp.fixed<s8, 4> -> !fxp.fixed<s8, 4>
  return %0 : !fxp.fixed<s8, 4>
}
