func.func private @width_too_large(!fxp.fixed<u65, 0>)
