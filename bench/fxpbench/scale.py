"""ImageNet-size models through fxp, against torch and onnxruntime.

For ResNet-18 and MobileNetV2 (torchvision, random weights, fixed seed):
exports ONNX, compiles through fxp's stage tools timing each stage (wall,
CPU, peak RSS) and through `fxp-compile` in one process (the product's
path), runs the compiled models and onnxruntime (fp32 and an int8 QDQ model
from the same calibration images) on one thread, and compares the logits.
See bench/README.md, "Scale".

    bench/scale/run.sh [--quick] [--images N] [--tests N] [--models REGEX]
"""

import argparse
import ctypes
import json
import os
import re
import statistics
import subprocess
import tempfile
import time

import numpy as np
import onnx

from fxp.compiler import FXP_COMPILE
from fxp.tools import BUILD, FXP_CALIBRATE, FXP_OPT, FXP_TRANSLATE, LLVM_BIN, ToolError

from fxpbench import qdq, toolchain

ORT_JS = os.path.join(toolchain.BENCH, "scale", "ort.js")
# The ONNX exporter of Debian's torch 1.13 goes up to 17; 13 is what both
# fxp's importer and onnxruntime's QDQ fusions handle.
OPSET = 13
INPUT, INPUT_SHAPE = "input", [1, 3, 224, 224]
# ImageNet's normalization: random pixels in [0, 1) become what a
# preprocessed photo looks like to the first convolution.
MEAN = np.array([0.485, 0.456, 0.406], np.float32).reshape(3, 1, 1)
STD = np.array([0.229, 0.224, 0.225], np.float32).reshape(3, 1, 1)


class Model:
    def __init__(self, name, constructor):
        self.name, self.constructor = name, constructor

    def export(self, path, seed):
        """Writes the ONNX model: torchvision's architecture with random
        weights (He-normal convolutions; BatchNorm running mean N(0, 0.1),
        variance U(0.5, 1.5)), in eval mode, BatchNorm folded into the
        convolutions by the exporter. Returns the parameter count."""
        import torch
        import torchvision
        torch.manual_seed(seed)
        model = getattr(torchvision.models, self.constructor)(weights=None)
        for module in model.modules():
            if isinstance(module, torch.nn.Conv2d):
                torch.nn.init.kaiming_normal_(module.weight, mode="fan_out",
                                              nonlinearity="relu")
            elif isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.normal_(0, 0.1)
                module.running_var.uniform_(0.5, 1.5)
        model.eval()
        torch.onnx.export(model, torch.zeros(INPUT_SHAPE), path, opset_version=OPSET,
                          do_constant_folding=True,
                          training=torch.onnx.TrainingMode.EVAL,
                          input_names=[INPUT], output_names=["logits"])
        self.torch_model = model
        return sum(p.numel() for p in model.parameters())

    def torch_logits(self, images):
        import torch
        with torch.no_grad():
            return np.stack([self.torch_model(torch.from_numpy(x)).numpy()
                             for x in images])


MODELS = [Model("resnet18", "resnet18"), Model("mobilenet_v2", "mobilenet_v2")]


def images(count, seed):
    """`count` random preprocessed images, shaped [count, *INPUT_SHAPE]."""
    rng = np.random.default_rng(seed)
    pixels = rng.random((count, *INPUT_SHAPE), dtype=np.float32)
    return (pixels - MEAN) / STD


class Stage:
    """One measured process: wall time, CPU time (user + system), peak
    resident set size, as /usr/bin/time reports them. (The rusage of a child
    of this process would not do: a forked child starts with this process's
    peak RSS, torch included, and keeps it across exec.)"""

    def __init__(self, name, argv):
        self.name, self.argv = name, argv

    def run(self, work):
        log = os.path.join(work, self.name + ".log")
        usage = os.path.join(work, self.name + ".time")
        with open(log, "w") as errors:
            status = subprocess.call(
                ["/usr/bin/time", "-f", "%e %U %S %M", "-o", usage, *self.argv],
                stdout=subprocess.DEVNULL, stderr=errors)
        if status != 0:
            with open(log) as f:
                tail = f.read()[-4000:]
            raise ToolError(f"stage {self.name} failed: {' '.join(self.argv)}\n{tail}")
        with open(usage) as f:
            wall, user, system, rss_kb = f.read().split()[-4:]
        self.wall, self.cpu = float(wall), float(user) + float(system)
        self.rss_mb = int(rss_kb) / 1024


