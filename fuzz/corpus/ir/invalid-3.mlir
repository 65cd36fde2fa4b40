func.func private @fl_too_small(!fxp.fixed<s8, -65>)
