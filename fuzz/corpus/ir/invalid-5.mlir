func.func private @bad_width(!fxp.fixed<sx, 0>)
