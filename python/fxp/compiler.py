"""Compiled models from Python: fxp-compile, and the C interface it writes
loaded with ctypes.

    import fxp
    model = fxp.compile("model.onnx", calibration=images, target="host")
    logits = model(images)              # float in, float out, any batch
    q = model.run_int(model.quantize(images))  # the integer entry point

The C interface is read from the header fxp-compile generates (its
`#define`s: shapes, batch, formats), so that Python and C see one ABI.
"""

import ctypes
import json
import os
import re
import subprocess
import tempfile
import time

import numpy as np

from fxp.tools import BUILD, ToolError

FXP_COMPILE = os.path.join(BUILD, "bin", "fxp-compile")


class Tensor:
    """One parameter of an entry point, as the header describes it."""

    def __init__(self, name, shape, bits=None, signed=None, fl=None):
        self.name, self.shape = name, tuple(shape)
        self.bits, self.signed, self.fl = bits, signed, fl
        self.size = int(np.prod(self.shape))

    @property
    def dtype(self):
        if self.bits is None:
            return np.dtype(np.float32)
        width = next(w for w in (8, 16, 32, 64) if self.bits <= w)
        return np.dtype(f"{'i' if self.signed else 'u'}{width // 8}")

    @property
    def format(self):
        """`s8, 5` as in !fxp.fixed<s8, 5>; None for float."""
        if self.bits is None:
            return None
        return f"{'s' if self.signed else 'u'}{self.bits}, {self.fl}"


def _parse_entry(defines, prefix):
    """The batch and the tensors of the entry point whose macros start with
    `prefix` (MODEL or MODEL_INT)."""
    def tensors(kind):
        count = int(defines[f"{prefix}_NUM_{kind}S"])
        out = []
        for i in range(count):
            key = f"{prefix}_{kind}{i}"
            fixed = f"{key}_BITS" in defines
            out.append(Tensor(
                defines[f"{key}_NAME"].strip('"'),
                [int(d) for d in defines[f"{key}_SHAPE"].strip("{}").split(",")],
                int(defines[f"{key}_BITS"]) if fixed else None,
                defines[f"{key}_SIGNED"] == "1" if fixed else None,
                int(defines[f"{key}_FL"]) if fixed else None))
        return out
    return int(defines[f"{prefix}_BATCH"]), tensors("INPUT"), tensors("OUTPUT")


class EntryPoint:
    """A C function `int name(int64_t batch, const T *in..., T *out...)`."""

    def __init__(self, library, name, batch, inputs, outputs):
        self.name, self.batch = name, batch
        self.inputs, self.outputs = inputs, outputs
        self.function = getattr(library, name)
        self.function.restype = ctypes.c_int
        self.function.argtypes = ([ctypes.c_int64] +
                                  [ctypes.c_void_p] * (len(inputs) + len(outputs)))

    def __call__(self, *arrays):
        if len(arrays) != len(self.inputs):
            raise ValueError(f"{self.name} takes {len(self.inputs)} inputs")
        images = None
        args = []
        for array, tensor in zip(arrays, self.inputs):
            array = np.ascontiguousarray(array, tensor.dtype)
            per_image = tensor.shape[1:]
            if array.shape[1:] != per_image:
                raise ValueError(f"input '{tensor.name}' needs shape (N, "
                                 f"{', '.join(map(str, per_image))}), got "
                                 f"{array.shape}")
            if images is not None and array.shape[0] != images:
                raise ValueError("the inputs have different batch sizes")
            images = array.shape[0]
            args.append(array)
        if images % self.batch:
            raise ValueError(f"{self.name} takes batches of a multiple of "
                             f"{self.batch} images, got {images}")
        results = [np.empty((images,) + t.shape[1:], t.dtype)
                   for t in self.outputs]
        pointers = [a.ctypes.data for a in args + results]
        if self.function(images, *pointers) != 0:
            raise RuntimeError(f"{self.name} refused a batch of {images}")
        return results[0] if len(results) == 1 else tuple(results)


