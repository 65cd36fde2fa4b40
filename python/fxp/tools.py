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


def with_driver(module, driver):
    """Puts `driver` (more functions) inside the printed `module { ... }`."""
    text = module.rstrip()
    assert text.startswith("module") and text.endswith("}")
    return text[:-1] + driver + "}\n"
