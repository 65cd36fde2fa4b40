# RUN: %python %s
"""Depthwise convolution and max pooling end to end: a float TOSA model
depthwise_conv2d (channel multiplier 2) -> ReLU6 -> max_pool2d -> conv2d,
calibrated, quantized by --fxp-f8net (which turns the HWCM depthwise weights
into grouped OHWI ones) and run, stays within 3% of float; so does its
16-bit minmax version within 0.1%."""

import numpy as np

from fxp.tools import (dense, FLOAT_PIPELINE, calibrate, float_driver, fxp_opt,
                       run_f32_program, with_driver)

rng = np.random.default_rng(5)
dw = rng.normal(0, 0.5, (3, 3, 2, 2)).astype(np.float32)   # KH KW C M
dwb = rng.normal(0, 0.1, (4,)).astype(np.float32)
pw = rng.normal(0, 0.5, (3, 1, 1, 4)).astype(np.float32)   # O H W I
pwb = rng.normal(0, 0.1, (3,)).astype(np.float32)


model = f"""
func.func @net(%x: tensor<1x6x6x2xf32>) -> tensor<1x3x3x3xf32> {{
  %zp = "tosa.const"() <{{values = dense<0.0> : tensor<1xf32>}}> : () -> tensor<1xf32>
  %dw = "tosa.const"() <{{values = {dense(dw)} : tensor<3x3x2x2xf32>}}> : () -> tensor<3x3x2x2xf32>
  %dwb = "tosa.const"() <{{values = {dense(dwb)} : tensor<4xf32>}}> : () -> tensor<4xf32>
  %d = tosa.depthwise_conv2d %x, %dw, %dwb, %zp, %zp {{acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>}} : (tensor<1x6x6x2xf32>, tensor<3x3x2x2xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x4xf32>
  %r = tosa.clamp %d {{min_val = 0.0 : f32, max_val = 6.0 : f32}} : (tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  %p = tosa.max_pool2d %r {{kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}} : (tensor<1x6x6x4xf32>) -> tensor<1x3x3x4xf32>
  %pw = "tosa.const"() <{{values = {dense(pw)} : tensor<3x1x1x4xf32>}}> : () -> tensor<3x1x1x4xf32>
  %pwb = "tosa.const"() <{{values = {dense(pwb)} : tensor<3xf32>}}> : () -> tensor<3xf32>
  %y = tosa.conv2d %p, %pw, %pwb, %zp, %zp {{acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}} : (tensor<1x3x3x4xf32>, tensor<3x1x1x4xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x3xf32>
  return %y : tensor<1x3x3x3xf32>
}}
"""
samples = rng.uniform(0, 1, (8, 1, 6, 6, 2)).astype(np.float32)
program = with_driver(calibrate(model, samples),
                      float_driver("net", samples[0], (1, 3, 3, 3)))
floating = run_f32_program(program, *FLOAT_PIPELINE)
scale = np.max(np.abs(floating))
quantized = fxp_opt(program, "--fxp-f8net")
assert "groups = 2" in quantized, "the depthwise conv is not grouped"
assert "fxp.max_pool2d" in quantized
for options, tolerance in (("", 0.03), ("=weight-width=16 activation-width=16 rule=minmax", 0.001)):
    fixed = run_f32_program(program, "--fxp-f8net" + options)
    error = np.max(np.abs(fixed - floating)) / scale
    print(f"--fxp-f8net{options}: max error {100 * error:.3f}% of {scale:.3f}")
    assert error <= tolerance, "too far from float"
print("f8net depthwise: passed")
