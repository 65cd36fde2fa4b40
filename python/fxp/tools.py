"""Running the fxp tools from Python: fxp-opt, fxp-calibrate, fxp-translate,
and lowered programs under mlir-runner. Shared by the demo and the
end-to-end tests."""

import os
import re
import subprocess
import tempfile

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("FXP_BUILD_DIR", os.path.join(ROOT, "build"))
FXP_OPT = os.path.join(BUILD, "bin", "fxp-opt")
FXP_CALIBRATE = os.path.join(BUILD, "bin", "fxp-calibrate")
FXP_TRANSLATE = os.path.join(BUILD, "bin", "fxp-translate")
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


def import_onnx(path):
    """The float TOSA module that fxp-translate imports from an ONNX file."""
    return tool(FXP_TRANSLATE, "--import-onnx", path)


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


def tensor_type(shape):
    return "tensor<" + "".join(f"{d}x" for d in shape) + "f32>"


def calls_driver(calls):
    """A @main that calls each (function, inputs, output_shapes) of `calls`
    on the constant f32 arrays `inputs` (one per argument) and prints the
    bit patterns of each result, of the shapes `output_shapes`, as i32 (what
    run_f32_program reads back, in order)."""
    lines, counts = ["func.func @main() {"], {0, 1}
    for i, (function, inputs, output_shapes) in enumerate(calls):
        args = []
        for j, x in enumerate(inputs):
            x = np.array(x, np.float32, order="C")
            lines.append(f'  %x{i}_{j} = arith.constant dense<"0x{x.tobytes().hex()}"> : '
                         f"{tensor_type(x.shape)}")
            args.append(f"%x{i}_{j}")
        arg_types = ", ".join(tensor_type(np.shape(x)) for x in inputs)
        result_types = ", ".join(tensor_type(shape) for shape in output_shapes)
        results = [f"%y{i}_{j}" for j in range(len(output_shapes))]
        call = f"func.call @{function}({', '.join(args)}) : ({arg_types}) -> ({result_types})"
        lines.append(f"  {', '.join(results)} = {call}" if results else f"  {call}")
        for y, shape in zip(results, output_shapes):
            count = int(np.prod(shape))
            if len(shape) == 0:
                flat = f"tensor.expand_shape {y} [] output_shape [1] : tensor<f32> into tensor<1xf32>"
            elif len(shape) == 1:
                flat = None
            else:
                dims = ", ".join(map(str, range(len(shape))))
                flat = f"tensor.collapse_shape {y} [[{dims}]] : {tensor_type(shape)} into tensor<{count}xf32>"
            if flat:
                lines.append(f"  {y}f = {flat}")
                y += "f"
            # One element a line: LLVM compiles huge vectors slowly.
            lines += [f"  scf.for %i{y[1:]} = %c0 to %c{count} step %c1 {{",
                      f"    %e{y[1:]} = tensor.extract {y}[%i{y[1:]}] : tensor<{count}xf32>",
                      f"    %b{y[1:]} = arith.bitcast %e{y[1:]} : f32 to i32",
                      f"    vector.print %b{y[1:]} : i32",
                      "  }"]
            counts.add(count)
    lines[1:1] = [f"  %c{c} = arith.constant {c} : index" for c in sorted(counts)]
    lines += ["  return", "}"]
    return "\n" + "\n".join(lines) + "\n"


def float_driver(function, x, output_shape):
    """A @main that calls @function on the constant f32 array `x` and prints
    the result's bit patterns as i32 (what run_f32_program reads back)."""
    return calls_driver([(function, [x], [output_shape])])


def with_driver(module, driver):
    """Puts `driver` (more functions) inside the printed `module { ... }`."""
    text = module.rstrip()
    assert text.startswith("module") and text.endswith("}")
    return text[:-1] + driver + "}\n"
