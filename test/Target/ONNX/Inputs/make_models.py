"""Writes the small ONNX models of the importer's lit tests next to this
script (the .onnx files are committed; rerun after changing a model):

    /usr/bin/python3 test/Target/ONNX/Inputs/make_models.py

Each model exercises one op or one error of fxp-translate --import-onnx.
Weights are small integers or fixed seeds, so that the files stay the same
from run to run."""

import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
FLOAT = TensorProto.FLOAT


def tensor(name, shape, element=FLOAT):
    return helper.make_tensor_value_info(name, element, shape)


def const(name, values, dtype=np.float32):
    return numpy_helper.from_array(np.asarray(values, dtype), name)


def arange(name, shape, scale=0.125):
    """A constant whose values tell their positions apart."""
    return const(name, (np.arange(np.prod(shape)) * scale).reshape(shape))


def model(name, nodes, inputs, outputs, initializers=(), opset=13,
          check=True):
    graph = helper.make_graph(nodes, name, inputs, outputs, list(initializers))
    m = helper.make_model(graph, producer_name="fxp make_models.py",
                          opset_imports=[helper.make_opsetid("", opset)])
    if check:
        onnx.checker.check_model(m)
    return m


def node(op, inputs, outputs, name=None, **attributes):
    return helper.make_node(op, inputs, outputs, name=name or outputs[0],
                            **attributes)


MODELS = {}


def define(function):
    MODELS[function.__name__] = function
    return function


# --- Supported ops ---------------------------------------------------------

@define
def conv_bn_relu():
    """Conv-BN-ReLU on NCHW: one transpose at the input and the output."""
    return model("conv_bn_relu", [
        node("Conv", ["x", "w", "b"], ["conv"], pads=[1, 1, 1, 1]),
        node("BatchNormalization", ["conv", "scale", "shift", "mean", "var"],
             ["bn"], epsilon=0.0),
        node("Relu", ["bn"], ["y"]),
    ], [tensor("x", [1, 3, 4, 4])], [tensor("y", [1, 2, 4, 4])], [
        arange("w", [2, 3, 3, 3]), const("b", [0.5, -0.5]),
        const("scale", [2.0, 3.0]), const("shift", [1.0, 0.0]),
        const("mean", [0.5, 1.0]), const("var", [4.0, 1.0])])


@define
def residual_block():
    """conv, conv, residual add, pools: no transpose between layers."""
    return model("residual_block", [
        node("Conv", ["x", "w1"], ["c1"], pads=[1, 1, 1, 1]),
        node("Relu", ["c1"], ["r1"]),
        node("Conv", ["r1", "w2", "b2"], ["c2"]),
        node("Add", ["c2", "r1"], ["sum"]),
        node("MaxPool", ["sum"], ["pool"], kernel_shape=[2, 2],
             strides=[2, 2]),
        node("GlobalAveragePool", ["pool"], ["y"]),
    ], [tensor("x", [1, 2, 4, 4])], [tensor("y", [1, 2, 1, 1])], [
        arange("w1", [2, 2, 3, 3]), arange("w2", [2, 2, 1, 1]),
        const("b2", [0.0, 1.0])])


@define
def conv_windows():
    """Strides that leave a remainder, auto_pad, dilations, asymmetric
    pads."""
    return model("conv_windows", [
        node("Conv", ["x", "w"], ["strided"], strides=[2, 2]),
        node("Conv", ["x", "w"], ["same"], strides=[2, 2],
             auto_pad="SAME_UPPER"),
        node("Conv", ["x", "w"], ["dilated"], dilations=[2, 2],
             pads=[2, 2, 2, 2]),
        node("Conv", ["x", "w"], ["asymmetric"], pads=[0, 1, 2, 0]),
    ], [tensor("x", [1, 1, 6, 6])], [
        tensor("strided", [1, 1, 2, 2]), tensor("same", [1, 1, 3, 3]),
        tensor("dilated", [1, 1, 6, 6]), tensor("asymmetric", [1, 1, 6, 5])],
        [arange("w", [1, 1, 3, 3])])


@define
def conv_groups():
    """Depthwise (with a multiplier of 2) and a two-group convolution."""
    return model("conv_groups", [
        node("Conv", ["x", "dw"], ["depthwise"], group=4),
        node("Conv", ["x", "gw", "gb"], ["grouped"], group=2),
    ], [tensor("x", [1, 4, 3, 3])], [
        tensor("depthwise", [1, 8, 1, 1]), tensor("grouped", [1, 2, 3, 3])],
        [arange("dw", [8, 1, 3, 3]), arange("gw", [2, 2, 1, 1], 1.0),
         const("gb", [0.5, 0.25])])


