"""Trains the Fashion-MNIST demo model and exports it as ONNX for fxp.

A small CNN with what F8Net quantizes in real networks: conv-BN-ReLU, a
strided conv-BN with PACT clipping (Clip(0, alpha), alpha learned), a
depthwise conv-BN-ReLU and a pointwise conv-BN whose sum with the PACT
output is a residual add, max pooling, a conv-BN-ReLU, global average
pooling and a linear head (about 25,000 weights, 2.2 million multiply-adds
per image). Float training with a fixed seed on the 60,000 training images
of Debian's dataset-fashion-mnist (4 epochs, 88.5% test accuracy, about
10 minutes on one busy core); fxp quantizes the result after training.

    /usr/bin/python3 examples/fashion/train.py [--epochs N] [-o fashion_cnn.onnx]
"""

import argparse
import os
import sys
import time

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
sys.path.insert(0, HERE)
import dataset  # noqa: E402
import fxp  # noqa: E402
from fxp.pytorch import PACT  # noqa: E402


def conv_bn(inputs, outputs, kernel, stride=1, groups=1):
    return nn.Sequential(
        nn.Conv2d(inputs, outputs, kernel, stride, kernel // 2, groups=groups,
                  bias=False),
        nn.BatchNorm2d(outputs))


class FashionNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = conv_bn(1, 16, 3)                # 28x28x16
        self.conv2 = conv_bn(16, 32, 3, stride=2)     # 14x14x32
        self.pact = PACT(4.0)
        self.depthwise = conv_bn(32, 32, 3, groups=32)
        self.pointwise = conv_bn(32, 32, 1)
        self.pool = nn.MaxPool2d(2)                   # 7x7x32
        self.conv3 = conv_bn(32, 64, 3)               # 7x7x64
        self.head = nn.Linear(64, 10)

    def forward(self, x):
        x = torch.relu(self.conv1(x))
        x = self.pact(self.conv2(x))
        branch = self.pointwise(torch.relu(self.depthwise(x)))
        x = self.pool(torch.relu(x + branch))
        x = torch.relu(self.conv3(x))
        x = torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1)
        return self.head(x)


def accuracy(net, images, labels):
    net.eval()
    with torch.no_grad():
        logits = torch.cat([net(images[i:i + 1000])
                            for i in range(0, len(images), 1000)])
    return 100 * (logits.argmax(1) == labels).float().mean().item()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("-o", "--output",
                        default=os.path.join(HERE, "fashion_cnn.onnx"))
    args = parser.parse_args()

    torch.manual_seed(0)
    np.random.seed(0)
    x_train, y_train = (torch.from_numpy(a) for a in dataset.load("train"))
    x_test, y_test = (torch.from_numpy(a) for a in dataset.load("test"))
    net = FashionNet()
    batch = 128
    steps = args.epochs * (len(x_train) // batch)
    optimizer = torch.optim.AdamW(net.parameters(), lr=3e-3, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, 3e-3, total_steps=steps)
    for epoch in range(args.epochs):
        start = time.time()
        net.train()
        order = torch.randperm(len(x_train))
        for i in range(len(x_train) // batch):
            index = order[i * batch:(i + 1) * batch]
            images = x_train[index]
            # Random horizontal flips: clothes look alike mirrored.
            flip = torch.rand(len(index)) < 0.5
            images[flip] = images[flip].flip(3)
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(net(images), y_train[index])
            loss.backward()
            optimizer.step()
            schedule.step()
        print(f"epoch {epoch + 1}: loss {loss.item():.3f}, test accuracy "
              f"{accuracy(net, x_test, y_test):.2f}% ({time.time() - start:.0f} s)",
              file=sys.stderr)
    fxp.torch_export(net, x_test[:1], args.output, output_names=("logits",))
    print(f"wrote {args.output}: float test accuracy "
          f"{accuracy(net, x_test, y_test):.2f}%, PACT alpha "
          f"{net.pact.alpha.item():.3f}", file=sys.stderr)


if __name__ == "__main__":
    main()
