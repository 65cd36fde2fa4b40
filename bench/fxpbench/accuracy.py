"""Accuracy of F8Net fixed point against float and against affine int8.

For each small Fashion-MNIST model of fxpbench.fashion (trained once and
cached), the ONNX export is imported into float TOSA (fxp-translate),
calibrated on the first 500 training images (fxp-calibrate) and quantized
with --fxp-f8net at 8 bits with every rule (per-tensor and per-channel
weights: "pc"), at 16 bits, at w4a8 and at w4a4 ("bc": with
--fxp-correct-bias, "nf": without PACT folding); each build is compiled through the fast lowering and run on the 10k
test images. The baseline is onnxruntime's static int8 quantization
simulated in numpy on the same float TOSA and calibration images: u8
asymmetric per-tensor activations (min/max, zero included), s8 symmetric
per-tensor weights, int32 bias at the product scale. Prints accuracy,
change from float and agreement with float's predictions.

    bench/accuracy/run.sh [--filter REGEX]
"""

import argparse
import ctypes
import os
import re
import sys

import numpy as np

from fxp.tools import calibrate, import_onnx

from fxpbench import fashion, toolchain

# (label, --fxp-f8net options): "pc" are per-channel weights (the default),
# the others per-tensor. The 16-bit build carries no clipping decision:
# minmax.
SETTINGS = [
    ("8 std", "rule=std per-channel-weights=false"),
    ("8 std auto", "rule=std std-range=auto per-channel-weights=false"),
    ("8 mse", "rule=mse per-channel-weights=false"),
    ("8 mse/std", "rule=mse weight-rule=std per-channel-weights=false"),
    ("8 mse/minmax", "rule=mse weight-rule=minmax per-channel-weights=false"),
    ("8 minmax", "rule=minmax per-channel-weights=false"),
    ("8 std 64/49", "rule=std rescale-global-pool=true per-channel-weights=false"),
    ("8 std pc", "rule=std"),
    ("8 mse pc", "rule=mse"),
    ("8 mse pc bc", "rule=mse correct-bias=true"),
    ("8 mse/std pc", "rule=mse weight-rule=std"),
    ("8 mse/minmax pc", "rule=mse weight-rule=minmax"),
    ("8 minmax pc", "rule=minmax"),
    ("16 minmax", "rule=minmax weight-width=16 activation-width=16 per-channel-weights=false"),
    ("w4a8 std", "rule=std weight-width=4 per-channel-weights=false"),
    ("w4a8 mse", "rule=mse weight-width=4 per-channel-weights=false"),
    ("w4a8 minmax", "rule=minmax weight-width=4 per-channel-weights=false"),
    ("w4a8 std pc", "rule=std weight-width=4"),
    ("w4a8 mse pc", "rule=mse weight-width=4"),
    ("w4a8 mse pc bc", "rule=mse weight-width=4 correct-bias=true"),
    ("w4a8 mse pc bc nf", "rule=mse weight-width=4 correct-bias=true fold-pact=false"),
    ("w4a4 std", "rule=std weight-width=4 activation-width=4 per-channel-weights=false"),
    ("w4a4 mse", "rule=mse weight-width=4 activation-width=4 per-channel-weights=false"),
    ("w4a4 minmax", "rule=minmax weight-width=4 activation-width=4 per-channel-weights=false"),
    ("w4a4 mse pc",
     "rule=mse weight-width=4 activation-width=4"),
    ("w4a4 mse pc bc",
     "rule=mse weight-width=4 activation-width=4 correct-bias=true"),
]

#===----------------------------------------------------------------------===#
# A numpy interpreter of the float TOSA that fxp-translate imports
#===----------------------------------------------------------------------===#

_OP = re.compile(r"^\s*(%\w+) = \"?tosa\.(\w+)\"?(.*)$")
_RESULT_TYPE = re.compile(r"-> (?:tensor<([0-9x]*)xf32>|!tosa\.shape<\d+>)$")


def _dense(text, shape):
    """The values of `dense<...>` with element type f32 or index."""
    body = re.search(r"dense<(.*)> : tensor<", text).group(1)
    if body.startswith('"0x'):
        data = bytes.fromhex(body[3:-1])
        return np.frombuffer(data, np.float32).reshape(shape).copy()
    values = np.array([float(v) for v in re.findall(r"[-+0-9.eE]+", body)],
                      np.float32)
    return np.broadcast_to(values, shape).copy() if values.size == 1 else values.reshape(shape)


def _array(attrs, name):
    match = re.search(name + r" = array<i64: ([-0-9, ]+)>", attrs)
    return [int(v) for v in match.group(1).split(",")]


def _float_attr(attrs, name):
    return float(re.search(name + r" = ([-+0-9.eE]+)", attrs).group(1))


