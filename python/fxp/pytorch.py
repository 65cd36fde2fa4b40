"""PyTorch models to ONNX files that fxp compiles.

    import fxp
    fxp.torch_export(net, torch.zeros(1, 1, 28, 28), "net.onnx")

`PACT` is F8Net's clipped ReLU with a learned level alpha, written so that
it exports as `Clip(0, alpha)`, which `--fxp-fold-pact` folds into the
formats. This module imports torch (Debian's `python3-torch`); the rest of
the fxp package does not need it.
"""

import torch
from torch import nn

OPSET = 13


class PACT(nn.Module):
    """y = clamp(x, 0, alpha) with a learned alpha (Choi et al., 2018)."""

    def __init__(self, alpha=6.0):
        super().__init__()
        self.alpha = nn.Parameter(torch.tensor(float(alpha)))

    def forward(self, x):
        # Tensor bounds export as Clip's inputs: min a constant, max the
        # alpha initializer, which is how the ONNX importer recognizes PACT.
        return torch.clamp(x, torch.zeros((), dtype=x.dtype), self.alpha)


def torch_export(module, example_input, path, input_names=("input",),
                 output_names=("output",)):
    """Writes `module` (put in eval mode) as an ONNX model at `path` for
    fxp-compile: opset 13, static shapes (those of `example_input`, whose
    leading dimension is the batch the compiled model takes per call, 1 for
    any batch size), BatchNormalization and Clip kept as nodes for fxp to
    fold. Returns `path`."""
    module.eval()
    with torch.no_grad():
        torch.onnx.export(module, example_input, path, opset_version=OPSET,
                          input_names=list(input_names),
                          output_names=list(output_names),
                          training=torch.onnx.TrainingMode.PRESERVE,
                          do_constant_folding=False)
    return path
