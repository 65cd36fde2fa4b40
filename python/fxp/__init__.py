"""fxp: Python side of the fxp fixed-point compiler.

`torch_export` writes a PyTorch model as ONNX for fxp, PACT clipping as
Clip(0, alpha). `fxp.reference` is an independent executable statement of
the fxp arithmetic (fxp-spec.md sections 1-3), used to check the compiler
bit for bit; `fxp.fuzz` generates random fxp programs and compares the
compiler's results with it.
"""


def torch_export(module, example_input, path, **kwargs):
    """See fxp.pytorch.torch_export (imports torch only when called)."""
    from fxp.pytorch import torch_export as export
    return export(module, example_input, path, **kwargs)
