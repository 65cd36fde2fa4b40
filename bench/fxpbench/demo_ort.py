"""The demo model against onnxruntime: the bundled Fashion-MNIST CNN
(examples/fashion/fashion_cnn.onnx) compiled by fxp.compile for the host,
against onnxruntime 1.30 (npm onnxruntime-node, one thread) running the float
model and a per-tensor int8 QDQ model of it (bench/fxpbench/qdq.py), all
calibrated on the same 256 training images.

    python3 -m fxpbench.demo_ort --node-modules DIR [--tests N] [--reps N]

Prints CPU time per image (fxp at batch 1 and batch 100, onnxruntime at
batch 1: the model is exported with batch 1), the ratios, and accuracy and
agreement with onnxruntime fp32 on the test images.
"""

import argparse
import os
import sys
import tempfile
import time

import numpy as np
import onnx

import fxp
from fxpbench import qdq, scale

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "examples", "fashion"))
import dataset  # noqa: E402

MODEL = os.path.join(ROOT, "examples", "fashion", "fashion_cnn.onnx")


def cpu_per_image(model, images, reps):
    """Median over `reps` calls of the CPU time per image of model(images)."""
    times = []
    for _ in range(reps):
        start = time.process_time()
        model(images)
        times.append((time.process_time() - start) / len(images))
    return float(np.median(times))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--node-modules", required=True)
    parser.add_argument("--tests", type=int, default=1000)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args(argv)

    x_train, _ = dataset.load("train")
    x_test, y_test = dataset.load("test")
    calibration, tests, labels = x_train[:256], x_test[:args.tests], y_test[:args.tests]
    with tempfile.TemporaryDirectory() as work:
        ort = scale.Ort(args.node_modules, work)
        ranges_model = os.path.join(work, "ranges.onnx")
        onnx.save(qdq.with_activation_outputs(onnx.load(MODEL)), ranges_model)
        # One image per onnxruntime call: the model's batch is 1.
        ranges = ort.ranges(ranges_model, calibration[:, None])
        ranges[onnx.load(MODEL).graph.input[0].name] = [
            float(calibration.min()), float(calibration.max())]
        qdq_model = os.path.join(work, "qdq.onnx")
        onnx.save(qdq.quantize(onnx.load(MODEL), ranges), qdq_model)
        fp32_logits, fp32_ms, _ = ort.infer(MODEL, tests[:, None], args.reps)
        int8_logits, int8_ms, optimized = ort.infer(qdq_model, tests[:, None], args.reps)
        float_left = scale.float_compute_nodes(optimized)

        os.mkdir(os.path.join(work, "fxp"))
        model = fxp.compile(MODEL, calibration, target="host",
                            directory=os.path.join(work, "fxp"))
        fxp_logits = model(tests)
        batch1_ms = 1e3 * float(np.median(
            [cpu_per_image(model, tests[i:i + 1], 1) for i in range(min(300, len(tests)))]))
        batch100_ms = 1e3 * cpu_per_image(model, tests[:100], args.reps)

    print(f"demo model vs onnxruntime, {len(tests)} test images, one thread, "
          "CPU ms per image")
    print(f"{'':22}{'batch 1':>10}{'batch 100':>11}{'accuracy':>10}{'agree fp32':>12}")
    rows = [("onnxruntime fp32", fp32_ms, None, fp32_logits),
            ("onnxruntime int8 QDQ", int8_ms, None, int8_logits),
            ("fxp 8-bit", batch1_ms, batch100_ms, fxp_logits)]
    for name, one, hundred, logits in rows:
        accuracy = 100 * np.mean(logits.argmax(1) == labels)
        agree = 100 * np.mean(logits.argmax(1) == fp32_logits.argmax(1))
        hundred = f"{hundred:>11.4f}" if hundred is not None else f"{'-':>11}"
        print(f"{name:22}{one:>10.4f}{hundred}{accuracy:>9.2f}%{agree:>11.2f}%")
    print(f"fxp vs onnxruntime int8: {int8_ms / batch1_ms:.2f}x at batch 1, "
          f"{int8_ms / batch100_ms:.2f}x at batch 100; vs fp32: "
          f"{fp32_ms / batch1_ms:.2f}x, {fp32_ms / batch100_ms:.2f}x")
    if float_left:
        print(f"note: onnxruntime kept {float_left} float compute nodes in the int8 model")


if __name__ == "__main__":
    main()
