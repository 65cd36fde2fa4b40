"""Differential testing of the fxp compiler against fxp.reference.

Generates random fxp programs (random ops, shapes, formats, widths,
fractional lengths, rounding and overflow modes, adversarial values: ties,
range ends, -2^(W-1), NaN, infinities, subnormals), compiles them with
`fxp-opt --fxp-reference-to-llvm` (or `--fxp-lower-to-llvm=target=T`), runs
them with `mlir-runner` (AArch64 targets: compiled ahead of time and run
under qemu-aarch64), and compares every stored integer (and every float bit
pattern) with the reference. Half of the modules pass their inputs as
constants, so that folding (the C++ constant folders) is checked too. For
the fast lowering, half the programs are fused contractions (constant
weights, F8Net's epilogue) big enough for several register tiles.

    python3 -m fxp.fuzz --seed 1 --count 300 [--target avx512vnni]

prints one line per failing program, its minimized form, and last
`N passed, M failed`. The exit code is 1 when any program failed.
"""

import argparse
import concurrent.futures
import math
import os
import random
import re
import struct
import subprocess
import sys
import tempfile
import time

import numpy as np

from fxp import reference as ref
from fxp.reference import Fmt

# --- Random formats and values --------------------------------------------


def random_width(rng, max_width=64):
    choices = [w for w in (2, 3, 4, 5, 7, 8, 8, 8, 12, 16, 16, 24, 31, 32, 32,
                           33, 48, 63, 64) if w <= max_width]
    return rng.choice(choices)


def random_fl(rng, width):
    r = rng.random()
    if r < 0.1:
        return rng.choice([-64, 64, -63, 63])
    if r < 0.25:
        return rng.randint(-64, 64)
    return rng.randint(-3, min(width + 3, 64))


def random_fmt(rng, max_width=64, signed=None):
    width = random_width(rng, max_width)
    if signed is None:
        signed = rng.random() < 0.6
    return Fmt(width, signed, random_fl(rng, width))


def random_stored(rng, fmt, count, tie_shift=None):
    """Stored integers: range ends, -2^(W-1), zero, ties for a right shift
    by `tie_shift`, and uniform values."""
    values = []
    lo, hi = fmt.stored_min, fmt.sat_max
    for _ in range(count):
        r = rng.random()
        if r < 0.15:
            v = rng.choice([lo, hi, 0, 1, lo + 1, hi - 1, -1 if fmt.signed else 2])
        elif r < 0.45 and tie_shift and 0 < tie_shift < fmt.width + 2:
            k = rng.randint(lo >> tie_shift, hi >> tie_shift)
            v = k * (1 << tie_shift) + (1 << (tie_shift - 1))
        elif r < 0.6:
            v = rng.randint(max(lo, -40), min(hi, 40))
        else:
            v = rng.randint(lo, hi)
        values.append(min(max(v, lo), hi))
    return values


FLOAT_TYPES = {"f16": ("e", 16), "bf16": (None, 16), "f32": ("f", 32), "f64": ("d", 64)}


def float_bits(x, name):
    """The bit pattern of float x (exactly representable in `name`)."""
    if name == "bf16":
        return struct.unpack("<I", struct.pack("<f", x))[0] >> 16
    code, _ = FLOAT_TYPES[name]
    size = {"e": "H", "f": "I", "d": "Q"}[code]
    return struct.unpack("<" + size, struct.pack("<" + code, x))[0]


def bits_to_float(bits, name):
    if name == "bf16":
        return struct.unpack("<f", struct.pack("<I", bits << 16))[0]
    code, _ = FLOAT_TYPES[name]
    size = {"e": "H", "f": "I", "d": "Q"}[code]
    return struct.unpack("<" + code, struct.pack("<" + size, bits))[0]


def random_float(rng, name, fl):
    """A float of type `name`: ties and near-ties at FL, specials, extremes."""
    p, emin, emax = ref.FLOAT_FORMATS[name]
    r = rng.random()
    if r < 0.08:
        x = rng.choice([math.nan, math.inf, -math.inf, 0.0, -0.0])
    elif r < 0.4:
        k = rng.randint(-300, 300)
        x = (k + 0.5) * 2.0 ** (-fl)  # a tie at FL
    elif r < 0.5:
        x = rng.choice([1.0, -1.0]) * 2.0 ** rng.randint(emin - p + 1, emax)
    elif r < 0.6:
        x = rng.uniform(-1, 1) * 2.0 ** rng.randint(emin - p, emin + 2)  # tiny
    else:
        x = rng.uniform(-1.5, 1.5) * 2.0 ** (rng.randint(-4, 20) - max(min(fl, 60), -60))
    # Round to the float type exactly (the reference's own rounding).
    if math.isnan(x) or math.isinf(x):
        return x
    return ref.round_to_float(ref.Fraction(x), name)


# --- Cases ----------------------------------------------------------------


class Case:
    """One fxp op applied to inputs; knows its MLIR and its reference."""

    def __init__(self, name, body, inputs, result_type, expected, describe):
        self.name = name
        self.body = body  # MLIR ops from fixed-point args %a0.. to %r
        self.inputs = inputs  # [(mlir storage type, element type, flat values, shape)]
        self.result_type = result_type  # (fixed or float type string, shape, kind)
        self.expected = expected  # flat list of expected stored ints / float bits
        self.describe = describe
        # For minimization: inputs (lists of values) -> expected outputs.
        self.reference = None
        # Inputs that are always constants in the program (weights).
        self.constant_inputs = set()


def with_reference(case, reference):
    """Attaches the case's reference (input lists -> expected) for minimizing."""
    case.reference = reference
    return case


def tensor_type(shape, element):
    if shape is None:
        return element
    return "tensor<" + "".join(f"{d}x" for d in shape) + element + ">"


def storage_element(kind):
    """('fixed', Fmt) -> iW; ('float', name) -> the float type."""
    if kind[0] == "fixed":
        return f"i{kind[1].width}"
    return kind[1]


