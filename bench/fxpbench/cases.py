"""The kernel cases of the benchmark and the MLIR of their contenders.

A case is named by its shape, and the name is all it takes to rebuild it:
  matmul-MxKxN            u8 [M, K] x s8 [K, N] + s32 bias
  conv-HxWxC-KHxKW[sS]-O  NHWC, batch 1, OHWI weights, pad (K-1)/2
  dw-HxWxC-KHxKW[sS]      depthwise (groups = C, O = C)
Each runs with the s32 accumulator as output, and with the fused u8
epilogue: requantization (round half to even, saturation to [0, 255], which
is the ReLU).
"""

import math
import re
import zlib

import numpy as np

# The default cases (issue 7): square and skinny matmuls, ResNet-18's 3x3
# convolutions and its 1x1 stride-2 downsample, MobileNetV2's depthwise.
DEFAULT = [
    "matmul-512x512x512", "matmul-1x1024x1024", "matmul-16x1024x1024",
    "matmul-1x4096x4096", "matmul-64x4096x4096",
    "conv-56x56x64-3x3-64", "conv-28x28x128-3x3-128", "conv-14x14x256-3x3-256",
    "conv-7x7x512-3x3-512", "conv-56x56x64-1x1s2-128",
    "dw-112x112x32-3x3", "dw-14x14x576-3x3",
]
EPILOGUES = ("s32", "u8")

# Formats: u8 activations at FL 5, s8 weights at FL 6, so the accumulator and
# the bias are at FL 11.
FL_X, FL_W = 5, 6
FL_ACC = FL_X + FL_W

_MATMUL = re.compile(r"matmul-(\d+)x(\d+)x(\d+)$")
_CONV = re.compile(r"(conv|dw)-(\d+)x(\d+)x(\d+)-(\d+)x(\d+)(?:s(\d+))?(?:-(\d+))?$")


def tensor(shape, element):
    return "tensor<" + "x".join(map(str, shape)) + "x" + element + ">"


def fixed(shape, signedness, width, fl):
    return tensor(shape, f"!fxp.fixed<{signedness}{width}, {fl}>")


def dense_hex(array, shape, element):
    """An arith.constant of `array`'s little-endian bytes: the hex form keeps
    millions of weights quick to print and parse."""
    data = np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<"))
    return (f'arith.constant dense<"0x{data.tobytes().hex().upper()}"> : '
            f"{tensor(shape, element)}")