def fxp_stages(onnx_path, calibration, work, target, f8net=""):
    """The stages from ONNX to a shared object, through the stage tools, each
    timed on its own. Returns the stages and the shared object's path."""
    def path(suffix):
        return os.path.join(work, "model" + suffix)
    lowering = f"--fxp-lower-to-llvm=target={target} out-params=true"
    # Pre-activations only for the std rule, as fxp-compile calibrates.
    pre_activations = "true" if "rule=std" in f8net.split() else "false"
    f8net = f"--fxp-f8net={f8net}" if f8net else "--fxp-f8net"
    return [
        Stage("import-onnx", [FXP_TRANSLATE, "--import-onnx", onnx_path,
                              "-o", path(".tosa.mlir")]),
        # One sample at a time: its time per sample is one thread's, as
        # onnxruntime's below.
        Stage("calibrate", [FXP_CALIBRATE, path(".tosa.mlir"), "--sample-threads=1",
                            f"--pre-activations={pre_activations}",
                            f"--inputs={calibration}", "-o", path(".stats.mlir")]),
        Stage("fxp-f8net", [FXP_OPT, path(".stats.mlir"), f8net,
                            "-o", path(".fxp.mlir")]),
        Stage("lower-to-llvm", [FXP_OPT, path(".fxp.mlir"), "--llvm-request-c-wrappers",
                                lowering, "-o", path(".llvm.mlir")]),
        Stage("mlir-translate", [os.path.join(LLVM_BIN, "mlir-translate"),
                                 "--mlir-to-llvmir", path(".llvm.mlir"),
                                 "-o", path(".ll")]),
        Stage("clang", [toolchain.CLANG, *toolchain.HOST_FLAGS, "-shared", "-fPIC",
                        path(".ll"), "-lm", "-o", path(".so")]),
    ], path(".so")


ENTRY = "fxp_model"


def fxp_compile_stage(onnx_path, calibration, work, target):
    """ONNX to shared object in one `fxp-compile` process, with the C entry
    point ENTRY(batch, input, output); its log times every step."""
    return Stage("fxp-compile", [FXP_COMPILE, onnx_path, f"--calibration={calibration}",
                                 f"--target={target}", "--shared", f"--name={ENTRY}",
                                 "--timing", "-o", os.path.join(work, "fxp-compile.so")])


def step_times(work):
    """{step: seconds} from fxp-compile's log."""
    with open(os.path.join(work, "fxp-compile.log")) as f:
        return {name: float(seconds) for name, seconds in
                re.findall(r"^fxp-compile: ([^:\n]+): ([0-9.]+) s$", f.read(), re.M)}