def parse(text):
    """[(result, op, operands, attrs, shape)] of the model function."""
    ops = []
    for line in text.splitlines():
        match = _OP.match(line)
        if match:
            result, op, rest = match.groups()
            operands = re.findall(r"%\w+", rest.split(":")[0].split("{")[0]
                                  if op not in ("const", "const_shape") else "")
            type_match = re.search(r"-> tensor<([0-9x]*)xf32>\s*$", rest)
            shape = ([int(d) for d in type_match.group(1).split("x") if d]
                     if type_match else None)
            ops.append((result, op, operands, rest, shape))
        elif line.strip().startswith("return"):
            ops.append((None, "return", re.findall(r"%\w+", line.split(":")[0]), "", None))
    return ops


def _pad(x, pad):
    top, bottom, left, right = pad
    return np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)))


def _patches(x, kh, kw, stride):
    """N x OH x OW x KH x KW x C windows of padded NHWC `x`."""
    n, h, w, c = x.shape
    oh, ow = (h - kh) // stride[0] + 1, (w - kw) // stride[1] + 1
    s = x.strides
    return np.lib.stride_tricks.as_strided(
        x, (n, oh, ow, kh, kw, c),
        (s[0], s[1] * stride[0], s[2] * stride[1], s[1], s[2], s[3]))


class Interpreter:
    """Runs the parsed model on a batch. `fake_quant(name, value, role)`,
    when given, replaces each contraction's, add's and pool's input value
    (role "activation"), weights ("weight", with the value) and bias
    ("bias", with the scale product) by their quantized values."""

    def __init__(self, text):
        self.ops = parse(text)
        self.inputs = re.search(r"func\.func @\w+\((%\w+)", text).group(1)

    def run(self, x, observe=None, fake_quant=None):
        env = {self.inputs: x}

        def act(name):
            value = env[name]
            if observe:
                observe(name, value)
            return fake_quant(name, value) if fake_quant else value

        for result, op, operands, attrs, shape in self.ops:
            if op == "return":
                return env[operands[0]]
            if op == "const":
                env[result] = _dense(attrs, shape)
            elif op == "const_shape":
                env[result] = [int(v) for v in re.search(
                    r"dense<\[?([-0-9, ]+)\]?>", attrs).group(1).split(",")]
            elif op in ("conv2d", "depthwise_conv2d"):
                x, w, b = act(operands[0]), env[operands[1]], env[operands[2]]
                stride, pad = _array(attrs, "stride"), _array(attrs, "pad")
                depthwise = op == "depthwise_conv2d"
                # Conv weights are OHWI, depthwise HWCM (M = 1 here).
                kh, kw = (w.shape[0], w.shape[1]) if depthwise else (w.shape[1], w.shape[2])
                if fake_quant:
                    w, scale = fake_quant(operands[1], w, "weight")
                    b = fake_quant(operands[2], b, "bias", env_scale=scale,
                                   input_name=operands[0])
                p = _patches(_pad(x, pad), kh, kw, stride)
                if depthwise:
                    env[result] = np.einsum("nhwijc,ijc->nhwc", p, w[..., 0]) + b
                else:
                    env[result] = np.tensordot(p, w, axes=([3, 4, 5], [1, 2, 3])) + b
            elif op == "matmul":
                a, w = act(operands[0]), env[operands[1]]
                if fake_quant:
                    w, _ = fake_quant(operands[1], w, "weight")
                env[result] = np.matmul(a, w)
            elif op == "add":
                a, b = env[operands[0]], env[operands[1]]
                # A bias add after a matmul adds a constant: keep it exact
                # (onnxruntime folds it into the int32 bias).
                if a.ndim == b.ndim and a.shape == b.shape:
                    a, b = act(operands[0]), act(operands[1])
                env[result] = a + b
            elif op == "clamp":
                env[result] = np.clip(env[operands[0]], _float_attr(attrs, "min_val"),
                                      _float_attr(attrs, "max_val"))
            elif op == "max_pool2d":
                kh, kw = _array(attrs, "kernel")
                p = _patches(_pad(env[operands[0]], _array(attrs, "pad")), kh, kw,
                             _array(attrs, "stride"))
                env[result] = p.max(axis=(3, 4))
            elif op == "avg_pool2d":
                kh, kw = _array(attrs, "kernel")
                assert _array(attrs, "pad") == [0, 0, 0, 0]
                p = _patches(act(operands[0]), kh, kw, _array(attrs, "stride"))
                env[result] = p.mean(axis=(3, 4))
            elif op == "reshape":
                env[result] = env[operands[0]].reshape(env[operands[1]])
            elif op == "slice":
                start, size = env[operands[1]], env[operands[2]]
                env[result] = env[operands[0]][tuple(
                    slice(s, s + n) for s, n in zip(start, size))]
            elif op == "transpose":
                env[result] = env[operands[0]].transpose(_array(attrs, "perms"))
            else:
                raise NotImplementedError(f"tosa.{op}")
        raise ValueError("no return")


