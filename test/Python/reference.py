# RUN: %python %s
"""Hand-computed cases of python/fxp/reference.py, and F8Net's own integer
requantization formula against the spec's cast (half_even, saturate)."""

import random
from fractions import Fraction

from fxp import reference as ref
from fxp.reference import Fmt

# Rounding: +-2.5, +-3.5, +-1.25 in every mode (docs/FixedPoint.md's table).
table = {
    "half_even": [2, 4, -2, -4, -1],
    "half_up": [3, 4, -2, -3, -1],
    "half_away": [3, 4, -3, -4, -1],
    "floor": [2, 3, -3, -4, -2],
    "trunc": [2, 3, -2, -3, -1],
}
values = [Fraction(5, 2), Fraction(7, 2), Fraction(-5, 2), Fraction(-7, 2), Fraction(-5, 4)]
for mode, expected in table.items():
    got = [ref.round_rational(v, mode) for v in values]
    assert got == expected, (mode, got)

s8 = Fmt(8, True, 4)
assert ref.overflow(200, s8, "saturate") == 127
assert ref.overflow(-128, s8, "saturate") == -127
assert ref.overflow(200, s8, "wrap") == -56
assert ref.overflow(-1, Fmt(8, False, 0), "wrap") == 255
assert ref.clamp(-128, s8, -100.0, None) == -128  # bounds use the stored range
assert ref.clamp(100, s8, 0.0, 6.0) == 96

# Quantize: ties at FL 1, NaN, infinities.
assert ref.quantize(1.25, Fmt(8, True, 1)) == 2
assert ref.quantize(-1.25, Fmt(8, True, 1), "half_away") == -3
assert ref.quantize(float("nan"), s8) == 0
assert ref.quantize(float("-inf"), s8) == -127
assert ref.quantize(float("inf"), s8, overflow_mode="wrap") == 0

# Dequantize rounds once: 2^24 + 1 is not an f32.
assert ref.dequantize(2**24 + 1, Fmt(32, True, 0), "f32") == 16777216.0
assert ref.dequantize(2**24 + 3, Fmt(32, True, 0), "f32") == 16777220.0
assert ref.round_to_float(Fraction(1, 3), "f16") == 0.333251953125

# F8Net's requantization equals cast with half_even and saturation.
rng = random.Random(7)
for _ in range(20000):
    n = rng.randint(-6, 20)
    src = Fmt(32, True, rng.randint(0, 24))
    dst = Fmt(8, rng.random() < 0.5, src.fl - n)
    if not -64 <= dst.fl <= 64:
        continue
    acc = rng.choice([rng.randint(-2**31 + 1, 2**31 - 1),
                      rng.randint(-300, 300) * 2**max(n, 0) + (2**(n - 1) if n > 0 else 0)])
    assert ref.f8net_requant(acc, n, dst) == ref.cast(acc, src, dst), (acc, n, dst)
print("reference self-test passed")