@define
def pools():
    """MaxPool with ceil_mode, AveragePool with and without
    count_include_pad."""
    return model("pools", [
        node("MaxPool", ["x"], ["max"], kernel_shape=[3, 3], strides=[2, 2],
             ceil_mode=1),
        node("AveragePool", ["x"], ["avg"], kernel_shape=[3, 3],
             pads=[1, 1, 1, 1]),
        node("AveragePool", ["x"], ["avg_pad"], kernel_shape=[3, 3],
             pads=[1, 1, 1, 1], count_include_pad=1),
    ], [tensor("x", [1, 2, 4, 4])], [
        tensor("max", [1, 2, 2, 2]), tensor("avg", [1, 2, 4, 4]),
        tensor("avg_pad", [1, 2, 4, 4])])


@define
def clips():
    """ReLU6 and PACT's Clip(0, alpha) with alpha an initializer, a Constant
    node and a Cast of a double Constant."""
    double_alpha = numpy_helper.from_array(np.array(1.5, np.float64), "a")
    return model("clips", [
        node("Constant", [], ["zero"], value_float=0.0),
        node("Constant", [], ["six"], value_float=6.0),
        node("Clip", ["x", "zero", "six"], ["relu6"]),
        node("Clip", ["x", "zero", "alpha"], ["pact_initializer"]),
        node("Constant", [], ["alpha_node"],
             value=numpy_helper.from_array(np.array(2.5, np.float32))),
        node("Clip", ["x", "zero", "alpha_node"], ["pact_constant"]),
        node("Constant", [], ["alpha_double"], value=double_alpha),
        node("Cast", ["alpha_double"], ["alpha_cast"], to=FLOAT),
        node("Clip", ["x", "zero", "alpha_cast"], ["pact_cast"]),
        node("Clip", ["x", "", "six"], ["max_only"]),
    ], [tensor("x", [1, 2])], [
        tensor("relu6", [1, 2]), tensor("pact_initializer", [1, 2]),
        tensor("pact_constant", [1, 2]), tensor("pact_cast", [1, 2]),
        tensor("max_only", [1, 2])], [const("alpha", 3.5)])


@define
def elementwise():
    """Add and Mul of computed tensors and of constants that broadcast,
    on NHWC values (constants permuted) and on 2-D ones."""
    return model("elementwise", [
        node("Conv", ["x", "w"], ["conv"]),
        node("Mul", ["conv", "per_channel"], ["scaled"]),
        node("Add", ["scaled", "per_column"], ["shifted"]),
        node("Add", ["shifted", "conv"], ["y"]),
        node("Mul", ["v", "v"], ["square"]),
        node("Add", ["square", "row"], ["z"]),
    ], [tensor("x", [1, 2, 2, 3]), tensor("v", [2, 3])],
        [tensor("y", [1, 2, 2, 3]), tensor("z", [2, 3])], [
        arange("w", [2, 2, 1, 1]), const("per_channel", [[[2.0]], [[3.0]]]),
        const("per_column", [1.0, 2.0, 3.0]), const("row", [1.0, 2.0, 3.0])])


@define
def gemm_head():
    """Flatten of an NHWC activation into Gemm(transB, alpha, beta): the
    weights are permuted, the activation is not transposed."""
    return model("gemm_head", [
        node("Conv", ["x", "w"], ["conv"]),
        node("Flatten", ["conv"], ["flat"]),
        node("Gemm", ["flat", "fc", "bias"], ["y"], transB=1, alpha=2.0,
             beta=0.5),
    ], [tensor("x", [1, 2, 2, 2])], [tensor("y", [1, 3])], [
        arange("w", [2, 2, 1, 1], 1.0), arange("fc", [3, 8], 1.0),
        const("bias", [1.0, 2.0, 3.0])])