def element_type(kind):
    return str(kind[1]) if kind[0] == "fixed" else kind[1]


def modes_suffix(rounding, overflow):
    text = ""
    if rounding != "half_even":
        text += f" rounding {rounding}"
    if overflow != "saturate":
        text += f" overflow {overflow}"
    return text


def random_shape(rng, max_elements=24):
    if rng.random() < 0.15:
        return None  # a scalar
    rank = rng.randint(1, 3)
    shape = [rng.randint(1, 4) for _ in range(rank)]
    while np.prod(shape) > max_elements:
        shape[rng.randrange(rank)] = 1
    return shape


def count(shape):
    return 1 if shape is None else int(np.prod(shape))


def make_elementwise(rng):
    op = rng.choice(["quantize", "dequantize", "cast", "cast", "add", "sub",
                     "mul", "clamp", "relu"])
    shape = random_shape(rng)
    n = count(shape)
    rounding = rng.choice(ref.ROUNDING_MODES)
    overflow = rng.choice(ref.OVERFLOW_MODES)
    if op == "quantize":
        fname = rng.choice(list(FLOAT_TYPES))
        dst = random_fmt(rng)
        xs = [random_float(rng, fname, dst.fl) for _ in range(n)]
        expected = [ref.quantize(x, dst, rounding, overflow) for x in xs]
        body = (f"%r = fxp.quantize %a0{modes_suffix(rounding, overflow)} : "
                f"{tensor_type(shape, fname)} -> {tensor_type(shape, str(dst))}")
        inputs = [(("float", fname), xs)]
        result = ("fixed", dst)
    elif op == "dequantize":
        fname = rng.choice(list(FLOAT_TYPES))
        src = random_fmt(rng)
        qs = random_stored(rng, src, n)
        expected = [ref.dequantize(q, src, fname) for q in qs]
        body = (f"%r = fxp.dequantize %a0 : {tensor_type(shape, str(src))} -> "
                f"{tensor_type(shape, fname)}")
        inputs = [(("fixed", src), qs)]
        result = ("float", fname)
    elif op in ("cast",):
        src, dst = random_fmt(rng), random_fmt(rng)
        if rng.random() < 0.3:  # F8Net's requant: s32 accumulator to 8 bits
            src = Fmt(32, True, rng.randint(8, 16))
            dst = Fmt(8, rng.random() < 0.5, rng.randint(2, 8))
        qs = random_stored(rng, src, n, tie_shift=src.fl - dst.fl)
        expected = [ref.cast(q, src, dst, rounding, overflow) for q in qs]
        body = (f"%r = fxp.cast %a0{modes_suffix(rounding, overflow)} : "
                f"{tensor_type(shape, str(src))} -> {tensor_type(shape, str(dst))}")
        inputs = [(("fixed", src), qs)]
        result = ("fixed", dst)
    elif op in ("add", "sub", "mul"):
        fa, fb, dst = random_fmt(rng), random_fmt(rng), random_fmt(rng)
        if rng.random() < 0.5:  # a residual add: accumulators near each other
            fa = Fmt(32, True, rng.randint(8, 16))
            fb = Fmt(32, True, rng.randint(8, 16))
            dst = Fmt(32, True, max(fa.fl, fb.fl))
        a = random_stored(rng, fa, n)
        b = random_stored(rng, fb, n)
        fn = {"add": ref.add, "sub": ref.sub, "mul": ref.mul}[op]
        expected = [fn(x, fa, y, fb, dst, rounding, overflow) for x, y in zip(a, b)]
        body = (f"%r = fxp.{op} %a0, %a1{modes_suffix(rounding, overflow)} : "
                f"{tensor_type(shape, str(fa))}, {tensor_type(shape, str(fb))} -> "
                f"{tensor_type(shape, str(dst))}")
        inputs = [(("fixed", fa), a), (("fixed", fb), b)]
        result = ("fixed", dst)
    else:
        fmt = random_fmt(rng)
        qs = random_stored(rng, fmt, n)
        if op == "relu":
            expected = [ref.relu(q, fmt) for q in qs]
            body = (f"%r = fxp.relu %a0 : {tensor_type(shape, str(fmt))} -> "
                    f"{tensor_type(shape, str(fmt))}")
        else:
            scale = 2.0 ** (-fmt.fl) * 2 ** (fmt.width - 1)
            lo = rng.choice([None, rng.uniform(-1.2, 0.5) * scale, -1e300])
            hi = rng.choice([None, rng.uniform(-0.5, 1.2) * scale, 1e300])
            if lo is not None and hi is not None and lo > hi:
                lo, hi = hi, lo
            expected = [ref.clamp(q, fmt, lo, hi) for q in qs]
            bounds = ", ".join(f"{k} = 0x{float_bits(float(v), 'f64'):016X} : f64"
                               for k, v in (("min", lo), ("max", hi)) if v is not None)
            attr = f" {{{bounds}}}" if bounds else ""
            body = (f"%r = fxp.clamp %a0{attr} : {tensor_type(shape, str(fmt))} -> "
                    f"{tensor_type(shape, str(fmt))}")
        inputs = [(("fixed", fmt), qs)]
        result = ("fixed", fmt)
    return Case(op, body, [(k, v, shape) for k, v in inputs], (result, shape),
                expected, op)


def accumulator_fits(x, w, bias, reduction, dst, rounding):
    """The verifier's rule for overflow wrap on contractions."""
    corners = [a * b for a in (x.stored_min, x.sat_max) for b in (w.stored_min, w.sat_max)]
    lo, hi = min(corners) * reduction, max(corners) * reduction
    if bias is not None:
        lo += bias.stored_min
        hi += bias.sat_max
    acc_fl = x.fl + w.fl
    lo = ref.round_rational(ref.Fraction(lo) * ref.Fraction(2) ** (dst.fl - acc_fl), rounding)
    hi = ref.round_rational(ref.Fraction(hi) * ref.Fraction(2) ** (dst.fl - acc_fl), rounding)
    return lo >= dst.stored_min and hi <= dst.sat_max


