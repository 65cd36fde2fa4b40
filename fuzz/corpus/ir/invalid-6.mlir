func.func private @bad_fl(!fxp.fixed<s8, x>)
