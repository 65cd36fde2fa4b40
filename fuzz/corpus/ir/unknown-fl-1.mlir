func.func @unknown_argument(%a: !fxp.fixed<u8, ?>) -> !fxp.fixed<u8, ?> {
  return %a : !fxp.fixed<u8, ?>
}