class Case:
    def __init__(self, name):
        self.name = name
        if match := _MATMUL.match(name):
            self.op = "matmul"
            self.m, self.k, self.n = map(int, match.groups())
            self.input, self.output = [self.m, self.k], [self.m, self.n]
            self.weight_shape = [self.k, self.n]
            self.reduction = self.k
        elif match := _CONV.match(name):
            kind, h, w, c, kh, kw, stride, o = match.groups()
            self.op = "conv"
            self.h, self.w, self.c = int(h), int(w), int(c)
            self.kh, self.kw = int(kh), int(kw)
            self.stride = int(stride or 1)
            self.groups = self.c if kind == "dw" else 1
            if (kind == "dw") != (o is None):
                raise ValueError(f"{name}: conv needs -O, dw has none")
            self.o = self.c if o is None else int(o)
            if self.kh != self.kw:
                raise ValueError(f"{name}: square kernels only")
            self.pad = (self.kh - 1) // 2
            ho = (self.h + 2 * self.pad - self.kh) // self.stride + 1
            wo = (self.w + 2 * self.pad - self.kw) // self.stride + 1
            self.input, self.output = [1, self.h, self.w, self.c], [1, ho, wo, self.o]
            self.weight_shape = [self.o, self.kh, self.kw, self.c // self.groups]
            self.reduction = self.kh * self.kw * self.c // self.groups
        else:
            raise ValueError(f"not a case name: {name}")
        self.macs = int(np.prod(self.output)) * self.reduction

        # Random weights in the symmetric s8 range, bias and output format
        # scaled to the accumulator's spread (u8 inputs: rms 147, weights:
        # std 73), so that the u8 output uses its range. Seeded by the name.
        rng = np.random.default_rng(zlib.crc32(name.encode()))
        self.weights = rng.integers(-127, 128, self.weight_shape, dtype=np.int8)
        spread = math.sqrt(self.reduction) * 147 * 73
        channels = self.output[-1]
        self.bias = rng.integers(-int(spread), int(spread) + 1, channels,
                                 dtype=np.int32)
        self.shift = max(0, math.ceil(math.log2(3 * spread / 255)))

    def harness_args(self):
        """The harness's description of the geometry."""
        if self.op == "matmul":
            return ["--op=matmul", f"--m={self.m}", f"--k={self.k}", f"--n={self.n}"]
        return ["--op=conv", f"--h={self.h}", f"--w={self.w}", f"--c={self.c}",
                f"--o={self.o}", f"--kh={self.kh}", f"--kw={self.kw}",
                f"--stride={self.stride}", f"--pad={self.pad}",
                f"--groups={self.groups}"]

    def output_element(self, epilogue):
        return "i32" if epilogue == "s32" else "i8"

    def fxp_module(self, epilogue):
        """The case in fxp IR (spec section 3): constant weights and bias
        through fxp.bitcast, the s32 accumulator, and for the u8 epilogue an
        fxp.cast to u8 at FL_ACC - shift."""
        acc = fixed(self.output, "s", 32, FL_ACC)
        x, w = fixed(self.input, "u", 8, FL_X), fixed(self.weight_shape, "s", 8, FL_W)
        b = fixed([self.output[-1]], "s", 32, FL_ACC)
        if self.op == "matmul":
            contraction = f"fxp.matmul %x, %w, %b : {x}, {w}, {b} -> {acc}"
        else:
            pad = ", ".join([str(self.pad)] * 4)
            contraction = (
                f"fxp.conv2d %x, %w, %b {{strides = array<i64: {self.stride}, "
                f"{self.stride}>, pad = array<i64: {pad}>, groups = "
                f"{self.groups} : i64}} : {x}, {w}, {b} -> {acc}")
        out = self.output_element(epilogue)
        lines = [
            f"func.func @kernel(%xi: {tensor(self.input, 'i8')}) -> {tensor(self.output, out)} {{",
            f"  %x = fxp.bitcast %xi : {tensor(self.input, 'i8')} -> {x}",
            f"  %wi = {dense_hex(self.weights, self.weight_shape, 'i8')}",
            f"  %w = fxp.bitcast %wi : {tensor(self.weight_shape, 'i8')} -> {w}",
            f"  %bi = {dense_hex(self.bias, [self.output[-1]], 'i32')}",
            f"  %b = fxp.bitcast %bi : {tensor([self.output[-1]], 'i32')} -> {b}",
            f"  %y = {contraction}",
        ]
        if epilogue == "u8":
            u8 = fixed(self.output, "u", 8, FL_ACC - self.shift)
            lines.append(f"  %yq = fxp.cast %y : {acc} -> {u8}")
            lines.append(f"  %yi = fxp.bitcast %yq : {u8} -> {tensor(self.output, 'i8')}")
        else:
            lines.append(f"  %yi = fxp.bitcast %y : {acc} -> {tensor(self.output, 'i32')}")
        lines += [f"  return %yi : {tensor(self.output, out)}", "}"]
        return "\n".join(lines) + "\n"

    def upstream_module(self, epilogue):
        """The same matmul as upstream MLIR sees it: a linalg.generic of
        extui(x) * extsi(w) into a bias-filled i32 accumulator (plus an
        elementwise requantization for u8), tiled for the caches and the
        registers, vectorized and lowered to outer products by a transform
        script: a fair attempt at what a user gets from upstream. None for
        convolutions."""
        if self.op != "matmul":
            return None
        m, k, n = self.m, self.k, self.n
        # Register tile: 4 rows of 32 i32 lanes (8 zmm accumulators); cache
        # tile: 64 rows, 256 columns, 256-deep slices of K.
        cache = [_divisor(m, 64), _divisor(n, 256), _divisor(k, 256)]
        register = [_divisor(cache[0], 4), _divisor(cache[1], 32), _divisor(cache[2], 4)]
        acc, out = tensor([m, n], "i32"), tensor([m, n], self.output_element(epilogue))
        requant, requant_schedule = "", ""
        result = "%acc"
        if epilogue == "u8":
            result = "%y"
            requant = f"""
    %e8 = tensor.empty() : {out}
    %y = linalg.generic {{indexing_maps = [#mn, #mn], iterator_types = ["parallel", "parallel"]}} ins(%acc : {acc}) outs(%e8 : {out}) {{
    ^bb0(%a: i32, %unused: i8):
{_requantize_body(self.shift)}
    }} -> {out}"""
            requant_schedule = f"""
    %rq = transform.structured.match ops{{["linalg.generic"]}} attributes {{bench.requantize}} in %module : (!transform.any_op) -> !transform.any_op
    %rt, %rl:2 = transform.structured.tile_using_for %rq tile_sizes [1, {_divisor(n, 64)}] : (!transform.any_op) -> (!transform.any_op, !transform.any_op, !transform.any_op)
    transform.structured.vectorize %rt : !transform.any_op"""
            requant = requant.replace("linalg.generic {", "linalg.generic {bench.requantize, ", 1)
        any_op = "!transform.any_op"
        tile3 = f"({any_op}) -> ({any_op}, {any_op}, {any_op}, {any_op})"
        return f"""#mk = affine_map<(m, n, k) -> (m, k)>
#kn = affine_map<(m, n, k) -> (k, n)>
#mn3 = affine_map<(m, n, k) -> (m, n)>
#mn = affine_map<(m, n) -> (m, n)>
module attributes {{transform.with_named_sequence}} {{
  func.func @kernel(%x: {tensor([m, k], 'i8')}) -> {out} attributes {{llvm.emit_c_interface}} {{
    %w = {dense_hex(self.weights, [k, n], 'i8')}
    %b = {dense_hex(self.bias, [n], 'i32')}
    %e = tensor.empty() : {acc}
    %init = linalg.broadcast ins(%b : {tensor([n], 'i32')}) outs(%e : {acc}) dimensions = [0]
    %acc = linalg.generic {{bench.matmul, indexing_maps = [#mk, #kn, #mn3], iterator_types = ["parallel", "parallel", "reduction"]}} ins(%x, %w : {tensor([m, k], 'i8')}, {tensor([k, n], 'i8')}) outs(%init : {acc}) {{
    ^bb0(%xv: i8, %wv: i8, %sum: i32):
      %xe = arith.extui %xv : i8 to i32
      %we = arith.extsi %wv : i8 to i32
      %p = arith.muli %xe, %we : i32
      %s = arith.addi %sum, %p : i32
      linalg.yield %s : i32
    }} -> {acc}{requant}
    return {result} : {out}
  }}
  transform.named_sequence @__transform_main(%module: {any_op} {{transform.readonly}}) {{
    %mm = transform.structured.match ops{{["linalg.generic"]}} attributes {{bench.matmul}} in %module : ({any_op}) -> {any_op}
    %t1, %l1:3 = transform.structured.tile_using_for %mm tile_sizes {cache} : {tile3}
    %t2, %l2:3 = transform.structured.tile_using_for %t1 tile_sizes {register} : {tile3}
    transform.structured.vectorize %t2 : {any_op}
    %fill = transform.structured.match ops{{["linalg.broadcast"]}} in %module : ({any_op}) -> {any_op}
    %ft, %fl:2 = transform.structured.tile_using_for %fill tile_sizes [1, {register[1]}] : ({any_op}) -> ({any_op}, {any_op}, {any_op})
    transform.structured.vectorize %ft : {any_op}{requant_schedule}
    %f = transform.structured.match ops{{["func.func"]}} in %module : ({any_op}) -> {any_op}
    transform.apply_patterns to %f {{
      transform.apply_patterns.vector.transfer_permutation_patterns
    }} : {any_op}
    transform.apply_patterns to %f {{
      transform.apply_patterns.vector.reduction_to_contract
      transform.apply_patterns.vector.sink_ops
      transform.apply_patterns.vector.fold_arith_extension
      transform.apply_patterns.canonicalization
    }} : {any_op}
    transform.apply_patterns to %f {{
      transform.apply_patterns.vector.lower_contraction lowering_strategy = outerproduct
      transform.apply_patterns.vector.lower_outerproduct
    }} : {any_op}
    transform.loop.hoist_loop_invariant_subsets %l2#2 : {any_op}
    transform.yield
  }}
}}
"""


# mlir-opt-22 from the transformed module to the LLVM dialect, with the
# result as an out-parameter (no allocation per call). cse lets canonicalize
# drop the self-copies that tensor.insert_slice leaves after bufferization.
UPSTREAM_PIPELINE = [
    "--transform-interpreter", "--test-transform-dialect-erase-schedule",
    "--canonicalize",
    "--one-shot-bufferize=bufferize-function-boundaries "
    "function-boundary-type-conversion=identity-layout-map",
    "--canonicalize",
    "--buffer-results-to-out-params=modify-public-functions hoist-static-allocs",
    "--cse", "--canonicalize", "--buffer-deallocation-pipeline",
    "--convert-bufferization-to-memref", "--convert-linalg-to-loops",
    "--convert-vector-to-scf", "--lower-affine", "--convert-scf-to-cf",
    "--expand-strided-metadata", "--lower-affine", "--finalize-memref-to-llvm",
    "--convert-vector-to-llvm", "--convert-ub-to-llvm", "--convert-arith-to-llvm",
    "--convert-index-to-llvm", "--convert-cf-to-llvm", "--convert-func-to-llvm",
    "--reconcile-unrealized-casts",
]


def _divisor(size, at_most):
    """The largest divisor of `size` not above `at_most` (static tiles)."""
    return max(d for d in range(1, min(size, at_most) + 1) if size % d == 0)


def _requantize_body(shift):
    """Scalar round-half-to-even of %a / 2^shift saturated to u8, in arith."""
    body = ["%zero = arith.constant 0 : i32", "%max = arith.constant 255 : i32"]
    value = "%a"
    if shift:
        body += [
            f"%n = arith.constant {shift} : i32",
            f"%half = arith.constant {1 << (shift - 1)} : i32",
            "%q = arith.shrsi %a, %n : i32",
            "%low = arith.shli %q, %n : i32",
            "%rem = arith.subi %a, %low : i32",
            "%above = arith.cmpi sgt, %rem, %half : i32",
            "%tie = arith.cmpi eq, %rem, %half : i32",
            "%odd = arith.trunci %q : i32 to i1",
            "%tie_odd = arith.andi %tie, %odd : i1",
            "%up = arith.ori %above, %tie_odd : i1",
            "%inc = arith.extui %up : i1 to i32",
            "%r = arith.addi %q, %inc : i32",
        ]
        value = "%r"
    body += [f"%lo = arith.maxsi {value}, %zero : i32", "%hi = arith.minsi %lo, %max : i32",
             "%t = arith.trunci %hi : i32 to i8", "linalg.yield %t : i8"]
    return "\n".join("      " + line for line in body)