def per_axis(rng, w, axis, channels):
    """Per-axis weights like `w`, one FL per channel, the largest w's own (so
    the accumulator keeps FL_x + FL_w), sometimes all alike."""
    if channels == 1 or rng.random() < 0.1:
        fls = [w.fl] * channels
    else:
        fls = [max(w.fl - rng.randint(0, 4), -64) for _ in range(channels)]
        fls[rng.randrange(channels)] = w.fl
    return ref.PerAxisFmt(w.width, w.signed, axis, tuple(fls))


def summed_fmt(w):
    """The format a contraction sums weights of format `w` at."""
    return w.aligned() if isinstance(w, ref.PerAxisFmt) else w


def small_fmt(rng, signed=None):
    return random_fmt(rng, max_width=rng.choice([8, 8, 16, 32]), signed=signed)


def make_contraction(rng):
    rounding = rng.choice(ref.ROUNDING_MODES)
    x = Fmt(8, rng.random() < 0.4, rng.randint(0, 8)) if rng.random() < 0.6 else small_fmt(rng)
    w = Fmt(8, True, rng.randint(0, 8)) if rng.random() < 0.6 else small_fmt(rng)
    acc_fl = x.fl + w.fl
    use_bias = rng.random() < 0.6 and -64 <= acc_fl <= 64
    bias = Fmt(32, True, acc_fl) if use_bias else None
    if rng.random() < 0.5 and -64 <= acc_fl <= 64:
        dst = Fmt(32, True, acc_fl)
    else:
        dst = Fmt(8, rng.random() < 0.5, rng.randint(-2, 10))
    use_per_axis = rng.random() < 0.2
    if rng.random() < 0.5:
        m, k, n = rng.randint(1, 4), rng.randint(1, 6), rng.randint(1, 4)
        reduction = k
        if use_per_axis:
            w = per_axis(rng, w, 1, n)
        overflow = "wrap" if (rng.random() < 0.3 and accumulator_fits(
            x, summed_fmt(w), bias, reduction, dst, rounding)) else "saturate"
        xs = random_stored(rng, x, m * k)
        ws = random_stored(rng, w, k * n)
        bs = random_stored(rng, bias, n) if bias else None
        def reference(inputs):
            return ref.matmul(np.array(inputs[0], dtype=object).reshape(m, k), x,
                              np.array(inputs[1], dtype=object).reshape(k, n), w, dst,
                              inputs[2] if bias else None, bias, rounding,
                              overflow).flatten().tolist()
        expected = reference([xs, ws, bs])
        types = [tensor_type([m, k], str(x)), tensor_type([k, n], str(w))]
        inputs = [(("fixed", x), xs, [m, k]), (("fixed", w), ws, [k, n])]
        if bias:
            types.append(tensor_type([n], str(bias)))
            inputs.append((("fixed", bias), bs, [n]))
        operands = ", ".join(f"%a{i}" for i in range(len(types)))
        body = (f"%r = fxp.matmul {operands}{modes_suffix(rounding, overflow)} : "
                f"{', '.join(types)} -> {tensor_type([m, n], str(dst))}")
        return with_reference(Case("matmul", body, inputs, (("fixed", dst), [m, n]),
                                   expected, "matmul"), reference)
    while True:
        nb, h, wd = rng.randint(1, 2), rng.randint(1, 5), rng.randint(1, 5)
        groups = rng.choice([1, 1, 2, 3])
        cg, og = rng.randint(1, 3), rng.randint(1, 2)
        if rng.random() < 0.2:
            cg, og = 1, 1  # depthwise
        c, o = cg * groups, og * groups
        kh, kw = rng.randint(1, 3), rng.randint(1, 3)
        strides = (rng.randint(1, 2), rng.randint(1, 2))
        dilations = (rng.randint(1, 2), rng.randint(1, 2))
        pad = tuple(rng.randint(0, 2) for _ in range(4))
        oh = (h + pad[0] + pad[1] - dilations[0] * (kh - 1) - 1) // strides[0] + 1
        ow = (wd + pad[2] + pad[3] - dilations[1] * (kw - 1) - 1) // strides[1] + 1
        if oh >= 1 and ow >= 1 and h + pad[0] + pad[1] >= dilations[0] * (kh - 1) + 1 \
                and wd + pad[2] + pad[3] >= dilations[1] * (kw - 1) + 1:
            break
    reduction = kh * kw * cg
    if use_per_axis:
        w = per_axis(rng, w, 0, o)
    overflow = "wrap" if (rng.random() < 0.3 and accumulator_fits(
        x, summed_fmt(w), bias, reduction, dst, rounding)) else "saturate"
    xs = random_stored(rng, x, nb * h * wd * c)
    ws = random_stored(rng, w, o * kh * kw * cg)
    bs = random_stored(rng, bias, o) if bias else None
    def reference(inputs):
        return ref.conv2d(np.array(inputs[0], dtype=object).reshape(nb, h, wd, c), x,
                          np.array(inputs[1], dtype=object).reshape(o, kh, kw, cg), w,
                          dst, inputs[2] if bias else None, bias, strides, dilations,
                          pad, groups, rounding, overflow).flatten().tolist()
    expected = reference([xs, ws, bs])
    types = [tensor_type([nb, h, wd, c], str(x)), tensor_type([o, kh, kw, cg], str(w))]
    inputs = [(("fixed", x), xs, [nb, h, wd, c]), (("fixed", w), ws, [o, kh, kw, cg])]
    if bias:
        types.append(tensor_type([o], str(bias)))
        inputs.append((("fixed", bias), bs, [o]))
    operands = ", ".join(f"%a{i}" for i in range(len(types)))
    attrs = (f"{{strides = array<i64: {strides[0]}, {strides[1]}>, "
             f"dilations = array<i64: {dilations[0]}, {dilations[1]}>, "
             f"pad = array<i64: {', '.join(map(str, pad))}>, groups = {groups} : i64}}")
    body = (f"%r = fxp.conv2d {operands}{modes_suffix(rounding, overflow)} {attrs} : "
            f"{', '.join(types)} -> {tensor_type([nb, oh, ow, o], str(dst))}")
    return with_reference(Case("conv2d", body, inputs, (("fixed", dst), [nb, oh, ow, o]),
                               expected, "conv2d"), reference)


