func.func private @stats_histogram_twice() attributes {s = #fxp.stats<mean = 0.0, std = 1.0, min = -1.0, max = 1.0, count = 4, histogram = [4], histogram = [4]>}
