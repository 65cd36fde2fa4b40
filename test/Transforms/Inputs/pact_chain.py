"""Prints a folded PACT activation followed by a chain of N ReLUs or casts
and a matmul: python3 pact_chain.py relu|cast N."""

import sys

kind, n = sys.argv[1], int(sys.argv[2])
T = "tensor<1x2x!fxp.fixed<u8, ?>>"
lines = [
    "func.func @f(%x: tensor<1x4x!fxp.fixed<u8, 8>>) -> tensor<1x2x!fxp.fixed<s32, ?>> {",
    "  %wf = arith.constant dense<0.5> : tensor<4x2xf32>",
    "  %w = fxp.quantize %wf : tensor<4x2xf32> -> tensor<4x2x!fxp.fixed<s8, ?>>",
    "  %acc = fxp.matmul %x, %w : tensor<1x4x!fxp.fixed<u8, 8>>, tensor<4x2x!fxp.fixed<s8, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>",
    "  %c = fxp.clamp %acc {min = 0.0, max = 6.0} : tensor<1x2x!fxp.fixed<s32, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>",
    f"  %a0 = fxp.cast %c : tensor<1x2x!fxp.fixed<s32, ?>> -> {T}",
]
op = "fxp.relu" if kind == "relu" else "fxp.cast"
lines += [f"  %a{i} = {op} %a{i - 1} : {T} -> {T}" for i in range(1, n + 1)]
lines += [
    "  %vf = arith.constant dense<0.25> : tensor<2x2xf32>",
    "  %v = fxp.quantize %vf : tensor<2x2xf32> -> tensor<2x2x!fxp.fixed<s8, ?>>",
    f"  %y = fxp.matmul %a{n}, %v : {T}, tensor<2x2x!fxp.fixed<s8, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>",
    "  return %y : tensor<1x2x!fxp.fixed<s32, ?>>",
    "}",
]
print("\n".join(lines))
