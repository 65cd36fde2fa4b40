func.func private @stats_mean() attributes {s = #fxp.stats<mean = 5.0, std = 1.0, min = -1.0, max = 1.0, count = 3>}
