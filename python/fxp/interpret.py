"""Runs the integer function of a quantized fxp module with reference.py.

The module is the text that `fxp-compile --emit=fxp` writes: a function of
fxp ops on tensors of fixed-point values (conv2d, matmul, cast, relu, add,
clamp, pools, constants) and shape ops. Each op is computed by the
functions of `fxp.reference`, written from the spec and independent of both
of the compiler's lowerings, so that a compiled model can be checked bit for
bit against it. Slow (exact Python integers): a few images.

    outputs = run(module_text, "model_int_call", [stored_inputs])
"""

import re

import numpy as np

from fxp import reference as ref

FIXED = re.compile(r"!fxp\.fixed<([su])(\d+), (-?\d+)>")
PER_AXIS = re.compile(r"!fxp\.fixed_per_axis<([su])(\d+), axis (\d+), \[([-\d, ]+)\]>")
TENSOR = re.compile(r"tensor<((?:\d+x)*)([^<>]*(?:<[^<>]*>)?)>")
STATS = re.compile(r"fxp\.stats = #fxp\.stats<[^>]*>(, )?")
LOCATION = re.compile(r"\s*loc\([^()]*\)\s*$")


class UnsupportedOp(Exception):
    pass


def parse_format(text):
    m = PER_AXIS.search(text)
    if m:
        return ref.PerAxisFmt(int(m.group(2)), m.group(1) == "s", int(m.group(3)),
                              tuple(int(v) for v in m.group(4).split(",")))
    m = FIXED.search(text)
    return ref.Fmt(int(m.group(2)), m.group(1) == "s", int(m.group(3)))


def parse_tensor(text):
    """(shape, element text) of a tensor type."""
    m = TENSOR.search(text)
    return tuple(int(d) for d in m.group(1).split("x") if d), m.group(2)


def result_type(line):
    """The type after `->`, or after `into` (collapse/expand_shape)."""
    for separator in ("->", " into "):
        if separator in line:
            return line.rsplit(separator, 1)[1].strip()
    return line.rsplit(":", 1)[1]


def attribute(line, name):
    m = re.search(rf"\b{name} = (?:array<i64: ([-\d, ]+)>|(-?\d+) : i64)", line)
    if not m:
        return None
    if m.group(1) is not None:
        return tuple(int(v) for v in m.group(1).split(","))
    return int(m.group(2))


def modes(line):
    rounding = re.search(r"rounding (\w+)", line)
    overflow = re.search(r"overflow (\w+)", line)
    return (rounding.group(1) if rounding else "half_even",
            overflow.group(1) if overflow else "saturate")


def dense(text, shape, bits, signed):
    """The stored integers of `dense<...>` of an integer tensor."""
    body = re.search(r"dense<(.*)>\s*:", text).group(1)
    if body.startswith('"0x'):
        dtype = {8: np.int8, 16: np.int16, 32: np.int32, 64: np.int64}[bits]
        values = np.frombuffer(bytes.fromhex(body[3:-1]), dtype=dtype)
        values = [int(v) for v in values]
        if len(values) == 1:
            values = values * int(np.prod(shape))
    else:
        flat = [int(v) for v in re.findall(r"-?\d+", body)]
        values = flat * int(np.prod(shape)) if len(flat) == 1 else flat
    if not signed:
        values = [v % (1 << bits) for v in values]
    return np.array(values, dtype=object).reshape(shape)


def function_body(module, name):
    start = module.index(f"func.func @{name}(")
    lines = module[start:].splitlines()
    body = []
    for line in lines[1:]:
        if line.strip().startswith("} loc(") or line.strip() == "}":
            break
        body.append(LOCATION.sub("", STATS.sub("", line)).strip())
    return lines[0], body


def run(module, name, inputs):
    """The stored outputs of function `name` for the stored inputs."""
    header, body = function_body(module, name)
    values, formats = {}, {}
    arguments = re.findall(r"(%arg\d+): (tensor<[^{)]*?>>)", header)
    for (arg, type_text), array in zip(arguments, inputs):
        values[arg] = np.asarray(array, dtype=object)
        formats[arg] = parse_format(type_text)

    def operands(line, op):
        rest = line.split(op, 1)[1]
        return re.findall(r"%[\w]+", rest.split(":")[0].split("{")[0])

    for line in body:
        if line.startswith("return"):
            return [values[v] for v in re.findall(r"%[\w]+", line.split(":")[0])]
        m = re.match(r"(%[\w]+) = ([\w.]+)", line)
        if not m:
            raise UnsupportedOp(line)
        result, op = m.groups()
        out_type = result_type(line)
        if op == "arith.constant":
            continue
        out_shape, element = parse_tensor(out_type)
        out = parse_format(out_type) if "fxp.fixed" in element else None
        args = operands(line, op)
        x = values.get(args[0]) if args else None
        fx = formats.get(args[0]) if args else None
        rounding, overflow = modes(line)
        if op == "fxp.constant":
            storage_shape, storage = parse_tensor(line.split(":", 1)[1])
            value = dense(line, storage_shape, int(storage[1:]), out.signed)
        elif op in ("tensor.reshape", "tensor.collapse_shape", "tensor.expand_shape",
                    "tensor.cast"):
            value = x.reshape(out_shape)
        elif op == "fxp.cast":
            value = ref.elementwise(lambda q: ref.cast(q, fx, out, rounding, overflow), x)
        elif op == "fxp.relu":
            value = ref.elementwise(lambda q: ref.relu(q, fx), x)
        elif op == "fxp.clamp":
            lo = float(re.search(r"min = ([-\w.+]+) : f64", line).group(1))
            hi = float(re.search(r"max = ([-\w.+]+) : f64", line).group(1))
            value = ref.elementwise(lambda q: ref.clamp(q, fx, lo, hi), x)
        elif op == "fxp.add":
            fb = formats[args[1]]
            value = ref.elementwise(
                lambda a, b: ref.add(a, fx, b, fb, out, rounding, overflow),
                x, values[args[1]])
        elif op in ("fxp.conv2d", "fxp.matmul"):
            w, fw = values[args[1]], formats[args[1]]
            bias = values[args[2]] if len(args) > 2 else None
            fb = formats[args[2]] if len(args) > 2 else None
            if op == "fxp.matmul":
                value = ref.matmul(x, fx, w, fw, out, bias, fb, rounding, overflow)
            else:
                value = ref.conv2d(x, fx, w, fw, out, bias, fb,
                                   strides=attribute(line, "strides") or (1, 1),
                                   dilations=attribute(line, "dilations") or (1, 1),
                                   pad=attribute(line, "pad") or (0, 0, 0, 0),
                                   groups=attribute(line, "groups") or 1,
                                   rounding=rounding, overflow_mode=overflow)
        elif op in ("fxp.max_pool2d", "fxp.avg_pool2d"):
            window = dict(kernel=attribute(line, "kernel"),
                          strides=attribute(line, "strides") or (1, 1),
                          pad=attribute(line, "pad") or (0, 0, 0, 0))
            if op == "fxp.max_pool2d":
                value = ref.max_pool2d(x, fx, **window)
            else:
                value = ref.avg_pool2d(x, fx, out, **window, rounding=rounding,
                                       overflow_mode=overflow)
        elif op == "fxp.global_avg_pool":
            value = ref.global_avg_pool(x, fx, out, rounding, overflow)
        else:
            raise UnsupportedOp(f"{op}: {line}")
        values[result] = np.asarray(value, dtype=object).reshape(out_shape)
        if out is not None:
            formats[result] = out
    raise UnsupportedOp(f"no return in @{name}")