class AffineInt8:
    """onnxruntime's static quantization defaults, simulated: per-tensor
    min/max ranges (zero included) from the calibration images."""

    def __init__(self, model, calibration, batch):
        self.model, self.ranges = model, {}
        for i in range(0, len(calibration), batch):
            model.run(calibration[i:i + batch], observe=self._observe)

    def _observe(self, name, value):
        lo, hi = self.ranges.get(name, (0.0, 0.0))
        self.ranges[name] = (min(lo, float(value.min())), max(hi, float(value.max())))

    def _activation_scale(self, name):
        lo, hi = self.ranges[name]
        scale = (hi - lo) / 255 or 1.0
        return scale, np.round(-lo / scale)

    def _fake_quant(self, name, value, role="activation", env_scale=None,
                    input_name=None):
        if role == "weight":
            scale = float(np.abs(value).max()) / 127 or 1.0
            return np.clip(np.round(value / scale), -127, 127) * scale, scale
        if role == "bias":
            scale = self._activation_scale(input_name)[0] * env_scale
            return np.round(value / scale) * scale
        scale, zero = self._activation_scale(name)
        q = np.clip(np.round(value / scale) + zero, 0, 255)
        return ((q - zero) * scale).astype(np.float32)

    def run(self, x):
        return self.model.run(x, fake_quant=self._fake_quant)


#===----------------------------------------------------------------------===#
# fxp builds
#===----------------------------------------------------------------------===#

class Compiled:
    """A model function compiled to a shared object: f32 NCHW in, f32
    logits out."""

    def __init__(self, text, passes, function):
        # Results returned (not out-parameters): the C interface's wrapper
        # takes the result descriptor first.
        ll = toolchain.llvm_ir(text, [*passes, "--llvm-request-c-wrappers",
                                      "--fxp-lower-to-llvm"])
        self.lib = ctypes.CDLL(toolchain.shared_object(ll))
        self.fn = getattr(self.lib, "_mlir_ciface_" + function)
        self.libc = ctypes.CDLL(None)

    def __call__(self, x):
        x = np.ascontiguousarray(x, np.float32)
        In, Out = toolchain.memref_type(x.ndim), toolchain.memref_type(2)
        strides = [int(s // 4) for s in x.strides]
        arg = In(x.ctypes.data, x.ctypes.data, 0, (ctypes.c_int64 * x.ndim)(*x.shape),
                 (ctypes.c_int64 * x.ndim)(*strides))
        out = Out()
        self.fn(ctypes.byref(out), ctypes.byref(arg))
        rows, cols = out.sizes[0], out.sizes[1]
        data = ctypes.cast(out.aligned, ctypes.POINTER(ctypes.c_float))
        result = np.ctypeslib.as_array(data, shape=(out.offset + rows * cols,))
        result = result[out.offset:].reshape(rows, cols).copy()
        self.libc.free(ctypes.c_void_p(out.allocated))
        return result


def batched(run, x, batch):
    return np.concatenate([run(x[i:i + batch]) for i in range(0, len(x), batch)])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--filter", default="",
                        help="only models whose name matches this regex")
    parser.add_argument("--settings", default="",
                        help="only settings whose label matches this regex")
    args = parser.parse_args(argv)
    data = fashion.load()
    x_train, _, x_test, y_test = data
    names = [n for n in fashion.NAMES if re.search(args.filter, n)]
    fashion.ensure_trained(names, data)
    calibration = x_train[:fashion.CALIBRATION]
    batch = fashion.BATCH

    print(f"{'model':<12} {'setting':<14} {'accuracy %':>10} {'vs float':>9} "
          f"{'agreement %':>12}", flush=True)
    for name in names:
        float_logits = np.load(fashion.float_logits_path(name))
        float_pred = float_logits.argmax(1)

        def row(setting, logits):
            pred = logits.argmax(1)
            accuracy = 100 * np.mean(pred == y_test)
            change = accuracy - 100 * np.mean(float_pred == y_test)
            print(f"{name:<12} {setting:<14} {accuracy:>10.2f} {change:>+9.2f} "
                  f"{100 * np.mean(pred == float_pred):>12.2f}", flush=True)

        row("float (torch)", float_logits)
        model = import_onnx(fashion.onnx_path(name))
        function = re.search(r"func\.func @(\w+)", model).group(1)
        interpreter = Interpreter(model)
        row("float (numpy)", batched(interpreter.run, x_test, batch))
        row("affine int8", batched(AffineInt8(interpreter, calibration, batch).run,
                                   x_test, batch))
        samples = calibration[:len(calibration) // batch * batch].reshape(
            -1, batch, *calibration.shape[1:])
        calibrated_path = toolchain.cached(
            [model, toolchain._stamp(toolchain.FXP_OPT), "calibrated"], ".mlir",
            lambda path: open(path, "w").write(calibrate(model, samples)))
        calibrated = open(calibrated_path).read()
        for setting, options in SETTINGS:
            if not re.search(args.settings, setting):
                continue
            print(f"fxp bench: {name} {setting}", file=sys.stderr, flush=True)
            compiled = Compiled(calibrated, [f"--fxp-f8net={options}"], function)
            row(setting, batched(compiled, x_test, batch))


if __name__ == "__main__":
    main()
