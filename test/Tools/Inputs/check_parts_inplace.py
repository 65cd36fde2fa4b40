"""Runs the shared library of parts_inplace.mlir (argv[1]) and prints
whether each output matches numpy."""
import ctypes
import sys

import numpy as np

model = ctypes.CDLL(sys.argv[1]).parts_inplace
x = (np.arange(-8, 8, dtype=np.float32) * 0.75).reshape(1, 4, 4)
w = np.array([[1.0, 2.0, 3.0, 4.0], [0.5, 0.25, 0.0, 1.0],
              [1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 2.0]], np.float32)
r = np.zeros((1, 4, 4), np.float32)
b = np.zeros((1, 4, 4), np.float32)


def pointer(array):
    return array.ctypes.data_as(ctypes.c_void_p)


assert model(ctypes.c_int64(1), pointer(x), pointer(r), pointer(b)) == 0
expected_b = np.floor(np.abs(x))
expected_r = expected_b.copy()
expected_r[0, 1, :] = (expected_b[0] @ w)[0, :]
print("b", "ok" if (b == expected_b).all() else "WRONG")
print("r", "ok" if np.allclose(r, expected_r, rtol=1e-6) else "WRONG")
