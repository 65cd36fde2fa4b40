func.func @quantize(%x: f32) -> !fxp.fixed<u8, 8> {
  %0 = fxp.quantize %x : f32 -> !fxp.fixed<u8, 8>
  return %0 : !fxp.fixed<u8, 8>
}
