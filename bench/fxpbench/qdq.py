"""The int8 contender of bench/scale: an ONNX QDQ model, per tensor, from
the float model and the activation ranges of the calibration images.

What onnxruntime's own static quantizer does in its simplest setting, kept
small enough to read:
- activations u8, asymmetric, scale and zero point from the calibrated
  [min, max] widened to contain 0; a QuantizeLinear/DequantizeLinear pair on
  the graph input and on every node output, except
  - an output read only by Relu or Clip: the activation's output is
    quantized instead, so onnxruntime drops the activation into the
    quantization (its Relu/Clip-QuantizeLinear fusion) and the convolution
    becomes one QLinearConv;
  - the outputs of MaxPool, Flatten and Reshape, which reuse their input's
    parameters (they move values, so onnxruntime removes their QDQ pairs);
  - the graph output: the logits stay float, from the integer Gemm;
- Conv and Gemm weights s8, symmetric (zero point 0), scale max|w| / 127;
  biases s32 with scale input scale * weight scale, as the integer kernels
  need.
"""

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ACTIVATIONS = ("Relu", "Clip")
MOVES = ("MaxPool", "Flatten", "Reshape")


def with_activation_outputs(model):
    """`model` with every node output (but constants) as a graph output, to
    measure the activation ranges."""
    model = onnx.ModelProto.FromString(model.SerializeToString())
    present = {o.name for o in model.graph.output}
    for node in model.graph.node:
        if node.op_type == "Constant":
            continue
        for name in node.output:
            if name not in present:
                model.graph.output.append(
                    helper.make_tensor_value_info(name, TensorProto.FLOAT, None))
    return model


def activation_params(lo, hi):
    """u8 scale and zero point of the range [lo, hi]."""
    lo, hi = min(float(lo), 0.0), max(float(hi), 0.0)
    scale = (hi - lo) / 255 or 1.0
    return scale, int(np.clip(round(-lo / scale), 0, 255))


def quantize(model, ranges):
    """The QDQ model of the float ONNX `model`; `ranges` maps the graph input
    and every node output to its calibrated [min, max]."""
    model = onnx.ModelProto.FromString(model.SerializeToString())
    graph = model.graph
    initializers = {i.name: i for i in graph.initializer}
    outputs = {o.name for o in graph.output}
    readers = {}
    for node in graph.node:
        for name in node.input:
            readers.setdefault(name, []).append(node)

    params, new_nodes, new_initializers = {}, [], []
    renamed = {}

    def constant(name, array):
        new_initializers.append(numpy_helper.from_array(array, name))
        return name

    def quantize_activation(name, scale, zero_point):
        params[name] = (scale, zero_point)
        if name in outputs:
            return
        s = constant(name + "_scale", np.array(scale, np.float32))
        z = constant(name + "_zero_point", np.array(zero_point, np.uint8))
        new_nodes.append(helper.make_node("QuantizeLinear", [name, s, z],
                                          [name + "_q"]))
        new_nodes.append(helper.make_node("DequantizeLinear", [name + "_q", s, z],
                                          [name + "_dq"]))
        renamed[name] = name + "_dq"

    def dequantized_weight(name, scale_of_input):
        weight = numpy_helper.to_array(initializers[name]).astype(np.float32)
        scale = float(np.abs(weight).max()) / 127 or 1.0
        q = np.clip(np.round(weight / scale), -127, 127).astype(np.int8)
        inputs = [constant(name + "_q", q),
                  constant(name + "_scale", np.array(scale, np.float32)),
                  constant(name + "_zero_point", np.array(0, np.int8))]
        new_nodes.append(helper.make_node("DequantizeLinear", inputs, [name + "_dq"]))
        return name + "_dq", scale * scale_of_input

    def dequantized_bias(name, scale):
        bias = numpy_helper.to_array(initializers[name]).astype(np.float64)
        q = np.round(bias / scale).astype(np.int32)
        inputs = [constant(name + "_q", q),
                  constant(name + "_scale", np.array(scale, np.float32)),
                  constant(name + "_zero_point", np.array(0, np.int32))]
        new_nodes.append(helper.make_node("DequantizeLinear", inputs, [name + "_dq"]))
        return name + "_dq"

    source = graph.input[0].name
    quantize_activation(source, *activation_params(*ranges[source]))
    for node in graph.node:
        original = list(node.input)
        inputs = [renamed.get(name, name) for name in original]
        if node.op_type in ("Conv", "Gemm"):
            activation_scale = params[original[0]][0]
            inputs[1], bias_scale = dequantized_weight(original[1], activation_scale)
            if len(inputs) > 2:
                inputs[2] = dequantized_bias(original[2], bias_scale)
        del node.input[:]
        node.input.extend(inputs)
        new_nodes.append(node)
        if node.op_type == "Constant":
            continue
        for name in node.output:
            users = readers.get(name, [])
            if node.op_type in MOVES:
                quantize_activation(name, *params[original[0]])
            elif not users or not all(u.op_type in ACTIVATIONS for u in users):
                quantize_activation(name, *activation_params(*ranges[name]))
    del graph.node[:]
    graph.node.extend(new_nodes)
    graph.initializer.extend(new_initializers)
    return model
