"""Fashion-MNIST as Debian's `dataset-fashion-mnist` installs it: 60,000
training and 10,000 test images of 28x28 gray pixels in ten classes of
clothing, read from the IDX files in /usr/share/datasets/fashion-mnist."""

import gzip
import os

import numpy as np

DIRECTORY = "/usr/share/datasets/fashion-mnist"
CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
           "Shirt", "Sneaker", "Bag", "Ankle boot")


def _read_idx(name):
    with gzip.open(os.path.join(DIRECTORY, name)) as f:
        data = f.read()
    # IDX: two zero bytes, the element type (8: unsigned byte), the rank,
    # then one big-endian 32-bit size per dimension.
    if data[:3] != b"\0\0\x08":
        raise ValueError(f"{name} is not an IDX file of unsigned bytes")
    rank = data[3]
    shape = np.frombuffer(data, ">u4", rank, 4).astype(np.int64)
    return np.frombuffer(data, np.uint8, offset=4 + 4 * rank).reshape(shape)


def load(split):
    """(images, labels) of the "train" or "test" split: float32 images of
    shape (N, 1, 28, 28) (NCHW) with pixels scaled to [0, 1], int64 labels."""
    prefix = {"train": "train", "test": "t10k"}[split]
    images = _read_idx(f"{prefix}-images-idx3-ubyte.gz")
    labels = _read_idx(f"{prefix}-labels-idx1-ubyte.gz")
    return (images[:, None].astype(np.float32) / 255.0,
            labels.astype(np.int64))