def memref(array):
    """The descriptor of a contiguous float32 array (which must outlive it)."""
    strides = [s // array.itemsize for s in array.strides]
    return toolchain.memref_type(array.ndim)(array.ctypes.data, array.ctypes.data, 0,
                                   (ctypes.c_int64 * array.ndim)(*array.shape),
                                   (ctypes.c_int64 * array.ndim)(*strides))


class Compiled:
    """The shared object's `_mlir_ciface_` function, with results as
    out-parameters: f(input descriptor, output descriptor)."""

    def __init__(self, so, function, output_shape):
        self.fn = getattr(ctypes.CDLL(so), "_mlir_ciface_" + function)
        self.output_shape = output_shape

    def __call__(self, x, out):
        self.fn(ctypes.byref(memref(x)), ctypes.byref(memref(out)))

    def run(self, inputs, reps):
        """The outputs for `inputs`, and the median CPU time of one call in
        ms over `reps` rounds (thread CPU time: the code is single threaded,
        and time descheduled on a shared machine does not count)."""
        outputs = np.zeros((len(inputs), *self.output_shape), np.float32)
        for x, out in zip(inputs, outputs):
            self(x, out)
        times = []
        for _ in range(reps):
            for x, out in zip(inputs, outputs):
                start = time.thread_time()
                self(x, out)
                times.append(time.thread_time() - start)
        return outputs, statistics.median(times) * 1e3


class CompiledC(Compiled):
    """fxp-compile's C entry point: f(batch, input, output) -> status."""

    def __init__(self, so, function, output_shape):
        self.fn = getattr(ctypes.CDLL(so), function)
        self.fn.restype = ctypes.c_int
        self.fn.argtypes = [ctypes.c_int64, ctypes.c_void_p, ctypes.c_void_p]
        self.output_shape = output_shape

    def __call__(self, x, out):
        if self.fn(1, x.ctypes.data, out.ctypes.data) != 0:
            raise ToolError(f"{ENTRY} returned an error")


def signature(tosa_path):
    """The model function's name and result shape in the imported module."""
    with open(tosa_path) as f:
        match = re.search(r"func\.func @([\w$.]+)\(.*?\)\s*->\s*tensor<([\dx]+)xf32>",
                          f.read())
    if not match:
        raise ToolError(f"{tosa_path}: no func.func returning one f32 tensor")
    return match.group(1), [int(d) for d in match.group(2).split("x")]


class Ort:
    """onnxruntime-node through bench/scale/ort.js."""

    def __init__(self, node_modules, work):
        self.env = dict(os.environ, NODE_PATH=node_modules)
        self.work = work

    def call(self, spec):
        result = subprocess.run(["node", ORT_JS, json.dumps(spec)],
                                capture_output=True, text=True, env=self.env)
        if result.returncode != 0:
            raise ToolError(f"onnxruntime ({spec['model']}) failed:\n{result.stderr}")
        return json.loads(result.stdout)

    def _inputs(self, array, name):
        path = os.path.join(self.work, name + ".bin")
        np.ascontiguousarray(array, np.float32).tofile(path)
        return path, list(array.shape)

    def ranges(self, model_path, calibration):
        """{activation: [min, max]} over the calibration images."""
        path, shape = self._inputs(calibration, "calibration")
        return self.call(dict(model=model_path, inputs=path, shape=shape, mode="ranges"))

    def infer(self, model_path, tests, reps):
        """Logits of `tests`, the median CPU time per image in ms, and the
        path of the graph onnxruntime ran."""
        path, shape = self._inputs(tests, "tests")
        logits = os.path.join(self.work, "logits.bin")
        optimized = os.path.join(self.work, "optimized.onnx")
        timing = self.call(dict(model=model_path, inputs=path, shape=shape, mode="infer",
                                logits=logits, reps=reps, optimized=optimized))
        return (np.fromfile(logits, np.float32).reshape(len(tests), -1),
                timing["cpu_ms"], optimized)


def float_compute_nodes(optimized_path):
    """How many nodes of onnxruntime's optimized graph are float compute
    (Conv, Gemm, Add...) rather than integer kernels: 0 when the QDQ model
    became QLinear kernels throughout."""
    return sum(n.op_type in ("Conv", "Gemm", "Add", "MatMul", "GlobalAveragePool")
               for n in onnx.load(optimized_path).graph.node)


def agreement(a, b):
    """Per-input cosine of logits a and b (mean, min) and the mean overlap
    of their top-5 classes (0 to 5) and how many top-1 classes agree."""
    a, b = a.reshape(len(a), -1).astype(np.float64), b.reshape(len(b), -1).astype(np.float64)
    cos = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
    top_a, top_b = np.argsort(-a, 1)[:, :5], np.argsort(-b, 1)[:, :5]
    overlap = np.mean([len(set(x) & set(y)) for x, y in zip(top_a, top_b)])
    top1 = int((top_a[:, 0] == top_b[:, 0]).sum())
    return cos.mean(), cos.min(), overlap, top1


def bench_model(model, args, ort, root):
    work = os.path.join(root, model.name)
    os.makedirs(work, exist_ok=True)
    print(f"\n== {model.name}", flush=True)
    onnx_path = os.path.join(work, "model.onnx")
    start = time.perf_counter()
    params = model.export(onnx_path, args.seed)
    print(f"exported in {time.perf_counter() - start:.1f} s: {params / 1e6:.1f} M "
          f"parameters, ONNX opset {OPSET}", flush=True)

    calibration = images(args.images, args.seed + 1)
    tests = images(args.tests, args.seed + 2)
    calibration_npy = os.path.join(work, "calibration.npy")
    np.save(calibration_npy, calibration)

    stages, so = fxp_stages(onnx_path, calibration_npy, work, args.target,
                            args.f8net)
    print(f"{'stage':<16}{'wall s':>9}{'cpu s':>9}{'peak RSS MB':>13}")
    for stage in stages:
        stage.run(work)
        print(f"{stage.name:<16}{stage.wall:9.2f}{stage.cpu:9.2f}{stage.rss_mb:13.0f}",
              flush=True)
    print(f"{'total':<16}{sum(s.wall for s in stages):9.2f}"
          f"{sum(s.cpu for s in stages):9.2f}{max(s.rss_mb for s in stages):13.0f}")

    function, output_shape = signature(os.path.join(work, "model.tosa.mlir"))
    fxp_logits, fxp_ms = Compiled(so, function, output_shape).run(tests, args.reps)
    if not np.isfinite(fxp_logits).all():
        raise ToolError(f"{model.name}: fxp's logits are not finite")

    # The product's path, with the default flow: one process.
    compiled = None
    if not args.f8net:
        stage = fxp_compile_stage(onnx_path, calibration_npy, work, args.target)
        stage.run(work)
        steps = step_times(work)
        print(f"{stage.name:<16}{stage.wall:9.2f}{stage.cpu:9.2f}{stage.rss_mb:13.0f}"
              "   (ONNX to .so in one process: "
              + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in steps.items())
              + ")", flush=True)
        logits, ms = CompiledC(os.path.join(work, "fxp-compile.so"), ENTRY,
                               output_shape).run(tests, args.reps)
        # The same passes as the stage tools: the same logits.
        if not np.array_equal(logits, fxp_logits):
            raise ToolError(f"{model.name}: fxp-compile's logits differ from the "
                            "stage tools' by up to "
                            f"{np.abs(logits - fxp_logits).max():g}")
        compiled = dict(wall=stage.wall, rss_mb=stage.rss_mb, run_ms=ms,
                        calib_run_ms=calibration_run_ms(work, "fxp-compile.log"))
    torch_logits = model.torch_logits(tests)

    float_logits, fp32_ms, _ = ort.infer(onnx_path, tests, args.reps)
    ranges = ort.ranges(_saved(qdq.with_activation_outputs(onnx.load(onnx_path)),
                               work, "activations.onnx"), calibration)
    ranges[INPUT] = [float(calibration.min()), float(calibration.max())]
    qdq_path = _saved(qdq.quantize(onnx.load(onnx_path), ranges), work, "model.qdq.onnx")
    int8_logits, int8_ms, int8_graph = ort.infer(qdq_path, tests, args.reps)
    float_left = float_compute_nodes(int8_graph)

    # The export is right when onnxruntime's float run is torch's.
    export_cos = agreement(float_logits, torch_logits)[1]
    if export_cos < 0.9999:
        raise ToolError(f"{model.name}: onnxruntime fp32 vs torch cosine {export_cos:.6f}: "
                        "the ONNX export differs from the torch model")

    calibrate = next(s for s in stages if s.name == "calibrate")
    return dict(name=model.name, calib_ms=calibrate.cpu / args.images * 1e3,
                calib_wall_ms=calibrate.wall / args.images * 1e3,
                calib_run_ms=calibration_run_ms(work),
                fp32_ms=fp32_ms, int8_ms=int8_ms, fxp_ms=fxp_ms,
                vs_torch=agreement(fxp_logits, torch_logits),
                vs_int8=agreement(fxp_logits, int8_logits),
                int8_vs_torch=agreement(int8_logits, torch_logits),
                float_left=float_left, compiled=compiled)


