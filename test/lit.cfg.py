# -*- Python -*-
# lit configuration of the fxp regression tests.

import os

import lit.formats
from lit.llvm import llvm_config

config.name = "FXP"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test", ".py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.fxp_obj_root, "test")
config.excludes = ["Inputs", "Unit", "CMakeLists.txt", "lit.cfg.py",
                   "lit.site.cfg.py", "consumer"]

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

config.fxp_tools_dir = os.path.join(config.fxp_obj_root, "bin")
config.fxp_libs_dir = os.path.join(config.fxp_obj_root, "lib")
config.substitutions.append(("%fxp_libs", config.fxp_libs_dir))
config.substitutions.append(("%fxp_src", config.fxp_src_root))
config.substitutions.append(("%fxp_obj", config.fxp_obj_root))
config.substitutions.append(("%shlibext", config.llvm_shlib_ext))
config.substitutions.append(("%mlir_cmake_dir", config.mlir_cmake_dir))
config.substitutions.append(("%cxx", config.cxx_compiler))

llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
tool_dirs = [config.fxp_tools_dir, config.mlir_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(
    ["fxp-opt", "fxp-calibrate", "fxp-compile", "fxp-translate", "mlir-opt",
     "mlir-runner", "mlir-translate"],
    tool_dirs)

# Execution tests: the runtime library for vector.print and friends, a
# compiler for ahead-of-time tests, and the Python package.
config.substitutions.append(
    ("%mlir_c_runner_utils",
     os.path.join(config.llvm_lib_dir, "libmlir_c_runner_utils" + config.llvm_shlib_ext)))
config.substitutions.append(
    ("%mlir_runner_utils",
     os.path.join(config.llvm_lib_dir, "libmlir_runner_utils" + config.llvm_shlib_ext)))
config.substitutions.append(("%clang", os.path.join(config.llvm_tools_dir, "clang")))
config.substitutions.append(("%python", config.python_executable))
config.environment["PYTHONPATH"] = os.path.join(config.fxp_src_root, "python")
config.environment["FXP_BUILD_DIR"] = config.fxp_obj_root

# The Fashion-MNIST demo's images (scripts/install-deps.sh installs them).
if os.path.isdir("/usr/share/datasets/fashion-mnist"):
    config.available_features.add("fashion-mnist")

# AArch64 execution under qemu (scripts/install-deps.sh installs it).
import shutil
if shutil.which("qemu-aarch64") and os.path.isdir("/usr/aarch64-linux-gnu/lib"):
    config.available_features.add("qemu-aarch64")

# The benchmark harness links oneDNN (Debian libdnnl-dev, which the bench
# installs itself, not scripts/install-deps.sh).
if os.path.exists("/usr/include/oneapi/dnnl/dnnl.hpp"):
    config.available_features.add("onednn")

# x86 instruction sets of the host, for execution tests of code generated for
# them (run with mlir-runner on this CPU).
if os.path.exists("/proc/cpuinfo"):
    with open("/proc/cpuinfo") as cpuinfo:
        flags = next((line.split(":", 1)[1].split() for line in cpuinfo
                      if line.startswith("flags")), [])
    if "avx2" in flags:
        config.available_features.add("host-avx2")
    if "avx512bw" in flags:
        config.available_features.add("host-avx512")
    if "avx512_vnni" in flags:
        config.available_features.add("host-avx512vnni")

# The sanitizer build (scripts/sanitize.sh): an uninstrumented mlir-opt that
# loads the instrumented plugin needs the ASan runtime loaded first.
asan_runtime = os.environ.get("FXP_ASAN_RUNTIME")
if asan_runtime:
    config.available_features.add("asan")
    config.substitutions.insert(0, (
        r"\bmlir-opt\b",
        "env LD_PRELOAD=%s ASAN_OPTIONS=allow_user_poisoning=0:detect_leaks=0 %s" % (
            asan_runtime, os.path.join(config.mlir_tools_dir, "mlir-opt"))))
