func.func private @stats_missing() attributes {s = #fxp.stats<mean = 0.0, std = 1.0, min = -1.0, max = 1.0>}