def calibration_run_ms(work, log="calibrate.log"):
    """The time per sample of the calibration run alone, without parsing and
    compiling the model: the last progress line of the calibration."""
    with open(os.path.join(work, log)) as f:
        times = re.findall(r"calibration statistics: \d+/\d+ samples, "
                           r"([0-9.]+) ms per sample", f.read())
    return float(times[-1]) if times else float("nan")


def _saved(model, work, name):
    path = os.path.join(work, name)
    onnx.save(model, path)
    return path


def summary(results, args):
    print(f"\n== summary: {args.images} calibration images, {args.tests} test inputs, "
          f"one thread, ms = CPU time per image")
    print("calib ms: the calibrate stage's CPU time per image (parsing and "
          "JIT-compiling included); run ms: its run alone, per image")
    print(f"{'model':<14}{'calib ms':>10}{'(wall)':>9}{'run ms':>8}{'ort fp32':>10}"
          f"{'run x':>7}{'fxp run':>10}{'ort int8':>10}{'fp32/fxp':>10}{'int8/fxp':>10}")
    for r in results:
        print(f"{r['name']:<14}{r['calib_ms']:10.1f}{r['calib_wall_ms']:9.0f}"
              f"{r['calib_run_ms']:8.1f}{r['fp32_ms']:10.2f}"
              f"{r['calib_run_ms'] / r['fp32_ms']:7.2f}"
              f"{r['fxp_ms']:10.2f}{r['int8_ms']:10.2f}"
              f"{r['fp32_ms'] / r['fxp_ms']:10.2f}{r['int8_ms'] / r['fxp_ms']:10.2f}")
    print(f"\n{'logits':<14}{'pair':<18}{'cos mean':>10}{'cos min':>10}"
          f"{'top-5':>7}{'top-1':>7}")
    for r in results:
        for pair, key in (("fxp vs torch", "vs_torch"), ("fxp vs ort int8", "vs_int8"),
                          ("ort int8 vs torch", "int8_vs_torch")):
            mean, low, overlap, top1 = r[key]
            print(f"{r['name']:<14}{pair:<18}{mean:10.5f}{low:10.5f}{overlap:7.2f}"
                  f"{top1:>4}/{args.tests}")
    if any(r["compiled"] for r in results):
        print("\nfxp-compile, ONNX to .so in one process (every core): wall s, "
              "peak RSS, the calibration run's wall time per image, the .so's "
              "run per image (CPU ms, one thread)")
        print(f"{'model':<14}{'wall s':>8}{'RSS MB':>8}{'calib run':>11}{'run ms':>8}")
        for r in results:
            if r["compiled"]:
                c = r["compiled"]
                print(f"{r['name']:<14}{c['wall']:8.2f}{c['rss_mb']:8.0f}"
                      f"{c['calib_run_ms']:11.1f}{c['run_ms']:8.2f}")
    for r in results:
        if r["float_left"]:
            print(f"note: {r['name']}: onnxruntime kept {r['float_left']} float "
                  "compute nodes in the int8 model")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="MobileNetV2 only, 4 calibration images, 2 test "
                             "inputs, 1 timing round")
    parser.add_argument("--images", type=int, help="calibration images (default 64)")
    parser.add_argument("--tests", type=int, help="test inputs (default 8)")
    parser.add_argument("--reps", type=int, help="timing rounds over the test "
                                                  "inputs (default 5)")
    parser.add_argument("--models", default="",
                        help="only models whose name matches this regex ("
                             + ", ".join(m.name for m in MODELS) + ")")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--target", default="host", help="--fxp-lower-to-llvm target")
    parser.add_argument("--f8net", default="",
                        help="options of --fxp-f8net, e.g. 'rule=minmax' "
                             "(default: none, the default flow)")
    parser.add_argument("--work", default=os.path.join(BUILD, "bench", "scale"),
                        help="where the models and intermediate files go")
    parser.add_argument("--node-modules", required=True,
                        help="the node_modules holding onnxruntime-node")
    args = parser.parse_args(argv)
    quick = dict(images=4, tests=2, reps=1) if args.quick else {}
    for key, default in (("images", 64), ("tests", 8), ("reps", 5)):
        if getattr(args, key) is None:
            setattr(args, key, quick.get(key, default))
    if args.quick and not args.models:
        args.models = "mobilenet_v2"

    models = [m for m in MODELS if re.search(args.models, m.name)]
    if not models:
        raise ToolError(f"no model matches {args.models!r}")

    print(f"fxp scale bench, single thread, on {toolchain.cpu_model()}")
    os.makedirs(args.work, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.work) as scratch:
        ort = Ort(args.node_modules, scratch)
        results = [bench_model(model, args, ort, args.work) for model in models]
    summary(results, args)
    return 0


if __name__ == "__main__":
    toolchain.run_command(main)
