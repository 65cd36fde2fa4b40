func.func @binary_constants() -> (!fxp.fixed<s32, 11>, !fxp.fixed<s8, 2>, !fxp.fixed<s16, 11>, !fxp.fixed<u8, 0>) {
  %a = fxp.constant 768 : i32 -> !fxp.fixed<s32, 9>
  %b = fxp.constant 512 : i32 -> !fxp.fixed<s32, 11>
  %0 = fxp.add %a, %b : !fxp.fixed<s32, 9>, !fxp.fixed<s32, 11> -> !fxp.fixed<s32, 11>
  %1 = fxp.sub %a, %b : !fxp.fixed<s32, 9>, !fxp.fixed<s32, 11> -> !fxp.fixed<s8, 2>
  %c = fxp.constant -32 : i8 -> !fxp.fixed<s8, 5>
  %d = fxp.constant 32 : i8 -> !fxp.fixed<s8, 6>
  %2 = fxp.mul %c, %d : !fxp.fixed<s8, 5>, !fxp.fixed<s8, 6> -> !fxp.fixed<s16, 11>
  %3 = fxp.mul %c, %d : !fxp.fixed<s8, 5>, !fxp.fixed<s8, 6> -> !fxp.fixed<u8, 0>
  return %0, %1, %2, %3 : !fxp.fixed<s32, 11>, !fxp.fixed<s8, 2>, !fxp.fixed<s16, 11>, !fxp.fixed<u8, 0>
}
