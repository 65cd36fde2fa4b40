func.func @cast_left_shift(%a: !fxp.fixed<s8, 2>) -> !fxp.fixed<s8, 5> {
  %0 = fxp.cast %a : !fxp.fixed<s8, 2> -> !fxp.fixed<s8, 5>
  return %0 : !fxp.fixed<s8, 5>
}
