"""Differential testing of the F8Net passes: random float TOSA models
(convolutions, depthwise convolutions with BatchNorm, ReLU/ReLU6/PACT
clippings, pools, residual adds, a fully connected layer) are calibrated,
quantized with --fxp-f8net at 16 bits (minmax rule, with and without PACT
folding) and run next to the float model. Quantization at 16 bits is fine
enough that any error in the passes' semantics (layouts, folding, scales,
formats) stands out against the tolerance.

    python3 -m fxp.model_fuzz --seed 1 --count 20

prints the failing models and `N passed, M failed`.
"""

import argparse
import sys

import numpy as np

from fxp.tools import (dense, FLOAT_PIPELINE, ToolError, calibrate, float_driver,
                       run_f32_program, with_driver)


class ModelBuilder:
    def __init__(self, rng, size, channels):
        self.rng = rng
        self.lines = ['  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>',
                      '  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>']
        self.count = 0
        self.shape = [1, size, size, channels]
        self.value = "%x"
        self.clipped = []  # (value, shape) of earlier activations, for residuals
        self.description = []

    def name(self):
        self.count += 1
        return f"%v{self.count}"

    def type(self, shape):
        return "tensor<" + "x".join(map(str, shape)) + "xf32>"

    def const(self, values):
        name = self.name()
        t = self.type(values.shape)
        self.lines.append(f'  {name} = "tosa.const"() <{{values = {dense(values)} : {t}}}> : () -> {t}')
        return name

    def emit(self, text, shape):
        name = self.name()
        self.lines.append(f"  {name} = {text} -> {self.type(shape)}")
        self.value, self.shape = name, shape
        return name

    def conv(self, depthwise):
        rng = self.rng
        n, h, w, c = self.shape
        k = int(rng.integers(1, 4))
        pad = [k // 2] * 4 if rng.random() < 0.7 else [0] * 4
        # TOSA wants the strided window to fit exactly.
        stride = 2 if (h >= 4 and rng.random() < 0.4 and (h + 2 * pad[0] - k) % 2 == 0
                       and (w + 2 * pad[2] - k) % 2 == 0) else 1
        if depthwise:
            m = int(rng.integers(1, 3))
            out = c * m
            weights = rng.normal(0, 1 / np.sqrt(k * k), (k, k, c, m))
            op = "tosa.depthwise_conv2d"
        else:
            out = int(rng.integers(2, 5))
            weights = rng.normal(0, 1 / np.sqrt(k * k * c), (out, k, k, c))
            op = "tosa.conv2d"
        oh = (h + pad[0] + pad[1] - k) // stride + 1
        ow = (w + pad[2] + pad[3] - k) // stride + 1
        if oh < 1 or ow < 1:
            return
        wv, bv = self.const(weights), self.const(rng.normal(0, 0.1, (out,)))
        shape = [n, oh, ow, out]
        self.emit(f"{op} {self.value}, {wv}, {bv}, %zp, %zp {{acc_type = f32, "
                  f"dilation = array<i64: 1, 1>, pad = array<i64: {', '.join(map(str, pad))}>, "
                  f"stride = array<i64: {stride}, {stride}>}} : ({self.type(self.shape)}, "
                  f"{self.type(weights.shape)}, {self.type((out,))}, tensor<1xf32>, "
                  f"tensor<1xf32>)", shape)
        self.description.append(f"{op.split('.')[1]}(k{k}s{stride})")
        if rng.random() < 0.5:  # BatchNorm
            s = self.const(rng.uniform(0.5, 1.5, (1, 1, 1, out)))
            t = self.const(rng.normal(0, 0.2, (1, 1, 1, out)))
            self.emit(f"tosa.mul {self.value}, {s}, %shift : ({self.type(shape)}, "
                      f"{self.type((1, 1, 1, out))}, tensor<1xi8>)", shape)
            self.emit(f"tosa.add {self.value}, {t} : ({self.type(shape)}, "
                      f"{self.type((1, 1, 1, out))})", shape)
            self.description.append("bn")
        self.clip()

    def clip(self):
        rng = self.rng
        kind = rng.choice(["relu", "relu6", "pact", "none"], p=[0.35, 0.2, 0.3, 0.15])
        if kind == "none":
            return
        high = {"relu": 3.4028235e38, "relu6": 6.0,
                "pact": float(np.float32(rng.uniform(0.5, 2.0)))}[kind]
        self.emit(f"tosa.clamp {self.value} {{min_val = 0.0 : f32, max_val = {high:.9e} : f32}} : "
                  f"({self.type(self.shape)})", self.shape)
        self.description.append(kind)
        self.clipped.append((self.value, list(self.shape)))

    def pool(self):
        n, h, w, c = self.shape
        if h < 2 or w < 2 or h % 2 or w % 2:
            return
        op = "tosa.max_pool2d" if self.rng.random() < 0.5 else "tosa.avg_pool2d"
        shape = [n, h // 2, w // 2, c]
        operands = self.value + (", %zp, %zp" if "avg" in op else "")
        types = self.type(self.shape) + (", tensor<1xf32>, tensor<1xf32>" if "avg" in op else "")
        acc = " acc_type = f32," if "avg" in op else ""
        self.emit(f"{op} {operands} {{{acc} kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, "
                  f"stride = array<i64: 2, 2>}} : ({types})", shape)
        self.description.append(op.split(".")[1])

    def residual(self):
        # A shortcut from an earlier clipped activation of the same shape,
        # through a conv so that one branch is free to share the scale.
        same = [v for v, s in self.clipped[:-1] if s == self.shape]
        if not same or self.value == same[-1]:
            return
        shape = list(self.shape)
        self.emit(f"tosa.add {self.value}, {same[-1]} : ({self.type(shape)}, {self.type(shape)})",
                  shape)
        self.description.append("residual")
        self.clip()

    def head(self, classes):
        n, h, w, c = self.shape
        features = h * w * c
        shape_name = self.name()
        self.lines.append(f"  {shape_name} = tosa.const_shape {{values = dense<[1, 1, {features}]> : "
                          f"tensor<3xindex>}} : () -> !tosa.shape<3>")
        self.emit(f"tosa.reshape {self.value}, {shape_name} : ({self.type(self.shape)}, "
                  f"!tosa.shape<3>)", [1, 1, features])
        wv = self.const(self.rng.normal(0, 1 / np.sqrt(features), (1, features, classes)))
        self.emit(f"tosa.matmul {self.value}, {wv}, %zp, %zp : ({self.type([1, 1, features])}, "
                  f"{self.type([1, features, classes])}, tensor<1xf32>, tensor<1xf32>)",
                  [1, 1, classes])
        bv = self.const(self.rng.normal(0, 0.1, (1, 1, classes)))
        self.emit(f"tosa.add {self.value}, {bv} : ({self.type([1, 1, classes])}, "
                  f"{self.type([1, 1, classes])})", [1, 1, classes])
        self.description.append("fc")


def make_model(rng):
    size, channels, classes = int(rng.integers(4, 8)), int(rng.integers(1, 4)), 4
    b = ModelBuilder(rng, size, channels)
    for _ in range(int(rng.integers(1, 4))):
        r = rng.random()
        if r < 0.55:
            b.conv(depthwise=False)
        elif r < 0.75:
            b.conv(depthwise=True)
        elif r < 0.85:
            b.pool()
        else:
            b.conv(depthwise=False)
            b.residual()
    b.head(classes)
    in_type = b.type([1, size, size, channels])
    text = (f"func.func @model(%x: {in_type}) -> {b.type([1, 1, classes])} {{\n"
            + "\n".join(b.lines) + f"\n  return {b.value} : {b.type([1, 1, classes])}\n}}\n")
    return text, (1, size, size, channels), classes, " ".join(b.description)


def check(rng, tolerance):
    """Returns None on success, else a message."""
    text, shape, classes, description = make_model(rng)
    samples = rng.uniform(0, 1, (8,) + shape).astype(np.float32)
    try:
        program = with_driver(calibrate(text, samples),
                              float_driver("model", samples[0], (1, 1, classes)))
        floating = run_f32_program(program, *FLOAT_PIPELINE)
        scale = max(np.max(np.abs(floating)), 1e-3)
        for options in ("", " fold-pact=false"):
            fixed = run_f32_program(
                program, "--fxp-f8net=weight-width=16 activation-width=16 rule=minmax"
                + options)
            error = np.max(np.abs(fixed - floating)) / scale
            if not error <= tolerance:
                return (f"{description}{options}: error {100 * error:.3f}% of {scale:.3g}\n"
                        f"{text}")
    except ToolError as error:
        return f"{description}: {error}\n{text}"
    return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--tolerance", type=float, default=0.5,
                        help="allowed error in percent of the float output range")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    failed = 0
    for i in range(args.count):
        message = check(rng, args.tolerance / 100)
        if message:
            failed += 1
            print(f"FAIL model {i}: {message}")
    print(f"{args.count - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