@define
def matmuls():
    """MatMul by a constant (batch folded into the rows) and of two
    computed batched tensors, Gemm with computed operands."""
    return model("matmuls", [
        node("MatMul", ["a", "w"], ["aw"]),
        node("MatMul", ["a", "b"], ["ab"]),
        node("Gemm", ["m", "n", "c"], ["gemm"], transA=1),
    ], [tensor("a", [2, 3, 4]), tensor("b", [2, 4, 5]), tensor("m", [4, 3]),
        tensor("n", [4, 2]), tensor("c", [3, 2])],
        [tensor("aw", [2, 3, 2]), tensor("ab", [2, 3, 5]),
         tensor("gemm", [3, 2])], [arange("w", [4, 2])])


@define
def wide_layers():
    """Gemm layers with weights of several KiB (fxp-compile puts large
    constants into an object of their own)."""
    rng = np.random.default_rng(7)
    return model("wide_layers", [
        node("Gemm", ["x", "w1", "b1"], ["h"]),
        node("Relu", ["h"], ["r"]),
        node("Gemm", ["r", "w2", "b2"], ["y"]),
    ], [tensor("x", [1, 96])], [tensor("y", [1, 40])], [
        const("w1", rng.normal(0, 0.1, (96, 80))),
        const("b1", rng.normal(0, 0.1, 80)),
        const("w2", rng.normal(0, 0.1, (80, 40))),
        const("b2", rng.normal(0, 0.1, 40))])


@define
def shapes():
    """Reshape, Transpose, Concat, Identity, Dropout and Cast around
    NHWC values."""
    return model("shapes", [
        node("Conv", ["x", "w"], ["conv"]),
        node("Conv", ["x", "w"], ["conv2"]),
        node("Concat", ["conv", "conv2"], ["channels"], axis=1),
        node("Identity", ["channels"], ["same"]),
        node("Dropout", ["same"], ["kept"], seed=1),
        node("Cast", ["kept"], ["cast"], to=FLOAT),
        node("Transpose", ["cast"], ["nhwc"], perm=[0, 2, 3, 1]),
        node("Reshape", ["conv", "shape"], ["flat"]),
        node("Reshape", ["conv", "rows"], ["rows_out"]),
    ], [tensor("x", [1, 2, 3, 3])], [
        tensor("nhwc", [1, 3, 3, 4]), tensor("flat", [1, 18]),
        tensor("rows_out", [2, 9])], [
        arange("w", [2, 2, 1, 1]), const("shape", [0, -1], np.int64),
        const("rows", [2, -1], np.int64)])


@define
def shape_computations():
    """x.view(x.size(0), -1) as PyTorch exports it without constant folding
    (Shape, Gather, Unsqueeze, Concat of constants), and Squeeze and
    Unsqueeze of computed tensors."""
    return model("shape_computations", [
        node("Conv", ["x", "w"], ["conv"]),
        node("Shape", ["conv"], ["shape"]),
        node("Gather", ["shape", "zero"], ["batch"], axis=0),
        node("Unsqueeze", ["batch", "zero_axis"], ["batch_1d"]),
        node("Concat", ["batch_1d", "minus_one"], ["flat_shape"], axis=0),
        node("Reshape", ["conv", "flat_shape"], ["flat"]),
        node("Gemm", ["flat", "fc"], ["y"], transB=1),
        node("GlobalAveragePool", ["conv"], ["pooled"]),
        node("Squeeze", ["pooled", "spatial"], ["squeezed"]),
        node("Unsqueeze", ["squeezed", "zero_axis"], ["z"]),
    ], [tensor("x", [2, 2, 2, 2])],
        [tensor("y", [2, 3]), tensor("z", [1, 2, 2])], [
        arange("w", [2, 2, 1, 1], 1.0), arange("fc", [3, 8], 1.0),
        const("zero", 0, np.int64), const("zero_axis", [0], np.int64),
        const("minus_one", [-1], np.int64), const("spatial", [2, 3], np.int64)])


# --- Errors ----------------------------------------------------------------

def single(op, name, inputs=("x",), initializers=(), shape=(1, 2, 4, 4),
           out_shape=None, opset=13, check=True, outputs=("y",),
           **attributes):
    """A model of one node on a float input x."""
    return model(name, [node(op, list(inputs), list(outputs), name="bad",
                             **attributes)],
                 [tensor("x", list(shape))],
                 [tensor(o, list(out_shape or shape)) for o in outputs],
                 initializers, opset,
                 check)


