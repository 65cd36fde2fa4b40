func.func private @bad_signedness(!fxp.fixed<i8, 0>)