def random_conv_geometry(rng, max_size, max_kernel):
    """(batch, h, w, kernel, strides, dilations, pad, out_h, out_w) of a
    convolution whose every window holds an input element."""
    while True:
        nb, h, wd = rng.randint(1, 2), rng.randint(1, max_size), rng.randint(1, max_size)
        kh, kw = rng.randint(1, max_kernel), rng.randint(1, max_kernel)
        strides = (rng.randint(1, 2), rng.randint(1, 2))
        dilations = (rng.randint(1, 2), rng.randint(1, 2))
        pad = tuple(rng.randint(0, 2) for _ in range(4))
        oh = (h + pad[0] + pad[1] - dilations[0] * (kh - 1) - 1) // strides[0] + 1
        ow = (wd + pad[2] + pad[3] - dilations[1] * (kw - 1) - 1) // strides[1] + 1
        if oh >= 1 and ow >= 1:
            return nb, h, wd, (kh, kw), strides, dilations, pad, oh, ow


def make_fused_contraction(rng):
    """A matmul or convolution with constant 8-bit weights and bias followed
    by F8Net's epilogue (ReLU or a clamp, a residual add, a requantizing
    cast), at sizes that span several register tiles and column panels of
    the fast lowering's micro-kernels. The weights are constants, as the
    kernels require."""
    x = Fmt(8, rng.random() < 0.4, rng.randint(0, 8))
    w = Fmt(8, True, rng.randint(0, 8))
    acc = Fmt(32, True, x.fl + w.fl)
    bias = acc if rng.random() < 0.7 else None
    rounding = rng.choice(ref.ROUNDING_MODES)
    if rng.random() < 0.5:
        # Reductions of 32 groups of 4 or more run their epilogues in a
        # loop over the tile's rows; shorter ones unrolled.
        k = rng.randint(1, 70) if rng.random() < 0.5 else rng.randint(128, 200)
        m, n = rng.choice([1, 2, rng.randint(1, 40)]), rng.randint(1, 80)
        out_shape, x_shape, w_shape = [m, n], [m, k], [k, n]
        conv = None
    else:
        nb, h, wd, kernel, strides, dilations, pad, oh, ow = random_conv_geometry(rng, 9, 3)
        c, o = rng.randint(1, rng.choice([20, 40])), rng.randint(1, 40)
        groups = 1
        if rng.random() < 0.3:  # depthwise: one input channel per output
            c = o = groups = rng.randint(2, 40)
        out_shape, x_shape = [nb, oh, ow, o], [nb, h, wd, c]
        w_shape = [o, kernel[0], kernel[1], c // groups]
        conv = (strides, dilations, pad, groups)
        n = o
    if rng.random() < 0.3:
        w = per_axis(rng, w, 0 if conv else 1, n)
    xs = random_stored(rng, x, count(x_shape))
    ws = random_stored(rng, w, count(w_shape))
    # Mostly biases that keep the accumulator within 32 bits (the kernels'
    # condition); sometimes any s32, which must fall back to the reference.
    bias_range = Fmt(22, True, acc.fl) if rng.random() < 0.8 else bias
    bs = random_stored(rng, bias_range, n) if bias else None
    # The contraction either requantizes itself or yields the accumulator
    # that the epilogue ops take.
    fused_dst = Fmt(8, rng.random() < 0.5, rng.randint(-2, 10))
    chain = []
    if rng.random() < 0.7:
        if rng.random() < 0.5:
            chain.append(rng.choice(["relu", "clamp"]))
        if rng.random() < 0.5:
            chain.append("add")
        chain.append("cast")
    dst = acc if chain else fused_dst
    if rng.random() < 0.2:
        chain.append("dequantize")
    # Reshapes keep the element order; the epilogue looks through them.
    chain_shape = [1] + out_shape if chain and rng.random() < 0.3 else out_shape
    # Residual formats as F8Net's aligned adds make them, odd widths too
    # (their storage, i35, has no vector layout in memory).
    residual_fmt = Fmt(rng.choice([32, 32, 35, 16, 24]), True,
                       rng.randint(acc.fl - 3, acc.fl + 3))
    # The residual is an input of that format, or is cast up to it in the
    # program, as F8Net's aligned adds make it: from a narrow activation
    # (an identity shortcut) or from a second contraction of the same input
    # (a downsampling shortcut), which comes before or after the first.
    residual_source = None
    if "add" in chain:
        residual_source = rng.choice(
            ["input", "narrow", "contraction"] if chain_shape == out_shape
            else ["input", "narrow"])
    rs = w2s = None
    if residual_source == "input":
        rs = random_stored(rng, Fmt(min(residual_fmt.width, 24), True, residual_fmt.fl),
                           count(out_shape))
    elif residual_source == "narrow":
        residual_stored = Fmt(8, rng.random() < 0.5,
                              rng.randint(residual_fmt.fl - 28, residual_fmt.fl + 2))
        rs = random_stored(rng, residual_stored, count(out_shape))
    elif residual_source == "contraction":
        residual_stored = acc
        w2s = random_stored(rng, w, count(w_shape))
        shortcut_first = rng.random() < 0.5
    sum_fmt = Fmt(rng.choice([32, 35]), True, max(acc.fl, residual_fmt.fl))
    clamp_hi = rng.uniform(0.5, 6.0)
    out_fmt = Fmt(8, rng.random() < 0.5, rng.randint(0, 8))

    def contract(inputs, weights, dst, bias_values):
        xa = np.array(inputs[0], dtype=object).reshape(x_shape)
        wa = np.array(weights, dtype=object).reshape(w_shape)
        if conv:
            return ref.conv2d(xa, x, wa, w, dst, bias_values, bias, *conv,
                              rounding).flatten().tolist()
        return ref.matmul(xa, x, wa, w, dst, bias_values, bias,
                          rounding).flatten().tolist()

    def reference(inputs):
        r = contract(inputs, inputs[1], dst, inputs[2] if bias else None)
        residual = None
        if residual_source == "input":
            residual = inputs[-1]
        elif residual_source == "narrow":
            residual = [ref.cast(v, residual_stored, residual_fmt, rounding)
                        for v in inputs[-1]]
        elif residual_source == "contraction":
            residual = [ref.cast(v, acc, residual_fmt, rounding)
                        for v in contract(inputs, inputs[-1], acc, None)]
        fmt = dst
        for op in chain:
            if op == "relu":
                r = [ref.relu(v, fmt) for v in r]
            elif op == "clamp":
                r = [ref.clamp(v, fmt, 0.0, clamp_hi) for v in r]
            elif op == "add":
                r = [ref.add(v, fmt, e, residual_fmt, sum_fmt, rounding)
                     for v, e in zip(r, residual)]
                fmt = sum_fmt
            elif op == "dequantize":
                r = [ref.dequantize(v, fmt, "f32") for v in r]
            else:
                r = [ref.cast(v, fmt, out_fmt, rounding) for v in r]
                fmt = out_fmt
        return r

    inputs = [(("fixed", x), xs, x_shape), (("fixed", w), ws, w_shape)]
    types = [tensor_type(x_shape, str(x)), tensor_type(w_shape, str(w))]
    if bias:
        inputs.append((("fixed", bias), bs, [n]))
        types.append(tensor_type([n], str(bias)))
    operands = ", ".join(f"%a{i}" for i in range(len(types)))
    suffix = modes_suffix(rounding, "saturate")
    name = "%c0" if chain else "%r"
    if conv:
        strides, dilations, pad, groups = conv
        attrs = (f" {{strides = array<i64: {strides[0]}, {strides[1]}>, "
                 f"dilations = array<i64: {dilations[0]}, {dilations[1]}>, "
                 f"pad = array<i64: {', '.join(map(str, pad))}>, "
                 f"groups = {groups} : i64}}")
        op_name = "fxp.conv2d"
    else:
        op_name, attrs = "fxp.matmul", ""
    lines = [f"{name} = {op_name} {operands}{suffix}{attrs} : {', '.join(types)} -> "
             f"{tensor_type(out_shape, str(dst))}"]
    residual_value = f"%a{len(inputs)}"
    if residual_source in ("narrow", "contraction"):
        residual_value = "%shortcut"
        residual_cast = (f"%shortcut = fxp.cast {{source}}{suffix} : "
                         f"{tensor_type(chain_shape, str(residual_stored))} -> "
                         f"{tensor_type(chain_shape, str(residual_fmt))}")
    if residual_source == "narrow":
        lines.append(residual_cast.format(source=f"%a{len(inputs)}"))
    elif residual_source == "contraction":
        shortcut = [f"%d = {op_name} %a0, %a{len(inputs)}{suffix}{attrs} : "
                    f"{types[0]}, {types[1]} -> {tensor_type(out_shape, str(acc))}",
                    residual_cast.format(source="%d")]
        lines = shortcut + lines if shortcut_first else lines + shortcut
    fmt = dst
    if chain_shape != out_shape:
        # The contraction's result %c0 reshaped; the chain continues from it.
        lines[0] = lines[0].replace(f"{name} = ", "%e = ", 1)
        dims = "[[0, 1], [2]]" if len(out_shape) == 2 else "[[0, 1], [2], [3], [4]]"
        lines.append(f"%c0 = tensor.expand_shape %e {dims} output_shape "
                     f"[{', '.join(map(str, chain_shape))}] : "
                     f"{tensor_type(out_shape, str(dst))} into "
                     f"{tensor_type(chain_shape, str(dst))}")
    for i, op in enumerate(chain):
        src = f"%c{i}"
        out = "%r" if i + 1 == len(chain) else f"%c{i + 1}"
        t_in = tensor_type(chain_shape, str(fmt))
        if op == "relu":
            lines.append(f"{out} = fxp.relu {src} : {t_in} -> {t_in}")
        elif op == "clamp":
            lines.append(f"{out} = fxp.clamp {src} {{min = 0.0 : f64, max = "
                         f"0x{float_bits(clamp_hi, 'f64'):016X} : f64}} : {t_in} -> {t_in}")
        elif op == "add":
            lines.append(f"{out} = fxp.add {src}, {residual_value}{suffix} : {t_in}, "
                         f"{tensor_type(chain_shape, str(residual_fmt))} -> "
                         f"{tensor_type(chain_shape, str(sum_fmt))}")
            fmt = sum_fmt
        elif op == "dequantize":
            lines.append(f"{out} = fxp.dequantize {src} : {t_in} -> "
                         f"{tensor_type(chain_shape, 'f32')}")
        else:
            lines.append(f"{out} = fxp.cast {src}{suffix} : {t_in} -> "
                         f"{tensor_type(chain_shape, str(out_fmt))}")
            fmt = out_fmt
    if residual_source == "input":
        inputs.append((("fixed", residual_fmt), rs, chain_shape))
    elif residual_source == "narrow":
        inputs.append((("fixed", residual_stored), rs, chain_shape))
    elif residual_source == "contraction":
        inputs.append((("fixed", w), w2s, w_shape))
    result = ("float", "f32") if "dequantize" in chain else ("fixed", fmt)
    case = Case("fused " + ("conv2d" if conv else "matmul"), "\n  ".join(lines), inputs,
                (result, chain_shape), reference([v for _, v, _ in inputs]),
                "fused " + ("conv2d" if conv else "matmul") + " " + " ".join(chain))
    case.constant_inputs = {1, 2} if bias else {1}
    if residual_source == "contraction":
        case.constant_inputs.add(len(inputs) - 1)
    return with_reference(case, reference)


def make_pool(rng):
    x = small_fmt(rng)
    nb, h, wd, c = rng.randint(1, 2), rng.randint(1, 5), rng.randint(1, 5), rng.randint(1, 3)
    xs = random_stored(rng, x, nb * h * wd * c)
    rounding = rng.choice(ref.ROUNDING_MODES)
    overflow = rng.choice(ref.OVERFLOW_MODES)
    kind = rng.choice(["max_pool2d", "avg_pool2d", "global_avg_pool"])
    in_type = tensor_type([nb, h, wd, c], str(x))
    if kind == "global_avg_pool":
        dst = small_fmt(rng) if rng.random() < 0.6 else x
        def reference(inputs):
            return ref.global_avg_pool(np.array(inputs[0], dtype=object).reshape(
                nb, h, wd, c), x, dst, rounding, overflow).flatten().tolist()
        body = (f"%r = fxp.global_avg_pool %a0{modes_suffix(rounding, overflow)} : "
                f"{in_type} -> {tensor_type([nb, 1, 1, c], str(dst))}")
        return with_reference(Case(kind, body, [(("fixed", x), xs, [nb, h, wd, c])],
                                   (("fixed", dst), [nb, 1, 1, c]),
                                   reference([xs]), kind), reference)
    while True:
        kh, kw = rng.randint(1, 3), rng.randint(1, 3)
        strides = (rng.randint(1, 2), rng.randint(1, 2))
        pad = (rng.randint(0, kh - 1), rng.randint(0, kh - 1),
               rng.randint(0, kw - 1), rng.randint(0, kw - 1))
        oh = (h + pad[0] + pad[1] - kh) // strides[0] + 1
        ow = (wd + pad[2] + pad[3] - kw) // strides[1] + 1
        if oh >= 1 and ow >= 1:
            break
    attrs = (f"{{kernel = array<i64: {kh}, {kw}>, strides = array<i64: {strides[0]}, "
             f"{strides[1]}>, pad = array<i64: {', '.join(map(str, pad))}>}}")
    if kind == "max_pool2d":
        dst = x
        def reference(inputs):
            return ref.max_pool2d(np.array(inputs[0], dtype=object).reshape(nb, h, wd, c),
                                  x, (kh, kw), strides, pad).flatten().tolist()
        body = f"%r = fxp.max_pool2d %a0 {attrs} : {in_type} -> " \
               f"{tensor_type([nb, oh, ow, c], str(dst))}"
    else:
        dst = small_fmt(rng) if rng.random() < 0.6 else x
        def reference(inputs):
            return ref.avg_pool2d(np.array(inputs[0], dtype=object).reshape(nb, h, wd, c),
                                  x, dst, (kh, kw), strides, pad, rounding,
                                  overflow).flatten().tolist()
        body = (f"%r = fxp.avg_pool2d %a0{modes_suffix(rounding, overflow)} {attrs} : "
                f"{in_type} -> {tensor_type([nb, oh, ow, c], str(dst))}")
    return with_reference(Case(kind, body, [(("fixed", x), xs, [nb, h, wd, c])],
                               (("fixed", dst), [nb, oh, ow, c]), reference([xs]), kind),
                          reference)


def make_case(rng, fused_share=0.0):
    """A random case; `fused_share` of them fused contractions."""
    if rng.random() < fused_share:
        return make_fused_contraction(rng)
    r = rng.random()
    if r < 0.6:
        return make_elementwise(rng)
    if r < 0.8:
        return make_contraction(rng)
    return make_pool(rng)


# --- MLIR emission ---------------------------------------------------------


def storage_literal(kind, values):
    if kind[0] == "fixed":
        return [str(v) for v in values]
    name = kind[1]
    digits = FLOAT_TYPES[name][1] // 4
    return [f"0x{float_bits(v, name):0{digits}X}" for v in values]


def constant(kind, values, shape):
    element = storage_element(kind)
    literals = storage_literal(kind, values)
    if shape is None:
        return f"arith.constant {literals[0]} : {element}"
    return (f"arith.constant dense<[{', '.join(literals)}]> : "
            f"tensor<{count(shape)}x{element}>")


def kernel_text(index, case, inline_constants):
    """func @case<i>: flat storage inputs -> a flat tensor of result storage.
    Inputs are reshaped to the op's shapes and bitcast to their formats; the
    op's operands are %a0, %a1, ... and its result %r."""
    (result_kind, result_shape) = case.result_type
    n = count(result_shape)
    out_element = storage_element(result_kind)
    lines = []
    params = []
    for i, (kind, values, shape) in enumerate(case.inputs):
        element = storage_element(kind)
        flat = element if shape is None else f"tensor<{count(shape)}x{element}>"
        is_float = kind[0] == "float"
        reshaped = shape is not None and len(shape) != 1
        # The last step that produces the operand is named %a<i>.
        stored = f"%a{i}" if is_float and not reshaped else f"%s{i}"
        if inline_constants or i in case.constant_inputs:
            lines.append(f"  {stored} = {constant(kind, values, shape)}")
        else:
            params.append(f"{stored}: {flat}")
        if reshaped:
            shaped = f"%a{i}" if is_float else f"%f{i}"
            dims = ", ".join(str(d) for d in range(len(shape)))
            lines.append(f"  {shaped} = tensor.expand_shape {stored} [[{dims}]] "
                         f"output_shape [{', '.join(map(str, shape))}] : {flat} into "
                         f"{tensor_type(shape, element)}")
            stored = shaped
        if not is_float:
            lines.append(f"  %a{i} = fxp.bitcast {stored} : {tensor_type(shape, element)} -> "
                         f"{tensor_type(shape, element_type(kind))}")
    lines.append("  " + case.body)
    result = "%r"
    if result_kind[0] == "fixed":
        lines.append(f"  %ri = fxp.bitcast %r : "
                     f"{tensor_type(result_shape, element_type(result_kind))} -> "
                     f"{tensor_type(result_shape, out_element)}")
        result = "%ri"
    flat_result = f"tensor<{n}x{out_element}>"
    if result_shape is None:
        lines.append(f"  %rf = tensor.from_elements {result} : {flat_result}")
        result = "%rf"
    elif len(result_shape) != 1:
        dims = ", ".join(str(d) for d in range(len(result_shape)))
        lines.append(f"  %rf = tensor.collapse_shape {result} [[{dims}]] : "
                     f"{tensor_type(result_shape, out_element)} into {flat_result}")
        result = "%rf"
    lines.append(f"  return {result} : {flat_result}")
    return (f"func.func @case{index}({', '.join(params)}) -> {flat_result} {{\n"
            + "\n".join(lines) + "\n}\n")


def module_text(cases, inline_constants):
    funcs = [kernel_text(i, c, inline_constants) for i, c in enumerate(cases)]
    main = ["func.func @main() {", "  %c0 = arith.constant 0 : index",
            "  %c1 = arith.constant 1 : index"]
    for i, case in enumerate(cases):
        (result_kind, result_shape) = case.result_type
        n = count(result_shape)
        element = storage_element(result_kind)
        args = []
        passed = [] if inline_constants else [
            j for j in range(len(case.inputs)) if j not in case.constant_inputs]
        for j in passed:
            kind, values, shape = case.inputs[j]
            main.append(f"  %in{i}_{j} = {constant(kind, values, [count(shape)] if shape else None)}")
            args.append(f"%in{i}_{j}")
        arg_types = ", ".join(
            storage_element(k) if s is None else f"tensor<{count(s)}x{storage_element(k)}>"
            for k, _, s in (case.inputs[j] for j in passed))
        main.append(f"  %out{i} = func.call @case{i}({', '.join(args)}) : ({arg_types}) -> "
                    f"tensor<{n}x{element}>")
        main.append(f"  %n{i} = arith.constant {n} : index")
        main.append(f"  scf.for %k = %c0 to %n{i} step %c1 {{")
        main.append(f"    %e = tensor.extract %out{i}[%k] : tensor<{n}x{element}>")
        if result_kind[0] == "float":
            bits = FLOAT_TYPES[result_kind[1]][1]
            main.append(f"    %eb = arith.bitcast %e : {element} to i{bits}")
            main.append(f"    %ew = arith.extui %eb : i{bits} to i64" if bits < 64
                        else "    %ew = arith.addi %eb, %c0_i64 : i64")
        else:
            width = result_kind[1].width
            main.append(f"    %ew = arith.extui %e : i{width} to i64" if width < 64
                        else "    %ew = arith.addi %e, %c0_i64 : i64")
        main.append("    vector.print %ew : i64")
        main.append("  }")
    main.insert(1, "  %c0_i64 = arith.constant 0 : i64")
    main.append("  return")
    main.append("}")
    return "\n".join(funcs) + "\n" + "\n".join(main) + "\n"


# --- Running and comparing ------------------------------------------------


def default_tool(name):
    here = os.path.dirname(os.path.abspath(__file__))
    build = os.environ.get("FXP_BUILD_DIR", os.path.join(here, "..", "..", "build"))
    if name == "fxp-opt":
        return os.path.join(build, "bin", "fxp-opt")
    return os.path.join("/usr/lib/llvm-22/bin", name)


# The CPU qemu emulates for each AArch64 target: exactly the features the
# target assumes, so that an instruction it must not use raises SIGILL.
QEMU_CPUS = {"aarch64-neon": "cortex-a53", "aarch64-dotprod": "neoverse-n1",
             "aarch64-i8mm": "max"}

# What vector.print of an i64 calls, and a C entry point for the module's
# @main (renamed: it returns void), for programs run outside mlir-runner.
PRINT_STUBS = r"""
#include <stdint.h>
#include <stdio.h>
void printI64(int64_t v) { printf("%lld", (long long)v); }
void printNewline(void) { putchar('\n'); }
void module_main(void);
int main(void) { module_main(); return 0; }
"""


# The OpenMP runtime that code lowered with threads > 1 calls.
LIBOMP = "/usr/lib/llvm-22/lib/libomp.so"


def lowering_pipeline(target, threads=1):
    if target == "reference":
        return "--fxp-reference-to-llvm"
    return f"--fxp-lower-to-llvm=target={target} threads={threads}"


def run_aarch64(lowered, target, tools, directory):
    """Compiles lowered LLVM-dialect code for AArch64 and runs it under qemu
    with the CPU of `target`; returns (stdout, error text)."""
    ll = os.path.join(directory, "module.ll")
    stubs = os.path.join(directory, "stubs.c")
    exe = os.path.join(directory, "module")
    with open(stubs, "w") as f:
        f.write(PRINT_STUBS)
    steps = [
        [tools["mlir-translate"], "--mlir-to-llvmir", "-o", ll],
        [tools["clang"], "--target=aarch64-linux-gnu", "-O2", ll, stubs, "-o", exe],
        ["qemu-aarch64", "-cpu", QEMU_CPUS[target], "-L", "/usr/aarch64-linux-gnu", exe],
    ]
    stdin = lowered.replace("llvm.func @main(", "llvm.func @module_main(")
    for step in steps:
        result = subprocess.run(step, input=stdin, capture_output=True, text=True)
        if result.returncode != 0:
            return None, f"{os.path.basename(step[0])} failed ({result.returncode}):\n" \
                         + result.stderr
        stdin = None
    return result.stdout, None


def run_module(text, tools):
    """Compiles and runs a module; returns (printed integers, error text)."""
    target = tools["target"]
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "module.mlir")
        with open(path, "w") as f:
            f.write(text)
        lowered = subprocess.run([tools["fxp-opt"], path,
                                  lowering_pipeline(target, tools["threads"])],
                                 capture_output=True, text=True)
        if lowered.returncode != 0:
            return None, "fxp-opt failed:\n" + lowered.stderr
        if target in QEMU_CPUS:
            output, error = run_aarch64(lowered.stdout, target, tools, directory)
            if error:
                return None, error
        else:
            libraries = [tools["runner-utils"]]
            if tools["threads"] > 1:
                libraries.append(LIBOMP)
            run = subprocess.run([tools["mlir-runner"], "-e", "main",
                                  "-entry-point-result=void",
                                  f"-shared-libs={','.join(libraries)}"],
                                 input=lowered.stdout, capture_output=True, text=True)
            if run.returncode != 0:
                return None, "mlir-runner failed:\n" + run.stderr
            output = run.stdout
        return [int(line) for line in output.split()], None


