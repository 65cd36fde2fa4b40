func.func private @stats_unknown() attributes {s = #fxp.stats<median = 0.0>}
