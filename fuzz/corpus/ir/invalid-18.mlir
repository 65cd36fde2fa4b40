func.func private @stats_inf() attributes {s = #fxp.stats<mean = 0.0, std = 1.0, min = -1.0, max = 0x7FF0000000000000, count = 3>}
