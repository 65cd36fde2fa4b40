# RUN: %python %s
"""PACT end to end: a float TOSA model conv -> clamp(0, alpha) -> conv, with
alpha below the activations' range (so the clipping matters), calibrated
with fxp-calibrate and quantized by --fxp-f8net with and without
--fxp-fold-pact. Both must stay within 3% of float (of the output range);
folding must leave no clamp and a u8 activation at FL floor(log2(255 /
alpha)), whose 255 steps span exactly [0, alpha] after the scale fs.
(Folding refines the activation grid but rescales the weights, so it is
not better on every input; both errors are printed.)"""

import numpy as np

from fxp.tools import (dense, FLOAT_PIPELINE, calibrate, float_driver, fxp_opt,
                       run_f32_program, with_driver)

rng = np.random.default_rng(3)
w1 = rng.normal(0, 0.5, (4, 3, 3, 2)).astype(np.float32)
b1 = rng.normal(0, 0.1, (4,)).astype(np.float32)
w2 = rng.normal(0, 0.5, (3, 1, 1, 4)).astype(np.float32)
b2 = rng.normal(0, 0.1, (3,)).astype(np.float32)
alpha = 1.5


model = f"""
func.func @pact(%x: tensor<1x6x6x2xf32>) -> tensor<1x6x6x3xf32> {{
  %zp = "tosa.const"() <{{values = dense<0.0> : tensor<1xf32>}}> : () -> tensor<1xf32>
  %w1 = "tosa.const"() <{{values = {dense(w1)} : tensor<4x3x3x2xf32>}}> : () -> tensor<4x3x3x2xf32>
  %b1 = "tosa.const"() <{{values = {dense(b1)} : tensor<4xf32>}}> : () -> tensor<4xf32>
  %c1 = tosa.conv2d %x, %w1, %b1, %zp, %zp {{acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}} : (tensor<1x6x6x2xf32>, tensor<4x3x3x2xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x4xf32>
  %a = tosa.clamp %c1 {{min_val = 0.0 : f32, max_val = {alpha} : f32}} : (tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  %w2 = "tosa.const"() <{{values = {dense(w2)} : tensor<3x1x1x4xf32>}}> : () -> tensor<3x1x1x4xf32>
  %b2 = "tosa.const"() <{{values = {dense(b2)} : tensor<3xf32>}}> : () -> tensor<3xf32>
  %c2 = tosa.conv2d %a, %w2, %b2, %zp, %zp {{acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}} : (tensor<1x6x6x4xf32>, tensor<3x1x1x4xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x3xf32>
  return %c2 : tensor<1x6x6x3xf32>
}}
"""
samples = rng.uniform(0, 1, (16, 1, 6, 6, 2)).astype(np.float32)
test = samples[0]

calibrated = calibrate(model, samples)

program = with_driver(calibrated, float_driver("pact", test, (1, 6, 6, 3)))
floating = run_f32_program(program, *FLOAT_PIPELINE)
folded = run_f32_program(program, "--fxp-f8net")
unfolded = run_f32_program(program, "--fxp-f8net=fold-pact=false")
scale = np.max(np.abs(floating))
error_folded = np.max(np.abs(folded - floating)) / scale
error_unfolded = np.max(np.abs(unfolded - floating)) / scale
print(f"max error vs float: folded {100 * error_folded:.2f}%, "
      f"unfolded {100 * error_unfolded:.2f}% of {scale:.3f}")

quantized = fxp_opt(calibrated, "--fxp-f8net")
assert "fxp.clamp" not in quantized
fl = int(np.floor(np.log2(255 / alpha)))
assert f"!fxp.fixed<u8, {fl}>" in quantized, quantized
assert error_folded < 0.03, "PACT-folded model too far from float"
assert error_unfolded < 0.03, "unfolded model too far from float"
print("f8net pact: passed")