class Model:
    """A model compiled by fxp-compile into a shared library: `model(x)`
    runs the float entry point, `model.run_int(q)` the integer one."""

    def __init__(self, library_path, header_path, name, report_path=None):
        self.path = library_path
        with open(header_path) as f:
            defines = dict(re.findall(r"#define (\w+) (.*)", f.read()))
        self.library = ctypes.CDLL(library_path)
        prefix = name.upper()
        self.float_entry = EntryPoint(self.library, name,
                                      *_parse_entry(defines, prefix))
        self.int_entry = None
        if f"{prefix}_INT_BATCH" in defines:
            self.int_entry = EntryPoint(self.library, name + "_int",
                                        *_parse_entry(defines, prefix + "_INT"))
        self.report = None
        if report_path:
            with open(report_path) as f:
                self.report = json.load(f)

    @property
    def inputs(self):
        return (self.int_entry or self.float_entry).inputs

    @property
    def outputs(self):
        return (self.int_entry or self.float_entry).outputs

    def __call__(self, *inputs):
        return self.float_entry(*inputs)

    def run_int(self, *inputs):
        if self.int_entry is None:
            raise RuntimeError("a float model has no integer entry point")
        return self.int_entry(*inputs)

    def quantize(self, x, index=0):
        """The stored integers of input `index`'s format for the floats `x`:
        round half to even, saturated (as fxp.quantize, exact for the values
        float32 holds)."""
        t = self.int_entry.inputs[index]
        limit = 2 ** (t.bits - 1) - 1 if t.signed else 2 ** t.bits - 1
        q = np.rint(np.ldexp(np.asarray(x, np.float64), t.fl))
        return np.clip(q, -limit if t.signed else 0, limit).astype(t.dtype)

    def dequantize(self, q, index=0):
        """The real values of output `index`'s stored integers `q`."""
        return np.ldexp(np.asarray(q, np.float64),
                        -self.int_entry.outputs[index].fl)

    def latency(self, x, repeats=5):
        """Seconds per image: the best of `repeats` runs over the batch `x`."""
        best = float("inf")
        for _ in range(repeats):
            start = time.perf_counter()
            self(x)
            best = min(best, time.perf_counter() - start)
        return best / len(x)


def _save(directory, calibration):
    arrays = calibration if isinstance(calibration, (list, tuple)) else [calibration]
    paths = []
    for i, array in enumerate(arrays):
        path = os.path.join(directory, f"calibration{i}.npy")
        np.save(path, np.ascontiguousarray(array, np.float32))
        paths.append(path)
    return ",".join(paths)


def compile(model, calibration=None, target="host", *, rule="mse", bits=8,
            weight_rule=None, per_channel_weights=True, first_last_bits=8,
            correct_bias=None,
            float_model=False, reference=False, threads=1, directory=None,
            name="model", output=None, header=None):
    """Compiles the ONNX file `model` with fxp-compile, calibrated on
    `calibration` (an array of inputs, (N, C, H, W) for an image model, or
    a list of arrays, one per model input). `rule` chooses fractional
    lengths (mse, std or minmax), `weight_rule` those of the weights if it
    is given. `per_channel_weights` gives each
    output channel of a convolution or matmul its own weight format;
    the first and last convolutions or matmuls keep weights of at least
    `first_last_bits` bits (0: `bits`);
    `correct_bias` removes the mean output shift of weight rounding
    through the biases (None: below 8 bits, where it helps). For the host target, returns a
    loaded `Model`; for another target, the path of the object written to
    `output`. `float_model` compiles the float baseline instead."""
    directory = directory or tempfile.mkdtemp(prefix="fxp-")
    host = target == "host"
    output = output or os.path.join(directory, f"{name}.{'so' if host else 'o'}")
    header = header or os.path.join(directory, f"{name}.h")
    args = [FXP_COMPILE, os.fspath(model), f"--target={target}",
            f"--name={name}", "-o", output, "--header", header,
            f"--threads={threads}"]
    if host:
        args.append("--shared")
    report = None
    if float_model:
        args.append("--float")
    else:
        if calibration is None:
            raise ValueError("quantizing needs calibration inputs")
        report = os.path.join(directory, f"{name}.report.json")
        args += ["--calibration", _save(directory, calibration),
                 f"--rule={rule}", f"--bits={bits}", f"--report={report}"]
        if weight_rule:
            args.append(f"--weight-rule={weight_rule}")
        args.append(f"--per-channel-weights={str(per_channel_weights).lower()}")
        args.append(f"--first-last-bits={first_last_bits}")
        if correct_bias is not None:
            args.append(f"--correct-bias={str(correct_bias).lower()}")
    if reference:
        args.append("--reference")
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        raise ToolError(f"fxp-compile failed:\n{result.stderr}")
    if not host:
        return output
    return Model(output, header, name, report)


def accuracy(logits, labels):
    """Percent of rows of `logits` whose largest entry is at `labels`."""
    return 100.0 * float(np.mean(np.argmax(logits, axis=1) == labels))


def agreement(a, b):
    """Percent of rows where the logits `a` and `b` predict the same class."""
    return 100.0 * float(np.mean(np.argmax(a, axis=1) == np.argmax(b, axis=1)))


def format_report(report):
    """The per-layer formats of a --report (JSON) as text lines: each value
    whose format came from weights or statistics, its ONNX node (or the op
    that computes it), its format and quantization SQNR."""
    rows = [e for e in report if e.get("source") in ("weights", "stats")]
    # As wide as the widest format ("s8, FL 5..8 per channel" for
    # per-channel weights).
    width = max([len("format")] + [len(e["format"]) for e in rows])
    lines = [f"{'ONNX node':<28} {'value':<8} {'source':<8} {'format':<{width}} SQNR"]
    for entry in rows:
        sqnr = entry.get("sqnr_db")
        lines.append(f"{entry.get('node', entry['producer']):<28.28} "
                     f"{entry['value']:<8} {entry['source']:<8} "
                     f"{entry['format']:<{width}} "
                     f"{'' if sqnr is None else f'{sqnr:.1f} dB'}")
    return lines
