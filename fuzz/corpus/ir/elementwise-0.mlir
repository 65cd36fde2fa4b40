func.func @cast_requant(%a: !fxp.fixed<s32, 11>) -> !fxp.fixed<u8, 4> {
  %0 = fxp.cast %a : !fxp.fixed<s32, 11> -> !fxp.fixed<u8, 4>
  return %0 : !fxp.fixed<u8, 4>
}
