# RUN: %python %s %t
"""ONNX's own test models (Debian's libonnx-testdata) for the ops fxp
imports: each is imported with fxp-translate, run in float through the
reference lowering, and compared with the test data's outputs (max
absolute error at most 1e-5).

Each model runs as ONNX ships it, its parameters as graph inputs, and
"frozen": every input but the first made an initializer, so that the
importer's constant path (weights transposed at import time, BatchNorm
folded into constants, constant broadcasting) is tested too. Ops whose
parameters must be constants (CONSTANT_PARAMETERS) are rejected as shipped.
Older models are converted to opset 13 with onnx.version_converter, and
the pytorch-converted models with weights as initializers are included.
Tests of the same ops that fxp does not support (UNSUPPORTED) must be
rejected with an error, never a crash."""

import glob
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import numpy_helper, version_converter

from fxp.tools import (FLOAT_PIPELINE, FXP_TRANSLATE, calls_driver,
                       run_f32_program, with_driver)

DATA = "/usr/share/libonnx-testdata/data"
OPS = ("Add", "AveragePool", "BatchNormalization", "Cast", "Clip", "Concat",
       "Constant", "Conv", "Dropout", "Flatten", "Gemm", "GlobalAveragePool",
       "Identity", "MatMul", "MaxPool", "Mul", "Relu", "Reshape", "Shape",
       "Squeeze", "Transpose", "Unsqueeze")
CONSTANT_PARAMETERS = ("BatchNormalization", "Clip", "Conv", "Reshape")
# Tests of these ops that fxp rejects, besides those on tensors of other
# types than float (found from the models).
UNSUPPORTED = {
    # Not 2-D.
    "test_averagepool_1d_default", "test_averagepool_3d_default",
    "test_maxpool_1d_default", "test_maxpool_3d_default", "test_AvgPool3d",
    "test_AvgPool3d_stride",
    "test_AvgPool3d_stride1_pad0_gpu_input", "test_MaxPool1d",
    "test_MaxPool1d_stride", "test_MaxPool1d_stride_padding_dilation",
    "test_MaxPool3d", "test_MaxPool3d_stride", "test_MaxPool3d_stride_padding",
    "test_operator_maxpool", "test_Conv1d", "test_Conv1d_dilated",
    "test_Conv1d_groups", "test_Conv1d_pad1", "test_Conv1d_pad1size1",
    "test_Conv1d_pad2", "test_Conv1d_pad2size1", "test_Conv1d_stride",
    "test_Conv3d", "test_Conv3d_dilated", "test_Conv3d_dilated_strided",
    "test_Conv3d_groups", "test_Conv3d_no_bias", "test_Conv3d_stride",
    "test_Conv3d_stride_padding",
    # Training, second outputs, dilated pooling, zero-size tensors.
    "test_batchnorm_epsilon_training_mode",
    "test_batchnorm_example_training_mode", "test_dropout_default_mask",
    "test_dropout_default_mask_ratio", "test_training_dropout",
    "test_training_dropout_default", "test_training_dropout_default_mask",
    "test_training_dropout_mask", "test_training_dropout_zero_ratio",
    "test_training_dropout_zero_ratio_mask",
    "test_maxpool_with_argmax_2d_precomputed_pads",
    "test_maxpool_with_argmax_2d_precomputed_strides",
    "test_maxpool_2d_dilations", "test_MaxPool2d_stride_padding_dilation",
    "test_reshape_allowzero_reordered",
}


def is_float(infos):
    return all(i.type.tensor_type.elem_type == onnx.TensorProto.FLOAT
               for i in infos)


def load_tensor(path):
    tensor = onnx.TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    return numpy_helper.to_array(tensor)


