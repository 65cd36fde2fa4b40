func.func private @stats_min_max() attributes {s = #fxp.stats<mean = 1.0, std = 1.0, min = 2.0, max = 1.0, count = 3>}
