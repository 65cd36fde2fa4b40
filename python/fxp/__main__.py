"""python3 -m fxp compile|run|report|plot

    compile MODEL.onnx --calibration X.npy [fxp-compile options...]
        runs fxp-compile (every option passes through)
    run MODEL.onnx --calibration X.npy --inputs T.npy [--labels L.npy]
        compiles the model in fixed point and as float for the host, runs
        both on T and prints accuracy (with labels), agreement and latency
    report REPORT.json
        the per-layer formats of an fxp-compile --report
    plot REPORT.json -o REPORT.svg
        the same as a chart
"""

import argparse
import json
import os
import subprocess
import sys

import numpy as np


def _compile(argv):
    from fxp.compiler import FXP_COMPILE
    return subprocess.call([FXP_COMPILE] + argv)


def _run(argv):
    import fxp
    parser = argparse.ArgumentParser(prog="python3 -m fxp run")
    parser.add_argument("model")
    parser.add_argument("--calibration", required=True)
    parser.add_argument("--inputs", required=True)
    parser.add_argument("--labels")
    parser.add_argument("--rule", default="mse",
                        help="fractional-length rule: mse (default), std (F8Net's) or minmax")
    parser.add_argument("--bits", type=int, default=8)
    args = parser.parse_args(argv)
    calibration = np.load(args.calibration)
    inputs = np.load(args.inputs)
    fixed = fxp.compile(args.model, calibration, rule=args.rule, bits=args.bits)
    baseline = fxp.compile(args.model, float_model=True)
    y_fixed, y_float = fixed(inputs), baseline(inputs)
    if args.labels:
        labels = np.load(args.labels)
        print(f"accuracy: float {fxp.accuracy(y_float, labels):.2f}%, "
              f"fxp {fxp.accuracy(y_fixed, labels):.2f}%")
    print(f"agreement with float: {fxp.agreement(y_fixed, y_float):.2f}%")
    print(f"latency per image: float {1e6 * baseline.latency(inputs):.1f} us, "
          f"fxp {1e6 * fixed.latency(inputs):.1f} us")
    return 0


def _report(argv):
    from fxp.compiler import format_report
    parser = argparse.ArgumentParser(prog="python3 -m fxp report")
    parser.add_argument("report")
    args = parser.parse_args(argv)
    with open(args.report) as f:
        print("\n".join(format_report(json.load(f))))
    return 0


def _plot(argv):
    from fxp import plot_report
    return plot_report.main(argv)


COMMANDS = {"compile": _compile, "run": _run, "report": _report, "plot": _plot}


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        return 2
    return COMMANDS[sys.argv[1]](sys.argv[2:]) or 0


if __name__ == "__main__":
    sys.exit(main())
