# RUN: %python %s %fxp_src/test/Transforms/Inputs/tiny_resnet.mlir 8 std 3
# RUN: %python %s %fxp_src/test/Transforms/Inputs/tiny_resnet.mlir 8 minmax 3
# RUN: %python %s %fxp_src/test/Transforms/Inputs/tiny_resnet.mlir 16 minmax 0.1
# RUN: %python %s %fxp_src/test/Transforms/Inputs/tiny_resnet.mlir 4 std 60
"""End to end: a float TOSA ResNet block, calibrated with fxp-calibrate on
its input, through --fxp-f8net, lowered with --fxp-reference-to-llvm and
run, against

- a numpy simulation of F8Net's integer dataflow (fxp-spec.md section 6),
  built from python/fxp/reference.py with the formats the compiler chose:
  bit for bit;
- the float model (--tosa-to-linalg-pipeline): within a tolerance in
  percent of the float logits' range (3% at 8 bits; 0.1% at 16 bits with
  the minmax rule, since the std rule clips at about 3.7 sigma at every
  width; 4-bit results are checked for exactness, loosely for closeness).

Arguments: the model, the weight and activation width, the
fractional-length rule, the tolerance in percent.

It also checks the integer code: floats only at the input quantization and
the output dequantization, and no integer multiply but the 8x8-bit products
of the conv and matmul reductions.
"""

import re
import sys

import numpy as np

from fxp import reference as ref
from fxp.reference import Fmt
from fxp.tools import (FLOAT_PIPELINE, calibrate, float_driver, fxp_opt,
                       run_f32_program, with_driver)

model_path = sys.argv[1]
width = int(sys.argv[2])
rule = sys.argv[3]
tolerance = float(sys.argv[4]) / 100
committed = open(model_path).read()
# Per-tensor weights, every layer at one width: the simulation is F8Net's
# dataflow.
options = (f"weight-width={width} activation-width={width} rule={rule} "
           "per-channel-weights=false first-last-weight-width=0")
# With and without PACT folding (ReLU6, shared with the residual branch).
f8net = [f"--fxp-f8net={options} fold-pact=false"]
f8net_folded = [f"--fxp-f8net={options}"]

rng = np.random.default_rng(7)
x = (rng.integers(0, 256, size=(1, 4, 4, 2)) / 256.0).astype(np.float32)

# Calibrate the model without its statistics on the input sample; the
# statistics must be those committed in the model (measured with numpy).
# Statistics alone in an attribute dictionary, or after other attributes.
STATS = r"\s*\{fxp\.stats = #fxp\.stats<[^>]*>\}|,\s*fxp\.stats = #fxp\.stats<[^>]*>"
model = calibrate(re.sub(STATS, "", committed), x[None])


def stats_on(text, marker):
    """The statistics on the lines containing `marker`, in order."""
    found = []
    for line in text.splitlines():
        m = re.search(r"#fxp\.stats<([^>]*)>", line)
        if marker in line and m:
            # The scalar fields; a histogram may follow.
            found.append({k: float(v) for k, v in
                          re.findall(r"(\w+) = (-?[0-9.eE+-]+)(?=,|$)", m.group(1))})
    return found


for marker in ("func.func @tiny_resnet", "tosa.clamp", "tosa.add"):
    calibrated, measured = stats_on(model, marker), stats_on(committed, marker)
    assert len(calibrated) == len(measured) > 0, marker
    for got, want in zip(calibrated, measured):
        for key in ("mean", "std", "min", "max", "count"):
            assert abs(got[key] - want[key]) <= 1e-4 * max(1.0, abs(want[key])), \
                (marker, key, got, want)


program = with_driver(model, float_driver("tiny_resnet", x, (1, 1, 3)))
fixed = run_f32_program(program, *f8net)
folded = run_f32_program(program, *f8net_folded)
floating = run_f32_program(program, *FLOAT_PIPELINE)

def fmt(text):
    s, w, fl = re.match(r"!fxp.fixed<([su])(\d+), (-?\d+)>", text).groups()
    return Fmt(int(w), s == "s", int(fl))


# --- The float weights, BatchNorm folded in f32 as the compiler does ------
def const(name, shape):
    m = re.search(rf"%{name} = .*?dense<(.*?)> : tensor<", committed)
    return np.array(eval(m.group(1)), dtype=np.float32).reshape(shape)


w1 = const("w1", (2, 3, 3, 2)) * const("bn_s", (2,))[:, None, None, None]
b1 = const("b1", (2,)) * const("bn_s", (2,)) + const("bn_t", (2,))
w2, b2 = const("w2", (2, 1, 1, 2)), const("b2", (2,))
w3, b3 = const("w3", (2, 3)), const("b3", (3,))
ALPHA = 6.0  # the ReLU6 after the first conv
# It folds at the smaller of alpha and its calibrated maximum
# (--fxp-fold-pact level=calibrated, the default).
LEVEL = min(ALPHA, stats_on(model, "tosa.clamp")[0]["max"])


def quantize_all(values, f):
    return ref.elementwise(lambda v: ref.quantize(float(v), f), values)


def bias(values, acc_fl):
    return quantize_all(values, Fmt(32, True, acc_fl))


def rescale(values, factor):
    """Float weights times a PACT factor, rounded to f32 as the compiler does."""
    if factor == 1.0:
        return values
    return (values.astype(np.float64) * factor).astype(np.float32)