def expected_patterns(case):
    """The expected outputs as printed: zero-extended storage / float bits."""
    (result_kind, _) = case.result_type
    if result_kind[0] == "float":
        return [float_bits(v, result_kind[1]) for v in case.expected]
    width = result_kind[1].width
    return [v % (2**width) for v in case.expected]


def check_module(cases, inline_constants, tools):
    """Returns a list of (case, message) for the failing cases."""
    text = module_text(cases, inline_constants)
    printed, error = run_module(text, tools)
    if error:
        return [(case, error.strip().splitlines()[-1] if error else "") for case in cases], text
    failures = []
    pos = 0
    for case in cases:
        want = expected_patterns(case)
        got = [v % (2**64) for v in printed[pos:pos + len(want)]]
        pos += len(want)
        if got != want:
            bad = [i for i, (g, w) in enumerate(zip(got, want)) if g != w]
            if len(got) != len(want):
                bad = bad or [min(len(got), len(want))]
            failures.append((case, f"{len(bad)} mismatches, first at {bad[0]}: "
                                   f"got {got[bad[0]] if bad[0] < len(got) else None}, "
                                   f"want {want[bad[0]] if bad[0] < len(want) else None}"))
    return failures, text


ELEMENTWISE = ("quantize", "dequantize", "cast", "add", "sub", "mul", "clamp",
               "relu")


