func.func private @fl_too_large(!fxp.fixed<s8, 65>)
