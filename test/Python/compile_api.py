# RUN: %python %s
"""The Python API on an ONNX model (conv, ReLU, conv, residual add, max
pool, global average pool): fxp.compile for the host, float and integer
entry points over any batch, the fast object bit-identical to the reference
lowering's, the float entry point the integer one between quantization and
dequantization, and the float baseline close to the fixed-point model."""

import os

import numpy as np

import fxp
from fxp.tools import ROOT, ToolError

MODEL = os.path.join(ROOT, "test", "Target", "ONNX", "Inputs", "residual_block.onnx")

rng = np.random.default_rng(1)
calibration = rng.random((16, 2, 4, 4), np.float32)
images = rng.random((7, 2, 4, 4), np.float32)

fast = fxp.compile(MODEL, calibration=calibration, target="host")
reference = fxp.compile(MODEL, calibration=calibration, reference=True)
baseline = fxp.compile(MODEL, float_model=True)

(x,), (y,) = fast.inputs, fast.outputs
assert (x.name, x.shape, x.bits, x.signed) == ("x", (1, 2, 4, 4), 8, False), vars(x)
assert y.shape == (1, 2, 1, 1), vars(y)
assert fast.report and any(e["source"] == "stats" for e in fast.report)
# The rules reach the report: mse by default, weight_rule for the weights.
assert {e["rule"] for e in fast.report if e["source"] in ("stats", "weights")} == {"mse"}
split = fxp.compile(MODEL, calibration=calibration, rule="std", weight_rule="minmax")
assert {(e["source"], e["rule"]) for e in split.report
        if e["source"] in ("stats", "weights")} == {("stats", "std"), ("weights", "minmax")}

# Bit for bit: fast vs reference lowering, on inputs of every stored value.
q = rng.integers(0, 256, (7, 2, 4, 4)).astype(np.uint8)
assert np.array_equal(fast.run_int(q), reference.run_int(q))
assert np.array_equal(fast(images), reference(images))

# The float entry point is quantize, the integer one, dequantize.
expected = fast.dequantize(fast.run_int(fast.quantize(images)))
assert np.array_equal(fast(images).astype(np.float64), expected)

# A batch of one and of zero images.
assert np.array_equal(fast(images[:1]), fast(images)[:1])
assert fast(images[:0]).shape == (0, 2, 1, 1)

# Fixed point stays within 2% of float's range (8-bit outputs with FL 1).
err = np.abs(fast(images) - baseline(images)).max()
assert err < 0.02 * np.abs(baseline(images)).max(), err
assert fxp.agreement(fast(images).reshape(7, 2), baseline(images).reshape(7, 2)) >= 70
assert abs(fxp.accuracy(np.eye(3), np.array([0, 1, 0])) - 200 / 3) < 1e-9

# Errors: a wrong image shape, a failing compilation.
try:
    fast(images[:, :1])
    raise AssertionError("a wrong shape was accepted")
except ValueError as error:
    assert "needs shape (N, 2, 4, 4)" in str(error), error
try:
    fxp.compile(MODEL, calibration=calibration[:, :1])
    raise AssertionError("a wrong calibration shape was accepted")
except ToolError as error:
    assert "has shape (16, 1, 4, 4)" in str(error), error

# Cross-compiling returns the object.
path = fxp.compile(MODEL, calibration=calibration, target="aarch64-dotprod")
with open(path, "rb") as f:
    assert f.read(4) == b"\x7fELF"
print("ok")
