"""The main job on the bundled default: F8Net 8-bit fixed point vs float.

Takes the bundled float TOSA model (examples/digits/mlp.mlir, an MLP trained
on scikit-learn's 8x8 digits by examples/digits/train.py), calibrates it on
training images with fxp-calibrate, quantizes it with --fxp-f8net, compiles
the float and the fixed-point model ahead of time (fxp-opt, mlir-translate,
clang) into shared objects, runs both on the test images and prints their
accuracy and speed.

    python3 -m fxp.demo [--repeats N] [--min-accuracy PERCENT]
"""

import argparse
import ctypes
import ctypes.util
import os
import statistics
import sys
import tempfile
import time

import numpy as np

from fxp.tools import (FLOAT_PIPELINE, LLVM_BIN, ROOT, ToolError, calibrate,
                       fxp_opt, tool)

MODEL = os.path.join(ROOT, "examples", "digits", "mlp.mlir")


class MemRef3(ctypes.Structure):
    """A rank-3 memref descriptor of f32, as MLIR's C interface passes it."""
    _fields_ = [("allocated", ctypes.c_void_p), ("aligned", ctypes.c_void_p),
                ("offset", ctypes.c_int64), ("sizes", ctypes.c_int64 * 3),
                ("strides", ctypes.c_int64 * 3)]


def compile_model(model_text, passes, directory, name):
    """model -> LLVM dialect -> LLVM IR -> a shared object; returns its path."""
    lowered = fxp_opt(model_text, *passes, "--llvm-request-c-wrappers",
                      "--fxp-reference-to-llvm")
    ir = tool(os.path.join(LLVM_BIN, "mlir-translate"), "--mlir-to-llvmir",
              stdin=lowered)
    ll = os.path.join(directory, name + ".ll")
    so = os.path.join(directory, name + ".so")
    with open(ll, "w") as f:
        f.write(ir)
    tool(os.path.join(LLVM_BIN, "clang"), "-O2", "-shared", "-fPIC", ll, "-lm",
         "-o", so)
    return so


class CompiledModel:
    def __init__(self, path):
        self.lib = ctypes.CDLL(path)
        self.fn = self.lib._mlir_ciface_mlp
        self.fn.argtypes = [ctypes.POINTER(MemRef3), ctypes.POINTER(MemRef3)]
        self.libc = ctypes.CDLL(ctypes.util.find_library("c"))

    def __call__(self, x):
        x = np.ascontiguousarray(x, dtype=np.float32)
        ptr = x.ctypes.data
        shape = x.shape
        strides = (shape[1] * shape[2], shape[2], 1)
        arg = MemRef3(ptr, ptr, 0, (ctypes.c_int64 * 3)(*shape),
                      (ctypes.c_int64 * 3)(*strides))
        out = MemRef3()
        self.fn(ctypes.byref(out), ctypes.byref(arg))
        count = out.sizes[0] * out.sizes[1] * out.sizes[2]
        data = ctypes.cast(out.aligned, ctypes.POINTER(ctypes.c_float))
        result = np.ctypeslib.as_array(data, shape=(out.offset + count,))[out.offset:]
        result = result.reshape(tuple(out.sizes)).copy()
        self.libc.free(ctypes.c_void_p(out.allocated))
        return result


def timed(model, x, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        logits = model(x)
        times.append(time.perf_counter() - start)
    return logits, statistics.median(times)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=20,
                        help="runs per model for the median time")
    parser.add_argument("--min-accuracy", type=float, default=None,
                        help="exit 1 when the fixed-point accuracy (percent) "
                             "is lower")
    args = parser.parse_args(argv)

    sys.path.insert(0, os.path.dirname(MODEL))
    from train import BATCH, split  # the bundled model's own data split
    x_train, x_test, _, y_test = split()
    model_text = open(MODEL).read()

    with tempfile.TemporaryDirectory() as tmp:
        calibrated = calibrate(model_text, x_train[:BATCH][None, None])
        report = os.path.join(tmp, "report.txt")
        floating = CompiledModel(compile_model(model_text, FLOAT_PIPELINE, tmp,
                                               "float"))
        fixed = CompiledModel(compile_model(
            calibrated, [f"--fxp-f8net=report={report}"], tmp, "fixed"))
        formats = open(report).read()

        x = x_test[None]
        float_logits, float_time = timed(floating, x, args.repeats)
        fixed_logits, fixed_time = timed(fixed, x, args.repeats)

    float_pred = float_logits[0].argmax(axis=1)
    fixed_pred = fixed_logits[0].argmax(axis=1)
    float_acc = 100 * np.mean(float_pred == y_test)
    fixed_acc = 100 * np.mean(fixed_pred == y_test)
    agreement = 100 * np.mean(float_pred == fixed_pred)
    error = np.max(np.abs(fixed_logits - float_logits)) / np.max(np.abs(float_logits))

    print(f"fxp demo: F8Net fixed point vs float on scikit-learn digits "
          f"({len(y_test)} test images)")
    print(f"model: examples/digits/mlp.mlir (MLP 64-32-10), calibrated on "
          f"{BATCH} training images\n")
    print("formats chosen by --fxp-f8net (mse rule):")
    print(formats)
    print(f"{'':12}{'accuracy':>10}{'time/batch':>14}")
    print(f"{'float32':12}{float_acc:>9.2f}%{1000 * float_time:>11.3f} ms")
    print(f"{'fxp 8-bit':12}{fixed_acc:>9.2f}%{1000 * fixed_time:>11.3f} ms"
          f"   ({fixed_time / float_time:.2f}x float; reference lowering, scalar)")
    print(f"\npredictions equal to float: {agreement:.2f}%; largest logit "
          f"difference {100 * error:.2f}% of the float range")
    if args.min_accuracy is not None and fixed_acc < args.min_accuracy:
        print(f"fixed-point accuracy {fixed_acc:.2f}% is below {args.min_accuracy}%")
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ToolError as error:
        sys.exit(f"fxp demo: {error}")