def still_fails(case, tools, inline_constants):
    failures, _ = check_module([case], inline_constants, tools)
    return bool(failures)


def minimize(case, tools, inline_constants, budget=40):
    """A smaller program that still fails: for elementwise ops the first
    failing element alone, as a scalar; otherwise the same op with as many
    inputs as possible replaced by zero (greedy, at most `budget` runs)."""
    if case.name in ELEMENTWISE:
        for index in range(len(case.expected)):
            inputs = [(kind, [values[index]], None) for kind, values, _ in case.inputs]
            small = Case(case.name, _scalar_body(case), inputs,
                         (case.result_type[0], None), [case.expected[index]],
                         case.describe)
            if still_fails(small, tools, inline_constants):
                return small
        return case
    if case.reference is None:
        return case
    current = case
    for i, (kind, values, shape) in enumerate(case.inputs):
        for j in range(len(values)):
            if budget == 0 or values[j] == 0:
                continue
            budget -= 1
            inputs = [list(v) for _, v, _ in current.inputs]
            inputs[i][j] = 0
            candidate = with_reference(
                Case(case.name, case.body,
                     [(k, v, s) for (k, _, s), v in zip(current.inputs, inputs)],
                     case.result_type, case.reference(inputs), case.describe),
                case.reference)
            candidate.constant_inputs = case.constant_inputs
            if still_fails(candidate, tools, inline_constants):
                current = candidate
    return current


