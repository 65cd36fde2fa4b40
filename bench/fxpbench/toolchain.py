"""What the benchmarks build and run: MLIR lowered by fxp-opt or mlir-opt-22
and compiled by clang-22 into shared objects (cached by content), the
harness, and the facts about this machine printed with every run."""

import ctypes
import hashlib
import os
import re
import subprocess
import sys

from fxp.tools import BUILD, FXP_OPT, LLVM_BIN, ROOT, ToolError, tool

BENCH = os.path.join(ROOT, "bench")
WORK = os.path.join(BUILD, "bench")
CACHE = os.path.join(WORK, "cache")
SHARED_TOOLS = os.path.join(ROOT, "..", "shared", "tools")
MLIR_OPT = os.path.join(LLVM_BIN, "mlir-opt")
CLANG = os.path.join(LLVM_BIN, "clang")
HOST_FLAGS = ["-O3", "-march=native"]
# oneDNN under OpenMP reads its thread count when libgomp loads.
SINGLE_THREAD = dict(os.environ, OMP_NUM_THREADS="1")


def pipeline_options():
    """{pass or pipeline: its option names}, read from `fxp-opt --help`,
    which lists a pass as `--name  -   description` (three spaces) and its
    options below it as `--option  - description`."""
    passes, current = {}, None
    for line in tool(FXP_OPT, "--help").splitlines():
        match = re.match(r"^ +--([\w-]+)\S*\s+-( +)\S", line)
        if not match:
            continue
        if len(match.group(2)) == 3:
            current = match.group(1)
            passes[current] = set()
        elif current is not None:
            passes[current].add(match.group(1))
    return passes


class Lowering:
    """An fxp-opt pipeline to the LLVM dialect, as far as this build of
    fxp-opt has it: missing (the fast path before it lands), with or without
    results as out-parameters."""

    def __init__(self, pipeline, passes):
        self.pipeline = pipeline
        self.available = pipeline in passes
        self.out_params = "out-params" in passes.get(pipeline, ())

    @property
    def abi(self):
        return "out-params" if self.out_params else "result"

    def args(self, target=None):
        options = []
        if target:
            options.append(f"target={target}")
        if self.out_params:
            options.append("out-params=true")
        pipeline = f"--{self.pipeline}"
        if options:
            pipeline += "=" + " ".join(options)
        return ["--llvm-request-c-wrappers", pipeline]


def lowerings():
    """The fast and the reference lowering of this fxp-opt."""
    passes = pipeline_options()
    return (Lowering("fxp-lower-to-llvm", passes),
            Lowering("fxp-reference-to-llvm", passes))


def _stamp(path):
    """Changes when the tool at `path` is rebuilt."""
    status = os.stat(path)
    return f"{path}:{status.st_mtime_ns}:{status.st_size}"


def cached(key_parts, suffix, make):
    """The cache file for `key_parts`, made by make(path) when missing."""
    digest = hashlib.sha256()
    for part in key_parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    path = os.path.join(CACHE, digest.hexdigest()[:24] + suffix)
    if not os.path.exists(path):
        os.makedirs(CACHE, exist_ok=True)
        partial = f"{path}.{os.getpid()}"
        make(partial)
        os.replace(partial, path)
    return path


def built_from(sources, flags, suffix, make):
    """make(path) builds from the files `sources` with `flags`; rebuilt when
    either changes."""
    contents = []
    for source in sources:
        with open(source, "rb") as f:
            contents.append(f.read())
    return cached([*contents, *flags], suffix, make)


def llvm_ir(text, opt_args, opt_tool=FXP_OPT):
    """`text` lowered by `opt_tool opt_args` and translated to LLVM IR: the
    path of a .ll file, cached by content and tool build."""
    def make(path):
        lowered = tool(opt_tool, "-", *opt_args, stdin=text)
        tool(os.path.join(LLVM_BIN, "mlir-translate"), "--mlir-to-llvmir",
             "-o", path, stdin=lowered)
    return cached([text, _stamp(opt_tool), *opt_args], ".ll", make)


def shared_object(ll):
    """The host shared object of an LLVM IR file (clang-22 -O3
    -march=native)."""
    def make(path):
        tool(CLANG, *HOST_FLAGS, "-shared", "-fPIC", ll, "-lm", "-o", path)
    return cached([ll, *HOST_FLAGS], ".so", make)


def contender(name, abi, ll, function):
    """The harness argument that loads `function` of the LLVM IR file `ll`,
    compiled for the host, as contender `name`."""
    return f"--so={name},{abi},{shared_object(ll)},{function}"


def build_harness():
    """The harness binary (clang-22 -O3 -march=native, oneDNN)."""
    sources = [os.path.join(BENCH, "harness", name)
               for name in ("harness.cpp", "kernel_abi.h")]
    flags = [*HOST_FLAGS, "-std=c++17"]
    return built_from(
        sources, flags, ".harness",
        lambda path: tool(CLANG + "++", *flags, sources[0], "-ldnnl", "-o", path))


def timing_args(quick, reps=None):
    """The harness's timing: `reps` rounds (default 11, 3 when quick) of
    samples of about 20 ms (2 ms), at most 5 s (0.5 s) per contender."""
    if quick:
        return [f"--reps={reps or 3}", "--sample-ms=2", "--budget-s=0.5"]
    return [f"--reps={reps or 11}", "--sample-ms=20", "--budget-s=5"]


def run_harness(args):
    """Runs the harness; returns ({contender name: {field: value}}, the
    other `key value` lines as {key: value})."""
    result = subprocess.run([build_harness(), *args], capture_output=True,
                            text=True, env=SINGLE_THREAD)
    if result.returncode != 0:
        raise ToolError(f"harness {' '.join(args)} failed:\n{result.stderr}")
    contenders, notes = {}, {}
    for line in result.stdout.splitlines():
        head, _, rest = line.partition(" ")
        fields = dict(item.split("=", 1) for item in rest.split(" ") if item)
        if head == "contender":
            contenders[fields.pop("name")] = fields
        else:
            notes.update({f"{head} {k}": v for k, v in fields.items()})
    return contenders, notes


def cpu_model():
    """lscpu's model name, with family and model (which tell Zen 4 from
    Zen 5 where the name does not)."""
    info = dict(re.findall(r"^([^:\n]+):\s*(.*)$", tool("lscpu"), re.M))
    name = info.get("Model name", "unknown CPU")
    if "CPU family" in info:
        name += f" (family {info['CPU family']}, model {info.get('Model')})"
    return name


def vnni_peak():
    """This core's zmm vpdpbusd peak in GOPS, measured by the shared
    peak.c (the best of its repetitions)."""
    source = os.path.join(SHARED_TOOLS, "peak.c")
    binary = built_from([source], [], ".peak",
                        lambda path: tool("gcc", "-O2", "-o", path, source))
    found = re.findall(r"vpdpbusd [\d.]+/cycle = (\d+) GOPS", tool(binary))
    return max(map(float, found))


def run_command(main):
    """Runs a bench command: a tool that fails ends it with its message and
    status 1, not a traceback."""
    try:
        sys.exit(main())
    except ToolError as error:
        sys.exit(f"fxp bench: {error}")


def memref_type(rank):
    """The ctypes structure of a ranked memref descriptor of rank `rank`, as
    lowered functions take and return it."""
    class MemRef(ctypes.Structure):
        _fields_ = [("allocated", ctypes.c_void_p), ("aligned", ctypes.c_void_p),
                    ("offset", ctypes.c_int64), ("sizes", ctypes.c_int64 * rank),
                    ("strides", ctypes.c_int64 * rank)]
    return MemRef
