"""fxp kernels against oneDNN, the reference lowering and upstream MLIR.

For each case (cases.py) and output (s32 accumulator, fused u8 epilogue),
one harness process times, alternating, oneDNN's prepacked int8 primitive,
fxp's fast lowering (--fxp-lower-to-llvm, `n/a` until fxp-opt has it), fxp's
reference lowering and upstream MLIR's vectorized linalg, checks every
result against oneDNN's, and this prints GOPS, the ratio to oneDNN and the
fraction of the core's vpdpbusd peak. With an aarch64 target it counts
AArch64 instructions under qemu instead (arm.py).

    bench/kernels/run.sh [--quick] [--filter REGEX] [--case NAME]
                         [--target T] [--epilogue s32|u8]
"""

import argparse
import os
import re
import sys

from fxpbench import cases, toolchain
from fxpbench.table import Table

# The reference lowering is scalar: about 3 GOPS at best, 0.2 GOPS where its
# loop order streams the weights from memory (K = N = 4096). A case whose
# call would take longer than `longest_reference_call` seconds at this speed
# is not timed.
REFERENCE_GOPS = 0.5


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer, shorter repetitions; no peak measurement")
    parser.add_argument("--filter", default="",
                        help="only cases whose name matches this regex "
                             "(names: " + ", ".join(cases.DEFAULT) + ")")
    parser.add_argument("--case", action="append", default=[],
                        help="a case by name instead of the default list, "
                             "e.g. matmul-8x64x32 or conv-8x8x16-3x3-32")
    parser.add_argument("--target", default="host",
                        help="--fxp-lower-to-llvm target; aarch64-* counts "
                             "instructions under qemu")
    parser.add_argument("--epilogue", choices=cases.EPILOGUES,
                        help="only this output (default: both)")
    parser.add_argument("--reps", type=int, help="timed rounds per contender")
    args = parser.parse_args(argv)
    args.epilogues = [args.epilogue] if args.epilogue else cases.EPILOGUES
    return args


def selected_cases(args):
    names = args.case or cases.DEFAULT
    try:
        chosen = [cases.Case(name) for name in names
                  if re.search(args.filter, name)]
    except ValueError as error:
        sys.exit(str(error))
    if not chosen:
        sys.exit(f"no case matches {args.filter!r}")
    return chosen


def contenders(case, epilogue, fast, reference, target, longest_reference_call):
    """The harness arguments of the contenders that run (oneDNN aside), and
    {column: why not} for the others."""
    text = case.fxp_module(epilogue)
    args, missing = [], {}
    if fast.available:
        ll = toolchain.llvm_ir(text, fast.args(target))
        args.append(toolchain.contender("fast", fast.abi, ll, "kernel"))
    else:
        missing["fast"] = "n/a"
    if 2 * case.macs / (REFERENCE_GOPS * 1e9) > longest_reference_call:
        missing["reference"] = "skip"
    else:
        ll = toolchain.llvm_ir(text, reference.args())
        args.append(toolchain.contender("reference", reference.abi, ll, "kernel"))
    upstream = case.upstream_module(epilogue)
    if upstream is None:
        missing["upstream"] = "n/a"
    else:
        ll = toolchain.llvm_ir(upstream, cases.UPSTREAM_PIPELINE, toolchain.MLIR_OPT)
        args.append(toolchain.contender("upstream", "out-params", ll, "kernel"))
    return args, missing


def write_data(case):
    directory = os.path.join(toolchain.WORK, "data")
    os.makedirs(directory, exist_ok=True)
    weights = os.path.join(directory, case.name + ".weights")
    bias = os.path.join(directory, case.name + ".bias")
    case.weights.tofile(weights)
    case.bias.astype("<i4").tofile(bias)
    return [f"--weights={weights}", f"--bias={bias}"]


def main(argv=None):
    args = parse_args(argv)
    chosen = selected_cases(args)
    if args.target.startswith("aarch64"):
        from fxpbench import arm
        return arm.main(args, chosen)

    fast, reference = toolchain.lowerings()
    longest_reference_call = 1.0 if args.quick else 3.0
    peak = None if args.quick else toolchain.vnni_peak()
    print(f"fxp kernel bench, single thread, on {toolchain.cpu_model()}")
    print(f"zmm vpdpbusd peak (peak.c): "
          f"{f'{peak:.0f} GOPS' if peak else 'not measured (--quick)'}")
    print(f"fast: fxp-opt --{fast.pipeline}=target={args.target}"
          f"{'' if fast.available else ': n/a, not in this fxp-opt'}; "
          f"reference: --{reference.pipeline}; fxp results "
          f"{'as out-parameters' if reference.out_params else 'returned (one malloc per call)'}")
    print("GOPS = 2*M*N*K / median time; x = ratio to oneDNN in the same "
          "process; % = GOPS / peak")
    print(f"skip: a reference call would take over {longest_reference_call:g} s "
          f"(estimated at {REFERENCE_GOPS} GOPS)\n")

    columns = ["onednn", "fast", "reference", "upstream"]
    table = Table(columns, peak)
    table.header()
    failed = False
    for case in chosen:
        data = write_data(case)
        for epilogue in args.epilogues:
            libraries, missing = contenders(case, epilogue, fast, reference,
                                            args.target, longest_reference_call)
            harness = ["kernel", *case.harness_args(), *data, "--onednn",
                       *toolchain.timing_args(args.quick, args.reps), *libraries]
            if epilogue == "u8":
                harness.append(f"--shift={case.shift}")
            results, notes = toolchain.run_harness(harness)
            failed |= table.row(f"{case.name} {epilogue}", 2 * case.macs, results,
                                missing, notes.get("onednn implementation", ""))
    print("\ncheck: every fxp and upstream result equals oneDNN's s32 "
          "accumulator bit for bit, or its exact u8\nrequantization (round "
          "half to even, saturate); mismatch:WRONG/TOTAL@FIRST_INDEX")
    return 1 if failed else 0


if __name__ == "__main__":
    toolchain.run_command(main)
