"""Prints a float TOSA model whose convolutions hold LAYERS x 64 x 3 x 3 x
CHANNELS random weights (the statistics fxp-calibrate would attach are
given), for the pass-time regression test of the F8Net passes.

Usage: large_weights.py LAYERS CHANNELS
"""
import sys

import numpy as np

layers, channels = int(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(0)
stats = "#fxp.stats<mean = 0.5, std = 0.3, min = 0.0, max = 2.0, count = 64>"
act = f"tensor<1x4x4x{channels}xf32>"
wtype = f"tensor<{channels}x3x3x{channels}xf32>"
print(f"func.func @large(%x: {act} {{fxp.stats = {stats}}}) -> {act} {{")
print('  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> '
      ": () -> tensor<1xf32>")
print(f'  %b = "tosa.const"() <{{values = dense<0.01> : tensor<{channels}xf32>}}> '
      f": () -> tensor<{channels}xf32>")
value = "%x"
for i in range(layers):
    w = rng.normal(0, 0.05, size=(channels, 3, 3, channels)).astype("<f4")
    print(f'  %w{i} = "tosa.const"() <{{values = dense<"0x{w.tobytes().hex().upper()}"> '
          f": {wtype}}}> : () -> {wtype}")
    print(f"  %c{i} = tosa.conv2d {value}, %w{i}, %b, %zp, %zp {{acc_type = f32, "
          "dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, "
          f"stride = array<i64: 1, 1>}} : ({act}, {wtype}, tensor<{channels}xf32>, "
          f"tensor<1xf32>, tensor<1xf32>) -> {act}")
    print(f"  %r{i} = tosa.clamp %c{i} {{min_val = 0.0 : f32, max_val = 3.4028235e+38 : f32, "
          f"fxp.stats = {stats}}} : ({act}) -> {act}")
    value = f"%r{i}"
print(f"  return {value} : {act}")
print("}")