def _scalar_body(case):
    """The case's op with every tensor type replaced by its element type."""
    return re.sub(r"tensor<(?:\d+x)+([^<>]*(?:<[^<>]*>)?)>", r"\1", case.body)


def describe_case(case, inline_constants):
    return module_text([case], inline_constants)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=300, help="programs to run")
    parser.add_argument("--per-module", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--fxp-opt", default=default_tool("fxp-opt"))
    parser.add_argument("--mlir-runner", default=default_tool("mlir-runner"))
    parser.add_argument("--runner-utils",
                        default="/usr/lib/llvm-22/lib/libmlir_c_runner_utils.so")
    parser.add_argument("--max-reports", type=int, default=5)
    parser.add_argument("--target", default="reference",
                        help="reference (--fxp-reference-to-llvm) or a target of "
                             "--fxp-lower-to-llvm; aarch64-* targets run under "
                             "qemu-aarch64 with a CPU of exactly their features")
    parser.add_argument("--fused-share", type=float, default=None,
                        help="share of fused contractions (the fast lowering's "
                             "kernels) among the programs; default 0 for the "
                             "reference target, 0.5 otherwise")
    parser.add_argument("--threads", type=int, default=1,
                        help="threads of the fast lowering's kernels (x86 "
                             "targets: run with LLVM's OpenMP runtime)")
    args = parser.parse_args(argv)
    if args.threads > 1 and args.target in QEMU_CPUS:
        parser.error("--threads applies to x86 targets (no AArch64 libomp here)")
    tools = {"fxp-opt": args.fxp_opt, "mlir-runner": args.mlir_runner,
             "runner-utils": args.runner_utils, "target": args.target,
             "threads": args.threads,
             "mlir-translate": default_tool("mlir-translate"),
             "clang": default_tool("clang")}
    fused_share = args.fused_share
    if fused_share is None:
        fused_share = 0.0 if args.target == "reference" else 0.5

    rng = random.Random(args.seed)
    batches = []
    made = 0
    while made < args.count:
        n = min(args.per_module, args.count - made)
        batches.append(([make_case(rng, fused_share) for _ in range(n)],
                        rng.random() < 0.5))
        made += n

    start = time.time()
    failed = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(check_module, cases, inline, tools)
                   for cases, inline in batches]
        for (cases, inline), future in zip(batches, futures):
            failures, _ = future.result()
            failed.extend((case, message, inline) for case, message in failures)

    for case, message, inline in failed[:args.max_reports]:
        small = minimize(case, tools, inline)
        print(f"FAIL {case.describe}: {message}")
        print("minimized program:")
        print(describe_case(small, inline))
    if len(failed) > args.max_reports:
        print(f"... and {len(failed) - args.max_reports} more failing programs")
    elapsed = time.time() - start
    print(f"seed {args.seed}: {args.count} programs ({args.target}) in "
          f"{elapsed:.1f} s", file=sys.stderr)
    print(f"{args.count - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
