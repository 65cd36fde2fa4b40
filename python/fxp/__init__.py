"""fxp: fixed-point (F8Net) compilation of neural networks, from Python.

    import fxp
    model = fxp.compile("model.onnx", calibration=images, target="host")
    logits = model(images)

`compile` runs fxp-compile and loads what it wrote (fxp.compiler);
`accuracy` and `agreement` compare logits; `torch_export` writes a PyTorch
model as ONNX, PACT clipping as Clip(0, alpha); `python3 -m fxp` is the
command line.
`fxp.reference` is an independent statement of the fxp arithmetic, and
`fxp.fuzz` tests the compiler against it.
"""

from fxp.compiler import Model, accuracy, agreement, compile  # noqa: F401


def torch_export(module, example_input, path, **kwargs):
    """See fxp.pytorch.torch_export (imports torch only when called)."""
    from fxp.pytorch import torch_export as export
    return export(module, example_input, path, **kwargs)
