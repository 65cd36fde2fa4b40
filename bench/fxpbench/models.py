"""Whole models: the F8Net fixed-point build against the float build.

For each model, one harness process times, alternating, the float build
(TOSA lowered to linalg, then --fxp-reference-to-llvm), the fixed-point
build through fxp's fast lowering (n/a until fxp-opt has it) and through the
reference lowering, all compiled by clang-22 -O3 -march=native; the two
fixed-point builds must agree bit for bit. Prints microseconds per image and
the speed relative to float.

    bench/models/run.sh [--quick] [--filter REGEX]
"""

import argparse
import os
import re
import sys

from fxp.tools import FLOAT_PIPELINE, ROOT, calibrate

from fxpbench import toolchain
from fxpbench.table import Table


class Model:
    """A model file: float TOSA that --fxp-f8net quantizes, or (`in_fxp`)
    written in fxp, without a float twin."""

    def __init__(self, name, path, function, input_shape, output_shape,
                 images, in_fxp=False):
        self.name, self.path, self.function = name, path, function
        self.input_shape, self.output_shape = input_shape, output_shape
        self.images, self.in_fxp = images, in_fxp

    def text(self):
        with open(os.path.join(ROOT, self.path)) as f:
            return f.read()

    def float_model(self):
        return None if self.in_fxp else self.text()

    def fixed_model(self):
        """The model and the passes that make it fixed point."""
        return self.text(), [] if self.in_fxp else ["--fxp-f8net"]


class Digits(Model):
    """The demo (python/fxp/demo.py): an MLP on a batch of 360 digits,
    calibrated on training images as the demo does."""

    def __init__(self):
        super().__init__("digits-mlp", "examples/digits/mlp.mlir", "mlp",
                         [1, 360, 64], [1, 360, 10], 360)

    def fixed_model(self):
        sys.path.insert(0, os.path.join(ROOT, "examples", "digits"))
        from train import BATCH, split
        x_train = split()[0]
        return calibrate(self.text(), x_train[:BATCH][None, None]), ["--fxp-f8net"]


MODELS = [
    Digits(),
    # The tiny ResNet block in TOSA, with its calibration statistics.
    Model("tiny-resnet", "test/Transforms/Inputs/tiny_resnet.mlir", "tiny_resnet",
          [1, 4, 4, 2], [1, 1, 3], 1),
    # The F8Net block written in fxp: no float twin.
    Model("f8net-block", "examples/f8net_block.mlir", "f8net_block",
          [1, 4, 4, 2], [1, 4, 4, 2], 1, in_fxp=True),
]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer, shorter repetitions")
    parser.add_argument("--filter", default="",
                        help="only models whose name matches this regex "
                             "(" + ", ".join(m.name for m in MODELS) + ")")
    parser.add_argument("--target", default="host",
                        help="--fxp-lower-to-llvm target")
    args = parser.parse_args(argv)

    fast, reference = toolchain.lowerings()
    print(f"fxp model bench, single thread, on {toolchain.cpu_model()}")
    print(f"float: TOSA -> linalg -> --{reference.pipeline}; fxp: --fxp-f8net, "
          f"then --{fast.pipeline}=target={args.target}"
          f"{'' if fast.available else ' (n/a, not in this fxp-opt)'} or "
          f"--{reference.pipeline}")
    print("us = median time per image; x = float time / this time (above 1: "
          "faster than float)\n")
    table = Table(["float", "fxp:fast", "fxp:ref"], unit="us")
    table.header()
    failed = False
    for model in MODELS:
        if not re.search(args.filter, model.name):
            continue
        builds, missing = [], {}
        float_text = model.float_model()
        if float_text is None:
            missing["float"] = "n/a"
        else:
            builds.append(("float", float_text, FLOAT_PIPELINE + reference.args(),
                           reference.abi))
        fixed, passes = model.fixed_model()
        builds.append(("fxp:ref", fixed, passes + reference.args(), reference.abi))
        if fast.available:
            builds.append(("fxp:fast", fixed, passes + fast.args(args.target), fast.abi))
        else:
            missing["fxp:fast"] = "n/a"
        harness = ["model", "--input=" + "x".join(map(str, model.input_shape)),
                   "--output=" + "x".join(map(str, model.output_shape)),
                   *toolchain.timing_args(args.quick)]
        for name, text, passes, abi in builds:
            harness.append(toolchain.contender(
                name, abi, toolchain.llvm_ir(text, passes), model.function))
        results, _ = toolchain.run_harness(harness)
        failed |= table.row(model.name, model.images, results, missing)
    print("\ncheck: the fast and the reference fixed-point builds agree bit for bit")
    return 1 if failed else 0


if __name__ == "__main__":
    toolchain.run_command(main)
