func.func private @stats_duplicate() attributes {s = #fxp.stats<mean = 0.0, std = 1.0, std = 2.0, min = -1.0, max = 1.0, count = 3>}
