# The bundled Fashion-MNIST CNN, quantized by fxp-compile, gives on test
# images exactly what python/fxp/reference.py computes from the same fxp IR
# (python/fxp/interpret.py runs it op by op with the spec's arithmetic,
# independent of both lowerings): the compiled object's integer entry point
# and the oracle agree bit for bit on every logit.
# With per-channel weights (per-axis formats, see docs/FixedPoint.md; the
# default) and per-tensor ones.
# REQUIRES: fashion-mnist
# RUN: %python %s 3 | FileCheck %s
# RUN: %python %s 3 --per-channel-weights=false | FileCheck %s
# CHECK: 3 test images: the compiled model's 30 logits equal reference.py's
import ctypes
import os
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, os.path.join(ROOT, "python"))
sys.path.insert(0, os.path.join(ROOT, "examples", "fashion"))

import dataset  # noqa: E402
from fxp import interpret, reference as ref  # noqa: E402
from fxp.compiler import FXP_COMPILE  # noqa: E402

count = int(sys.argv[1])
options = sys.argv[2:]
x_train, _ = dataset.load("train")
x_test, _ = dataset.load("test")
with tempfile.TemporaryDirectory() as tmp:
    def path(name):
        return os.path.join(tmp, name)
    np.save(path("calibration.npy"), x_train[:256])
    model = os.path.join(ROOT, "examples", "fashion", "fashion_cnn.onnx")
    subprocess.run([FXP_COMPILE, model, "--calibration", path("calibration.npy"),
                    "--emit=fxp", "--name", "model", "-o", path("model.fxp.mlir"),
                    *options],
                   check=True, stderr=subprocess.DEVNULL)
    subprocess.run([FXP_COMPILE, path("model.fxp.mlir"), "--shared",
                    "-o", path("model.so")], check=True)
    with open(path("model.fxp.mlir")) as f:
        module = f.read()
    library = ctypes.CDLL(path("model.so"))

    header, _ = interpret.function_body(module, "model_int_call")
    input_format = interpret.parse_format(header)
    images = x_test[:count]
    stored = np.array([[ref.quantize(v, input_format) for v in image.flatten()]
                       for image in images], dtype=np.uint8).reshape(images.shape)
    logits = np.zeros((count, 10), dtype=np.int32)
    status = library.model_int(ctypes.c_int64(count),
                               stored.ctypes.data_as(ctypes.c_void_p),
                               logits.ctypes.data_as(ctypes.c_void_p))
    assert status == 0, status

expected = np.array([interpret.run(module, "model_int_call", [image[None]])[0][0]
                     for image in stored], dtype=np.int64)
if not np.array_equal(expected, logits.astype(np.int64)):
    print("mismatch:\ncompiled:\n", logits, "\nreference.py:\n", expected)
    sys.exit(1)
print(f"{count} test images: the compiled model's {logits.size} logits equal "
      "reference.py's")