def simulate(quantized, folded):
    """F8Net's integer dataflow (spec section 6) with the formats the
    compiler chose in `quantized`; with PACT folding at LEVEL, fs scales
    the weights:
    conv1 by 1/fs (bias too), conv2's bias by 1/fs (it shares the residual
    branch's scale), the FC weights by fs."""
    def formats(op):
        return [fmt(re.findall(r"!fxp\.fixed<[^>]*>", l)[-1])
                for l in quantized.splitlines() if f"= fxp.{op} " in l]

    def constant_format(shape):
        line = next(l for l in quantized.splitlines()
                    if "fxp.constant" in l and f"-> tensor<{shape}x!fxp" in l)
        return fmt(re.findall(r"!fxp\.fixed<[^>]*>", line)[-1])

    fx0 = formats("quantize")[0]
    fx1, fx2 = [f for f in formats("cast") if f.width == width]  # activations
    fw1, fw2, fw3 = (constant_format(s) for s in ("2x3x3x2", "2x1x1x2", "2x3"))
    acc1_fmt, acc2_fmt = formats("conv2d")
    acc3_fmt = formats("matmul")[0]
    sum_fmt = formats("add")[0]
    assert acc1_fmt.fl == fx0.fl + fw1.fl and acc2_fmt.fl == fx1.fl + fw2.fl
    assert sum_fmt.fl == max(fx1.fl, acc2_fmt.fl)
    fs = 2.0**fx1.fl * LEVEL / (2**width - 1) if folded else 1.0

    X0 = quantize_all(x, fx0)                                   # pixels
    A1 = ref.conv2d(X0, fx0, quantize_all(rescale(w1, 1 / fs), fw1), fw1, acc1_fmt,
                    bias(rescale(b1, 1 / fs), acc1_fmt.fl), acc1_fmt, pad=(1, 1, 1, 1))
    A1 = ref.elementwise(lambda q: ref.clamp(q, acc1_fmt, 0.0, ALPHA / fs), A1)
    X1 = ref.elementwise(lambda q: ref.f8net_requant(q, acc1_fmt.fl - fx1.fl, fx1), A1)
    A2 = ref.conv2d(X1, fx1, quantize_all(w2, fw2), fw2, acc2_fmt,
                    bias(rescale(b2, 1 / fs), acc2_fmt.fl), acc2_fmt)
    # Residual: conv2's accumulator plus the shortcut's 8-bit activation (the
    # value conv2 reads, as in F8Net), aligned to the larger FL in a width
    # that holds the sum.
    S = ref.elementwise(lambda a, b: ref.add(a, acc2_fmt, b, fx1, sum_fmt), A2, X1)
    S = ref.elementwise(lambda q: ref.relu(q, sum_fmt), S)
    X2 = ref.elementwise(lambda q: ref.f8net_requant(q, sum_fmt.fl - fx2.fl, fx2), S)
    P = ref.avg_pool2d(X2, fx2, fx2, (4, 4))
    L = ref.matmul(P.reshape(1, 2), fx2, quantize_all(rescale(w3, fs), fw3), fw3,
                   acc3_fmt, bias(b3, acc3_fmt.fl), acc3_fmt)
    print("formats:", fx0, fw1, fx1, fw2, fx2, fw3, f"fs = {fs:.6f}")
    return np.array([ref.dequantize(q, acc3_fmt, "f32") for q in L.flatten()],
                    dtype=np.float32)


scale = np.max(np.abs(floating))
print("float   :", floating)
for name, args, result in (("unfolded", f8net, fixed), ("PACT folded", f8net_folded, folded)):
    simulated = simulate(fxp_opt(committed, *args), name != "unfolded")
    print(f"{name:12}: {result}\n{'numpy':12}: {simulated}")
    assert np.array_equal(result.view(np.uint32), simulated.view(np.uint32)), \
        f"compiled F8Net dataflow ({name}) differs from the numpy simulation"
    error = np.max(np.abs(result - floating))
    print(f"max |fixed - float| = {error:.4f} ({100 * error / scale:.2f}% of {scale:.3f})")
    assert error <= tolerance * scale, f"{width}-bit result ({name}) too far from float"

# --- 8-bit-only multiplication: the integer code ---------------------------
lowered = fxp_opt(committed, *f8net_folded, "--convert-fxp-to-arith")
body = lowered.split("func.func @tiny_resnet")[1]
# Floats only at the boundary: the generic ops of the input quantize and of
# the output dequantize are the only ones with float operands.
generics = body.split("linalg.generic")[1:]
float_generics = [g for g in generics if re.search(r"arith\.(addf|subf|mulf|divf)", g)]
assert len(float_generics) == 2, len(float_generics)
assert "f32" in float_generics[0].split("\n")[0] and "f32" in float_generics[-1].split("\n")[0]
# Every integer multiply multiplies two 8-bit values extended in the same
# region (SSA names restart in every linalg.generic body).
definitions, muls = {}, 0
for line in body.splitlines():
    if "^bb0" in line:
        definitions = {}
    d = re.match(r"\s*(%\w+) = arith\.ext[su]i %\w+ : (i\d+) to", line)
    if d:
        definitions[d.group(1)] = d.group(2)
    m = re.search(r"arith\.muli (%\w+), (%\w+) : (i\d+)$", line.strip())
    if m:
        muls += 1
        for operand in m.group(1, 2):
            assert definitions.get(operand) == f"i{width}", \
                f"multiply operand {operand} is not a {width}-bit value: {line.strip()}"
assert muls == 3, muls  # two convs and the fully connected layer
print(f"{muls} integer multiplies, all {width}x{width}-bit")
print("f8net tiny resnet: passed")