def find_tests():
    """(name, directory) of every test whose model uses only OPS."""
    tests = []
    for directory in sorted(glob.glob(f"{DATA}/node/test_*") +
                            glob.glob(f"{DATA}/pytorch-converted/test_*") +
                            glob.glob(f"{DATA}/pytorch-operator/test_*")):
        model = onnx.load(os.path.join(directory, "model.onnx"))
        tensors = all(i.type.HasField("tensor_type") for i in model.graph.input)
        if tensors and all(n.op_type in OPS for n in model.graph.node):
            tests.append((os.path.basename(directory), directory))
    return tests


def variants(name, directory):
    """(label, model, inputs, outputs, expect_import) of each way to run a
    test."""
    model = onnx.load(os.path.join(directory, "model.onnx"))
    opset = next(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))
    if opset < 11:
        model = version_converter.convert_version(model, 13)
    data = os.path.join(directory, "test_data_set_0")
    inputs, outputs = ([load_tensor(f"{data}/{kind}_{i}.pb")
                        for i in range(len(glob.glob(f"{data}/{kind}_*.pb")))]
                       for kind in ("input", "output"))
    initialized = {i.name for i in model.graph.initializer}
    graph_inputs = [i for i in model.graph.input if i.name not in initialized]
    needs_constants = any(n.op_type in CONSTANT_PARAMETERS for n in model.graph.node)
    supported = name not in UNSUPPORTED and is_float(model.graph.output)
    yield ("as shipped", model, inputs, outputs,
           supported and is_float(graph_inputs) and
           not (needs_constants and len(graph_inputs) > 1))
    if len(graph_inputs) > 1:
        frozen = onnx.ModelProto()
        frozen.CopyFrom(model)
        for info, value in zip(graph_inputs[1:], inputs[1:]):
            frozen.graph.initializer.append(numpy_helper.from_array(value, info.name))
        yield ("frozen", frozen, inputs[:1], outputs,
               supported and is_float(graph_inputs[:1]))


def main(work):
    os.makedirs(work, exist_ok=True)
    failures, calls, expected, modules, rejected = [], [], [], [], 0
    for name, directory in find_tests():
        for label, model, inputs, outputs, expect_import in variants(name, directory):
            test = f"{name} ({label})"
            function = f"t{len(modules)}"
            model.graph.name = function
            path = os.path.join(work, function + ".onnx")
            onnx.save(model, path)
            result = subprocess.run([FXP_TRANSLATE, "--import-onnx", path],
                                    capture_output=True, text=True)
            imported = result.returncode == 0
            if result.returncode not in (0, 1) or (not imported and "error:" not in result.stderr):
                failures.append(f"{test}: crashed ({result.returncode}): {result.stderr}")
            elif imported != expect_import:
                failures.append(f"{test}: import {'succeeded' if imported else 'failed'}, "
                                f"expected otherwise: {result.stderr.strip()}")
            elif not imported:
                rejected += 1
            else:
                modules.append(result.stdout.strip()[len("module {"):-1])
                calls.append((function, inputs, [o.shape for o in outputs]))
                expected.append((name, label, outputs))
    program = with_driver("module {\n" + "\n".join(modules) + "}\n", calls_driver(calls))
    values = run_f32_program(program, *FLOAT_PIPELINE)
    offset, worst, ran, models = 0, 0.0, 0, set()
    for name, label, outputs in expected:
        errors = []
        for reference in outputs:
            got = values[offset:offset + reference.size].reshape(reference.shape)
            offset += reference.size
            errors.append(float(np.max(np.abs(got - reference), initial=0.0)))
        worst = max([worst] + errors)
        if all(error <= 1e-5 for error in errors):
            ran += 1
            models.add(name)
        else:
            failures.append(f"{name} ({label}): max error {max(errors):g}")
    assert offset == values.size, "the program printed more values than expected"
    for failure in failures:
        print("FAIL", failure)
    print(f"{ran} of {len(expected)} imported variants ({len(models)} test "
          f"models) within 1e-5 of the reference (max error {worst:.3g}); "
          f"{rejected} rejected as expected")
    print(f"onnx node tests: {ran + rejected} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
