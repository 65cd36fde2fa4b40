"""The accuracy benchmark's models: four small networks trained on
Fashion-MNIST (Debian's dataset-fashion-mnist) with Debian's python3-torch,
each exported to ONNX with a fixed batch size.

    python3 -m fxpbench.fashion [--force] [MODEL ...]

trains the models (or the named ones) and caches them under
FXP_BUILD_DIR/bench/accuracy; the benchmark does so on its first run.
Training is seeded and single-threaded, so it gives the same weights every
time on one machine.
"""

import argparse
import gzip
import hashlib
import os
import sys

import numpy as np

from fxp.tools import BUILD

DATA = "/usr/share/datasets/fashion-mnist"
CACHE = os.path.join(BUILD, "bench", "accuracy")
# The exported models take this many images per call.
BATCH = 250
# Calibration images, the first of the training set (as issue 10 measured).
CALIBRATION = 500


def _read_idx(name):
    with gzip.open(os.path.join(DATA, name)) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def load():
    """(x_train, y_train, x_test, y_test): images as float32 N x 1 x 28 x 28
    in [0, 1] (k / 255), labels as int64."""
    def images(name):
        return (_read_idx(name).astype(np.float32) / 255)[:, None]

    def labels(name):
        return _read_idx(name).astype(np.int64)

    return (images("train-images-idx3-ubyte.gz"), labels("train-labels-idx1-ubyte.gz"),
            images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz"))


def _networks():
    """{name: (description, constructor)}; torch is imported only here, so
    that reading cached results needs no torch."""
    import torch
    from torch import nn

    def conv_bn(cin, cout, kernel, stride=1, groups=1):
        return nn.Sequential(
            nn.Conv2d(cin, cout, kernel, stride, kernel // 2, groups=groups, bias=False),
            nn.BatchNorm2d(cout))

    class Pact(nn.Module):
        """PACT: clip(x, 0, alpha) with a learned clipping level."""

        def __init__(self, alpha=6.0):
            super().__init__()
            self.alpha = nn.Parameter(torch.tensor(alpha))

        def forward(self, x):
            return torch.clamp(x, torch.zeros(()), self.alpha)

    class Cnn(nn.Module):
        """conv-BN-ReLU x 3 with max pooling, global 7x7 average pool, FC."""

        def __init__(self):
            super().__init__()
            self.body = nn.Sequential(
                conv_bn(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
                conv_bn(16, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
                conv_bn(32, 64, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1))
            self.fc = nn.Linear(64, 10)

        def forward(self, x):
            return self.fc(torch.flatten(self.body(x), 1))

    class PactBlock(nn.Module):
        """F8Net's residual block: conv-BN-PACT, conv-BN, the shortcut (a
        strided 1x1 conv-BN when the shape changes), add, PACT."""

        def __init__(self, cin, cout, stride):
            super().__init__()
            self.conv1, self.pact1 = conv_bn(cin, cout, 3, stride), Pact()
            self.conv2 = conv_bn(cout, cout, 3)
            self.shortcut = (conv_bn(cin, cout, 1, stride)
                             if stride != 1 or cin != cout else nn.Identity())
            self.pact2 = Pact()

        def forward(self, x):
            y = self.conv2(self.pact1(self.conv1(x)))
            return self.pact2(y + self.shortcut(x))

    class PactResNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.stem, self.pact = conv_bn(1, 16, 3), Pact()
            self.blocks = nn.Sequential(PactBlock(16, 16, 1), PactBlock(16, 32, 2),
                                        PactBlock(32, 32, 1), PactBlock(32, 64, 2))
            self.fc = nn.Linear(64, 10)

        def forward(self, x):
            x = self.blocks(self.pact(self.stem(x)))
            return self.fc(torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1))

    class InvertedResidual(nn.Module):
        """MobileNetV2's block: pointwise expansion-BN-ReLU6, depthwise
        3x3-BN-ReLU6, pointwise projection-BN (linear), residual add when
        the shape stays."""

        def __init__(self, cin, cout, stride, expand=3):
            super().__init__()
            mid = cin * expand
            self.body = nn.Sequential(
                conv_bn(cin, mid, 1), nn.ReLU6(),
                conv_bn(mid, mid, 3, stride, groups=mid), nn.ReLU6(),
                conv_bn(mid, cout, 1))
            self.residual = stride == 1 and cin == cout

        def forward(self, x):
            y = self.body(x)
            return x + y if self.residual else y

    class DepthwiseNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.stem = nn.Sequential(conv_bn(1, 16, 3, 2), nn.ReLU6())
            self.blocks = nn.Sequential(
                InvertedResidual(16, 16, 1), InvertedResidual(16, 24, 2),
                InvertedResidual(24, 24, 1), InvertedResidual(24, 24, 1))
            self.head = nn.Sequential(conv_bn(24, 64, 1), nn.ReLU6(),
                                      nn.AdaptiveAvgPool2d(1))
            self.fc = nn.Linear(64, 10)

        def forward(self, x):
            return self.fc(torch.flatten(self.head(self.blocks(self.stem(x))), 1))

    class Mlp(nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = nn.Sequential(
                nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128),
                nn.ReLU(), nn.Linear(128, 10))

        def forward(self, x):
            return self.layers(x)

    return {
        "cnn": ("conv-BN-ReLU x3, max pools, 7x7 global average pool, FC", Cnn),
        "pact-resnet": ("F8Net-style residual blocks with PACT clipping", PactResNet),
        "dw-residual": ("MobileNetV2-style depthwise/pointwise inverted residuals",
                        DepthwiseNet),
        "mlp": ("784-256-128-10, ReLU", Mlp),
    }


NAMES = ["cnn", "pact-resnet", "dw-residual", "mlp"]
EPOCHS = 2


def _source_key(name):
    """Changes when this file, and so a model or its training, changes."""
    with open(__file__, "rb") as f:
        return hashlib.sha256(f.read() + name.encode()).hexdigest()[:16]


def onnx_path(name):
    return os.path.join(CACHE, f"{name}-{_source_key(name)}.onnx")


def float_logits_path(name):
    return os.path.join(CACHE, f"{name}-{_source_key(name)}.logits.npy")


def train(name, data, log=sys.stderr):
    """Trains model `name` on the training set; writes its ONNX export and
    its float logits on the test set to the cache."""
    import torch
    from torch import nn

    torch.manual_seed(0)
    torch.set_num_threads(1)
    x_train, y_train, x_test, _ = data
    description, constructor = _networks()[name]
    net = constructor()
    images, labels = torch.from_numpy(x_train), torch.from_numpy(y_train)
    steps_per_epoch = len(images) // 128
    optimizer = torch.optim.Adam(net.parameters(), lr=2e-3)
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, 4e-3, total_steps=EPOCHS * steps_per_epoch)
    generator = torch.Generator().manual_seed(0)
    net.train()
    for epoch in range(EPOCHS):
        order = torch.randperm(len(images), generator=generator)
        total = 0.0
        for step in range(steps_per_epoch):
            batch = order[step * 128:(step + 1) * 128]
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(net(images[batch]), labels[batch])
            loss.backward()
            optimizer.step()
            schedule.step()
            total += loss.item()
        print(f"fxp bench: {name} epoch {epoch + 1}/{EPOCHS}, loss "
              f"{total / steps_per_epoch:.3f}", file=log, flush=True)
    net.eval()
    with torch.no_grad():
        logits = torch.cat([net(torch.from_numpy(x_test[i:i + 1000]))
                            for i in range(0, len(x_test), 1000)]).numpy()
    os.makedirs(CACHE, exist_ok=True)
    partial = f"{onnx_path(name)}.{os.getpid()}"
    # Eval mode: the export folds BatchNorm into the convolutions, as a
    # deployed model has it.
    torch.onnx.export(net, torch.from_numpy(x_test[:BATCH]), partial,
                      opset_version=13, input_names=["x"],
                      output_names=["logits"])
    np.save(float_logits_path(name), logits)
    os.replace(partial, onnx_path(name))


def ensure_trained(names, data, force=False):
    for name in names:
        if force or not os.path.exists(onnx_path(name)):
            print(f"fxp bench: training {name} ({EPOCHS} epochs, cached in "
                  f"{CACHE})", file=sys.stderr, flush=True)
            train(name, data)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", metavar="MODEL",
                        help="models to train (" + ", ".join(NAMES) + ")")
    parser.add_argument("--force", action="store_true",
                        help="train again even when cached")
    args = parser.parse_args(argv)
    unknown = set(args.names) - set(NAMES)
    if unknown:
        parser.error(f"unknown models: {', '.join(sorted(unknown))}")
    ensure_trained(args.names or NAMES, load(), args.force)


if __name__ == "__main__":
    main()