ERRORS = {
    "unsupported_op": lambda: single("LeakyRelu", "g"),
    "unsupported_attribute": lambda: single("Relu", "g", check=False,
                                            alpha=1.0),
    "maxpool_dilations": lambda: single("MaxPool", "g", kernel_shape=[2, 2],
                                        dilations=[2, 2]),
    "maxpool_indices": lambda: single("MaxPool", "g", outputs=("y", "i"),
                                      kernel_shape=[2, 2]),
    "pool_1d": lambda: single("MaxPool", "g", shape=(1, 2, 4),
                              kernel_shape=[2]),
    "conv_1d": lambda: single("Conv", "g", ("x", "w"), [arange("w", [2, 2, 3])],
                              shape=(1, 2, 4)),
    "conv_computed_weight": lambda: model("g", [
        node("Relu", ["x"], ["w"]), node("Conv", ["x", "w"], ["y"], "bad")],
        [tensor("x", [2, 2, 1, 1])], [tensor("y", [2])]),
    "conv_groups_mismatch": lambda: single("Conv", "g", ("x", "w"),
                                           [arange("w", [3, 1, 1, 1])],
                                           check=False, group=2),
    "conv_kernel_shape": lambda: single("Conv", "g", ("x", "w"),
                                        [arange("w", [2, 2, 1, 1])],
                                        kernel_shape=[3, 3]),
    "conv_auto_pad": lambda: single("Conv", "g", ("x", "w"),
                                    [arange("w", [2, 2, 1, 1])],
                                    check=False, auto_pad="FULL"),
    "batchnorm_training": lambda: single(
        "BatchNormalization", "g", ("x", "s", "s", "s", "s"),
        [const("s", [1.0, 1.0])], opset=15, training_mode=1),
    "batchnorm_computed": lambda: model("g", [
        node("Relu", ["p"], ["s"]),
        node("BatchNormalization", ["x", "s", "s", "s", "s"], ["y"], "bad")],
        [tensor("x", [1, 2]), tensor("p", [2])], [tensor("y", [1, 2])]),
    "batchnorm_parameter_size": lambda: single(
        "BatchNormalization", "g", ("x", "s", "s", "s", "s"),
        [const("s", [1.0, 1.0, 1.0])], check=False),
    "clip_computed_max": lambda: model("g", [
        node("Relu", ["x"], ["m"]), node("Clip", ["x", "", "m"], ["y"], "bad")],
        [tensor("x", [])], [tensor("y", [2])]),
    "clip_bounds": lambda: single("Clip", "g", ("x", "lo", "hi"),
                                  [const("lo", 2.0), const("hi", 1.0)]),
    "flatten_axis": lambda: single("Flatten", "g", check=False, axis=5),
    "conv_bias_size": lambda: single("Conv", "g", ("x", "w", "b"),
                                     [arange("w", [2, 2, 1, 1]),
                                      const("b", [1.0])], check=False),
    "conv_pads_and_auto_pad": lambda: single(
        "Conv", "g", ("x", "w"), [arange("w", [2, 2, 1, 1])], check=False,
        auto_pad="VALID", pads=[1, 1, 1, 1]),
    "pool_window": lambda: single("AveragePool", "g", check=False,
                                  kernel_shape=[5, 5]),
    "constant_sparse": lambda: model("g", [
        node("Constant", [], ["c"], sparse_value=helper.make_sparse_tensor(
            const("v", [1.0]), const("i", [0], np.int64), [2])),
        node("Add", ["x", "c"], ["y"])],
        [tensor("x", [2])], [tensor("y", [2])], check=False),
    "gather_computed": lambda: single("Gather", "g", ("x", "i"),
                                      [const("i", [0], np.int64)]),
    "squeeze_not_one": lambda: single("Squeeze", "g", ("x", "a"),
                                      [const("a", [1], np.int64)],
                                      check=False),
    "dropout_mask": lambda: single("Dropout", "g", outputs=("y", "mask")),
    "dropout_training": lambda: single(
        "Dropout", "g", ("x", "", "t"),
        [numpy_helper.from_array(np.array(True), "t")]),
    "cast_computed_to_int": lambda: single("Cast", "g", to=TensorProto.INT64),
    "reshape_computed_shape": lambda: model("g", [
        node("Reshape", ["x", "s"], ["y"], "bad")],
        [tensor("x", [2]), tensor("s", [1])], [tensor("y", [2])],
        check=False),
    "reshape_bad_shape": lambda: single("Reshape", "g", ("x", "s"),
                                        [const("s", [3, -1], np.int64)]),
    # Found by fxp-onnx-fuzzer: the product of the requested dimensions
    # overflowed 64 bits.
    "reshape_huge_shape": lambda: single(
        "Reshape", "g", ("x", "s"),
        [const("s", [3342079321010339840, 8317990677852025460, -1],
               np.int64)]),
    "clip_nan_bound": lambda: single("Clip", "g", ("x", "lo", "hi"),
                                     [const("lo", np.nan), const("hi", 6.0)],
                                     check=False),
    "add_no_broadcast": lambda: single("Add", "g", ("x", "c"),
                                       [arange("c", [3])], check=False),
    "concat_axis": lambda: single("Concat", "g", ("x", "x"), check=False,
                                  axis=4),
    "transpose_perm": lambda: single("Transpose", "g", check=False,
                                     perm=[0, 1, 1, 2]),
    # Found by fxp-onnx-fuzzer: transposing an empty constant divided by its
    # element count (SIGFPE); an empty tensor is now TOSA's error.
    "transpose_empty": lambda: model("g", [
        node("Transpose", ["c"], ["t"], "empty", perm=[1, 0]),
        node("Concat", ["x", "t"], ["y"], "bad", axis=1)],
        [tensor("x", [2, 3])], [tensor("y", [2, 3])],
        [numpy_helper.from_array(np.zeros((0, 2), np.float32), "c")],
        check=False),
    "gemm_shapes": lambda: single("Gemm", "g", ("x", "w"),
                                  [arange("w", [3, 2])], shape=(2, 2),
                                  check=False),
    "matmul_broadcast": lambda: model("g", [
        node("MatMul", ["a", "b"], ["y"], "bad")],
        [tensor("a", [2, 3, 4]), tensor("b", [1, 4, 5])], [tensor("y", [2])]),
    "foreign_domain": lambda: model("g", [helper.make_node(
        "Gelu", ["x"], ["y"], name="bad", domain="com.microsoft")],
        [tensor("x", [2])], [tensor("y", [2])], check=False),
    "opset_10": lambda: single("Relu", "g", opset=10),
    "opset_18": lambda: single("Relu", "g", opset=18, check=False),
    "symbolic_dimension": lambda: model("g", [node("Relu", ["x"], ["y"])],
                                        [tensor("x", ["N", 3])],
                                        [tensor("y", [2])]),
    "huge_input": lambda: model("g", [node("Relu", ["x"], ["y"])],
                                [tensor("x", [1 << 32, 1 << 32])],
                                [tensor("y", [2])], check=False),
    "integer_input": lambda: model("g", [node("Relu", ["x"], ["y"])],
                                   [tensor("x", [3], TensorProto.INT32)],
                                   [tensor("y", [2])]),
    "undefined_input": lambda: model("g", [node("Relu", ["z"], ["y"], "bad")],
                                     [tensor("x", [3])], [tensor("y", [2])],
                                     check=False),
    "output_not_computed": lambda: model("g", [node("Relu", ["x"], ["y"])],
                                         [tensor("x", [3])],
                                         [tensor("z", [3])], check=False),
    "output_shape": lambda: model("g", [node("Relu", ["x"], ["y"])],
                                  [tensor("x", [3])], [tensor("y", [4])],
                                  check=False),
    "external_data": lambda: single("Add", "g", ("x", "c"),
                                    [external("c")], check=False),
    "short_initializer": lambda: single("Add", "g", ("x", "c"),
                                        [short("c")], check=False),
    "float16_initializer": lambda: single(
        "Add", "g", ("x", "c"), [const("c", [1.0], np.float16)],
        check=False),
}


def external(name):
    t = const(name, [1.0])
    t.ClearField("raw_data")
    t.data_location = TensorProto.EXTERNAL
    t.external_data.add(key="location", value="weights.bin")
    return t


def short(name):
    """Raw data for one float where the dimensions ask for four."""
    t = const(name, [1.0, 2.0, 3.0, 4.0])
    t.raw_data = t.raw_data[:4]
    return t


def main():
    for name, make in MODELS.items():
        onnx.save(make(), os.path.join(HERE, name + ".onnx"))
    os.makedirs(os.path.join(HERE, "errors"), exist_ok=True)
    for name, make in ERRORS.items():
        onnx.save(make(), os.path.join(HERE, "errors", name + ".onnx"))


if __name__ == "__main__":
    main()
