func.func private @stats_histogram_overflow() attributes {s = #fxp.stats<mean = 0.0, std = 1.0, min = -1.0, max = 1.0, count = 4, histogram = [9223372036854775807, 9223372036854775807, 6]>}
