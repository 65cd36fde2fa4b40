"""AArch64: guest instructions per kernel call under qemu, against the ideal
count of SDOT instructions (M*N*K/16: one SDOT does 16 u8/s8 multiply-adds).

Each kernel is cross-compiled (clang-22 --target=aarch64-linux-gnu
-march=armv8.6-a+dotprod+i8mm) with harness/arm_driver.c and run under
qemu-aarch64 with the shared TCG plugin that counts executed instructions:
one call costs count(2 calls) - count(1 call). The output must hash to what
the reference lowering computes on the host.
"""

import os
import re
import subprocess

from fxp.tools import ToolError, tool

from fxpbench import toolchain

ARM_FLAGS = ["--target=aarch64-linux-gnu", "-march=armv8.6-a+dotprod+i8mm", "-O3"]
QEMU = ["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu"]
DRIVER = os.path.join(toolchain.BENCH, "harness", "arm_driver.c")
# Cases whose reference code runs in a few seconds under qemu (about 10
# instructions per multiply-add at some 10^9 instructions per second).
MAX_DEFAULT_MACS = 1 << 25


def executable(ll, flags):
    """The driver linked with the kernel in `ll`, for the host or AArch64."""
    header_dir = os.path.join(toolchain.BENCH, "harness")
    return toolchain.built_from(
        [DRIVER, os.path.join(header_dir, "kernel_abi.h"), ll], flags, ".exe",
        lambda path: tool(toolchain.CLANG, *flags, f"-I{header_dir}", DRIVER, ll,
                          "-lm", "-o", path))


def plugin():
    """The shared TCG plugin that counts guest instructions."""
    source = os.path.join(toolchain.SHARED_TOOLS, "qemu-insncount.c")
    flags = ["-O2", "-shared", "-fPIC"]
    return toolchain.built_from(
        [source], flags, ".so", lambda path: tool("gcc", *flags, source, "-o", path))


def run(command):
    """Output hash and, under the plugin, the instruction count."""
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise ToolError(f"{' '.join(command)} failed:\n{result.stderr}")
    text = result.stdout + result.stderr
    insns = re.search(r"guest_insns: (\d+)", text)
    return (re.search(r"output_hash: (\w+)", text).group(1),
            int(insns.group(1)) if insns else None)


def main(args, chosen):
    fast, reference = toolchain.lowerings()
    if not args.case and not args.filter:
        chosen = [c for c in chosen if c.macs <= MAX_DEFAULT_MACS]
    print(f"fxp AArch64 kernel instruction counts under qemu "
          f"(clang-22 {' '.join(ARM_FLAGS)})")
    print(f"fast: --{fast.pipeline}=target={args.target}"
          f"{'' if fast.available else ': n/a, not in this fxp-opt'}; "
          f"reference: --{reference.pipeline}")
    print("insns = guest instructions per call, count(2 calls) - count(1 call); "
          "x = insns / (M*N*K/16), the SDOT ideal\n")
    lowerings = [("fast", fast, args.target), ("reference", reference, None)]
    print(f"{'case':<26}{'MNK/16':>12}" +
          "".join(f"{name + ' insns':>20}{'x':>8}" for name, _, _ in lowerings) +
          "  check")
    failed = False
    for case in chosen:
        for epilogue in args.epilogues:
            text = case.fxp_module(epilogue)
            shapes = ["x".join(map(str, case.input)), "x".join(map(str, case.output)),
                      "4" if epilogue == "s32" else "1"]
            ref_ll = toolchain.llvm_ir(text, reference.args())
            expected, _ = run([executable(ref_ll, toolchain.HOST_FLAGS), "1",
                               reference.abi, *shapes])
            ideal = case.macs / 16
            cells, wrong = "", []
            for name, lowering, target in lowerings:
                if not lowering.available:
                    cells += f"{'n/a':>20}{'':>8}"
                    continue
                exe = executable(toolchain.llvm_ir(text, lowering.args(target)),
                                 ARM_FLAGS)
                counts = []
                for calls in (1, 2):
                    got, insns = run([*QEMU, "-plugin", plugin(), "-d", "plugin",
                                      exe, str(calls), lowering.abi, *shapes])
                    counts.append(insns)
                    if got != expected:
                        wrong.append(name)
                per_call = counts[1] - counts[0]
                cells += f"{per_call:>20}{per_call / ideal:>8.1f}"
            failed |= bool(wrong)
            check = "ok" if not wrong else "differs from host: " + ", ".join(set(wrong))
            print(f"{case.name + ' ' + epilogue:<26}{ideal:>12.0f}{cells}  {check}",
                  flush=True)
    print("\ncheck: the AArch64 output hashes equal the host reference lowering's")
    return 1 if failed else 0
