func.func private @width_too_small(!fxp.fixed<s1, 0>)
