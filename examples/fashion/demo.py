"""The fxp demo: a CNN trained on Fashion-MNIST, compiled ahead of time from
its ONNX file to 8-bit fixed point with fxp-compile, against its float
build, on the 10,000 real test images.

The model (fashion_cnn.onnx, trained by train.py) has conv-BN-ReLU, a PACT
clip, a depthwise and a pointwise conv with a residual add, pooling and a
linear head. The demo calibrates on 256 training images, compiles the model
for the host (the mse rule, the fast lowering) and as float (upstream
TOSA lowering, the baseline), runs both, prints accuracy, agreement,
latency and the per-layer formats; then cross-compiles it for AArch64 and
checks a sample under qemu, bit for bit against the host's outputs.

    python3 examples/fashion/demo.py [--min-accuracy PERCENT]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
sys.path.insert(0, HERE)
import dataset  # noqa: E402
import fxp  # noqa: E402
from fxp.compiler import format_report  # noqa: E402
from fxp.tools import LLVM_BIN  # noqa: E402

MODEL = os.path.join(HERE, "fashion_cnn.onnx")
AARCH64 = "aarch64-dotprod"


def check_aarch64(directory, calibration, images, expected):
    """Cross-compiles for AArch64, runs `images` under qemu, and returns
    whether the outputs equal `expected` bit for bit (None without qemu)."""
    qemu = shutil.which("qemu-aarch64")
    if not qemu or not os.path.isdir("/usr/aarch64-linux-gnu/lib"):
        return None
    obj = fxp.compile(MODEL, calibration, target=AARCH64, name="model",
                      directory=directory)
    exe = os.path.join(directory, "model-aarch64")
    subprocess.run([os.path.join(LLVM_BIN, "clang"), "--target=aarch64-linux-gnu",
                    "-O2", f"-DMODEL_HEADER=\"{directory}/model.h\"",
                    os.path.join(HERE, "run_batch.c"), obj, "-o", exe],
                   check=True)
    out = subprocess.run([qemu, "-cpu", "neoverse-n1", "-L", "/usr/aarch64-linux-gnu", exe],
                         input=np.ascontiguousarray(images, np.float32).tobytes(),
                         capture_output=True, check=True).stdout
    return np.array_equal(np.frombuffer(out, np.float32).reshape(expected.shape),
                          expected)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-accuracy", type=float, default=0,
                        help="fail when fxp accuracy is below this")
    parser.add_argument("--qemu-sample", type=int, default=100,
                        help="test images run under qemu")
    args = parser.parse_args()

    x_train, _ = dataset.load("train")
    x_test, y_test = dataset.load("test")
    calibration = x_train[:256]
    print(f"fxp demo: Fashion-MNIST CNN ({os.path.basename(MODEL)}), "
          f"{len(x_test)} test images")
    with tempfile.TemporaryDirectory() as tmp:
        for stage in ("fxp", "float", "aarch64"):
            os.mkdir(os.path.join(tmp, stage))
        start = time.perf_counter()
        fixed = fxp.compile(MODEL, calibration, target="host",
                            directory=os.path.join(tmp, "fxp"))
        compile_time = time.perf_counter() - start
        baseline = fxp.compile(MODEL, float_model=True,
                               directory=os.path.join(tmp, "float"))

        y_fixed, y_float = fixed(x_test), baseline(x_test)
        acc_fixed = fxp.accuracy(y_fixed, y_test)
        acc_float = fxp.accuracy(y_float, y_test)
        batch1 = (fixed.latency(x_test[:1], 200), baseline.latency(x_test[:1], 20))
        batch100 = (fixed.latency(x_test[:100], 5), baseline.latency(x_test[:100], 2))

        print(f"compiled for the host in {compile_time:.1f} s "
              f"(import, calibration on {len(calibration)} images, F8Net, "
              f"fast lowering, object)\n")
        print(f"{'':14}{'accuracy':>10}{'us/image (batch 1)':>22}"
              f"{'us/image (batch 100)':>24}")
        print(f"{'float32':14}{acc_float:>9.2f}%{1e6 * batch1[1]:>22.1f}"
              f"{1e6 * batch100[1]:>24.1f}")
        print(f"{'fxp 8-bit':14}{acc_fixed:>9.2f}%{1e6 * batch1[0]:>22.1f}"
              f"{1e6 * batch100[0]:>24.1f}")
        print(f"\nfxp is {batch1[1] / batch1[0]:.1f}x faster than the float "
              f"build at batch 1, {batch100[1] / batch100[0]:.1f}x at batch "
              f"100; predictions equal to float: "
              f"{fxp.agreement(y_fixed, y_float):.2f}%; accuracy "
              f"{acc_fixed - acc_float:+.2f} points\n")
        print("per-layer formats (mse rule):")
        print("\n".join("  " + line for line in format_report(fixed.report)))

        sample = x_test[:args.qemu_sample]
        same = check_aarch64(os.path.join(tmp, "aarch64"), calibration, sample,
                             y_fixed[:len(sample)])
        if same is None:
            print(f"\n{AARCH64}: qemu-aarch64 is not installed; not checked")
        else:
            print(f"\n{AARCH64} object under qemu on {len(sample)} images: "
                  f"{'bit-identical to the host' if same else 'DIFFERENT from the host'}")
    if same is False or acc_fixed < args.min_accuracy:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
