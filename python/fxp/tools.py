"""Running the fxp tools from Python: fxp-opt, fxp-calibrate, and lowered
programs under mlir-runner. Shared by the demo and the end-to-end tests."""

import os
import re
import subprocess
import tempfile

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("FXP_BUILD_DIR", os.path.join(ROOT, "build"))
FXP_OPT = os.path.join(BUILD, "bin", "fxp-opt")
FXP_CALIBRATE = os.path.join(BUILD, "bin", "fxp-calibrate")
LLVM_BIN = "/usr/lib/llvm-22/bin"
RUNNER_UTILS = "/usr/lib/llvm-22/lib/libmlir_c_runner_utils.so"

# Float TOSA to linalg, ahead of --fxp-reference-to-llvm.
FLOAT_PIPELINE = ["--tosa-to-linalg-pipeline", "--tosa-to-tensor", "--tosa-to-arith"]


class ToolError(RuntimeError):
    pass


def tool(*args, stdin=None):
    """Runs a command; returns its output, raises ToolError with its errors."""
    result = subprocess.run(args, input=stdin, capture_output=True, text=True)
    if result.returncode != 0:
        raise ToolError(f"{os.path.basename(args[0])} failed:\n{result.stderr}")
    return result.stdout


def dense(values):
    """An MLIR dense literal of float32 values, each printed exactly."""
    return "dense<" + np.array2string(np.asarray(values, np.float32), separator=", ",
                                      threshold=10**9, floatmode="unique",
                                      max_line_width=10**9) + ">"


def fxp_opt(model, *passes):
    return tool(FXP_OPT, "-", *passes, stdin=model)


def calibrate(model, samples):
    """`model` with #fxp.stats measured by fxp-calibrate on `samples`, an
    array of the argument's shape with a leading sample dimension."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "model.mlir")
        with open(path, "w") as f:
            f.write(model)
        npy = os.path.join(tmp, "samples.npy")
        np.save(npy, samples)
        return tool(FXP_CALIBRATE, path, f"--inputs={npy}")


def run_f32_program(program, *passes):
    """Lowers `program` (whose @main prints f32 results as i32 bit patterns
    with vector.print) with `passes` and --fxp-reference-to-llvm, runs it
    with mlir-runner, and returns the printed values as float32."""
    lowered = fxp_opt(program, *passes, "--fxp-reference-to-llvm")
    out = tool(os.path.join(LLVM_BIN, "mlir-runner"), "-e", "main",
               "-entry-point-result=void", f"-shared-libs={RUNNER_UTILS}",
               stdin=lowered)
    bits = [int(v) for v in re.findall(r"-?\d+", out)]
    return np.array(bits, dtype=np.int64).astype(np.uint32).view(np.float32)


def float_driver(function, x, output_shape):
    """A @main that calls @function on the constant f32 array `x` and prints
    the result's bit patterns as i32 (what run_f32_program reads back)."""
    def tensor(shape):
        return "tensor<" + "x".join(map(str, shape)) + "xf32>"
    count = int(np.prod(output_shape))
    flat = ", ".join(f"{v:.9e}" for v in np.asarray(x, np.float32).flatten())
    dims = ", ".join(str(d) for d in range(len(x.shape)))
    out_dims = ", ".join(str(d) for d in range(len(output_shape)))
    return f"""
func.func @main() {{
  %x = arith.constant dense<[{flat}]> : tensor<{x.size}xf32>
  %xs = tensor.expand_shape %x [[{dims}]] output_shape [{', '.join(map(str, x.shape))}] : tensor<{x.size}xf32> into {tensor(x.shape)}
  %y = func.call @{function}(%xs) : ({tensor(x.shape)}) -> {tensor(output_shape)}
  %yf = tensor.collapse_shape %y [[{out_dims}]] : {tensor(output_shape)} into tensor<{count}xf32>
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  %v = vector.transfer_read %yf[%c0], %pad : tensor<{count}xf32>, vector<{count}xf32>
  %bits = arith.bitcast %v : vector<{count}xf32> to vector<{count}xi32>
  vector.print %bits : vector<{count}xi32>
  return
}}
"""


def with_driver(module, driver):
    """Puts `driver` (more functions) inside the printed `module { ... }`."""
    text = module.rstrip()
    assert text.startswith("module") and text.endswith("}")
    return text[:-1] + driver + "}\n"
