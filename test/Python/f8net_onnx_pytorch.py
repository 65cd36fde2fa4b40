# RUN: %python %s %t
"""A PyTorch model through ONNX to F8Net: a small CNN with conv-BN-PACT
(Clip(0, alpha) with a learned alpha), conv-BN-ReLU, max pooling, Flatten
and a linear layer is trained on scikit-learn's digits, exported to ONNX
with its BatchNormalization nodes, imported with fxp-translate, calibrated
with fxp-calibrate on training images and quantized with --fxp-f8net.

The imported float model must match PyTorch, and the 8-bit fixed-point one
must keep its accuracy on the test images (within 2 points of float, and
the same prediction for 95% of them)."""

import os
import sys

import numpy as np
import torch
from torch import nn

from fxp.tools import (FLOAT_PIPELINE, ROOT, calibrate, float_driver,
                       fxp_opt, import_onnx, run_f32_program, with_driver)

sys.path.insert(0, os.path.join(ROOT, "examples", "digits"))
from train import BATCH, split  # noqa: E402  (the digits demo's data split)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(2, 8, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(8)
        self.alpha = nn.Parameter(torch.tensor(3.0))  # PACT's clipping level
        self.conv2 = nn.Conv2d(8, 16, 3, stride=2, padding=1)
        self.bn2 = nn.BatchNorm2d(16)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(16 * 2 * 2, 10)

    def forward(self, x):
        x = torch.clamp(self.bn1(self.conv1(x)), torch.zeros(()), self.alpha)
        x = torch.relu(self.bn2(self.conv2(x)))
        return self.fc(torch.flatten(self.pool(x), 1))


def train(x, y):
    torch.manual_seed(0)
    net = Net()
    optimizer = torch.optim.Adam(net.parameters(), lr=0.01)
    images, labels = torch.from_numpy(x), torch.from_numpy(y)
    for _ in range(60):
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(net(images), labels)
        loss.backward()
        optimizer.step()
    return net.eval()


def main(work):
    os.makedirs(work, exist_ok=True)
    x_train, x_test, y_train, y_test = split()
    # Two channels (the image and its square), so that the NCHW input needs
    # the importer's transpose to NHWC.
    x_train, x_test = (np.stack([x, x * x], 1).reshape(-1, 2, 8, 8)
                       .astype(np.float32) for x in (x_train, x_test))
    net = train(x_train, y_train.astype(np.int64))
    with torch.no_grad():
        torch_logits = net(torch.from_numpy(x_test)).numpy()

    # Exported as it is (eval mode, not fused), so BatchNormalization and
    # Clip stay nodes of the graph: the importer and --fxp-f8net fold them.
    path = os.path.join(work, "net.onnx")
    torch.onnx.export(net, torch.from_numpy(x_test), path, opset_version=13,
                      input_names=["x"], output_names=["logits"],
                      training=torch.onnx.TrainingMode.PRESERVE,
                      do_constant_folding=False)
    model = import_onnx(path)
    assert "tosa.transpose" in model and "tosa.mul" in model
    name = model.split("func.func @")[1].split("(")[0]
    calibrated = calibrate(model, x_train[:3 * BATCH].reshape(3, BATCH, 2, 8, 8))

    program = with_driver(calibrated, float_driver(name, x_test, (BATCH, 10)))
    floating = run_f32_program(program, *FLOAT_PIPELINE).reshape(BATCH, 10)
    fixed = run_f32_program(program, "--fxp-f8net").reshape(BATCH, 10)

    import_error = np.max(np.abs(floating - torch_logits))
    float_pred, fixed_pred = floating.argmax(1), fixed.argmax(1)
    float_acc = 100 * np.mean(float_pred == y_test)
    fixed_acc = 100 * np.mean(fixed_pred == y_test)
    agreement = 100 * np.mean(float_pred == fixed_pred)
    print(f"imported float vs PyTorch: max logit difference {import_error:.2e}")
    print(f"accuracy: float {float_acc:.2f}%, fxp {fixed_acc:.2f}%; "
          f"same prediction {agreement:.2f}%")

    quantized = fxp_opt(calibrated, "--fxp-f8net")
    assert "tosa.clamp" not in quantized and "fxp.clamp" not in quantized, \
        "PACT's Clip was not folded"
    assert import_error < 1e-4, "the imported model differs from PyTorch"
    assert float_acc > 90, "the model did not learn"
    assert fixed_acc >= float_acc - 2, "fxp lost accuracy"
    assert agreement >= 95, "fxp predictions differ from float"
    print("f8net onnx pytorch: passed")


if __name__ == "__main__":
    main(sys.argv[1])
