"""The fxp arithmetic, written directly from fxp-spec.md sections 1-3.

Everything is exact: stored integers are Python ints (numpy object arrays
for tensors) and real numbers are `fractions.Fraction`. Nothing here is
derived from the compiler's lowering; the two are compared bit for bit.

A format is `Fmt(width, signed, fl)`; stored values of a W-bit format are
given and returned as Python ints in the format's range (signed or not).
"""

from dataclasses import dataclass
from fractions import Fraction
import math

import numpy as np

ROUNDING_MODES = ("half_even", "half_up", "half_away", "floor", "trunc")
OVERFLOW_MODES = ("saturate", "wrap")


@dataclass(frozen=True)
class Fmt:
    width: int
    signed: bool
    fl: int

    def __str__(self):
        return f"!fxp.fixed<{'s' if self.signed else 'u'}{self.width}, {self.fl}>"

    @property
    def sat_max(self):
        return 2 ** (self.width - 1) - 1 if self.signed else 2**self.width - 1

    @property
    def sat_min(self):
        return -self.sat_max if self.signed else 0

    @property
    def stored_min(self):
        return -(2 ** (self.width - 1)) if self.signed else 0


@dataclass(frozen=True)
class PerAxisFmt:
    """Contraction weights with one FL per index of `axis` (the output
    channel): !fxp.fixed_per_axis<sW, axis A, [FL0, FL1, ...]>."""
    width: int
    signed: bool
    axis: int
    fls: tuple

    def __str__(self):
        return (f"!fxp.fixed_per_axis<{'s' if self.signed else 'u'}{self.width}, "
                f"axis {self.axis}, [{', '.join(map(str, self.fls))}]>")

    @property
    def sat_max(self):
        return Fmt(self.width, self.signed, 0).sat_max

    @property
    def stored_min(self):
        return Fmt(self.width, self.signed, 0).stored_min

    def aligned(self):
        """The per-tensor format at the largest FL that holds every slice's
        values shifted left to it."""
        spread = max(self.fls) - min(self.fls)
        return Fmt(self.width + spread, self.signed, max(self.fls))

    def align(self, w):
        """The stored weights `w` aligned: slice c shifted left by
        max(FL) - FL[c], exact."""
        w = np.asarray(w, dtype=object)
        top = max(self.fls)
        shifts = np.array([1 << (top - fl) for fl in self.fls], dtype=object)
        shape = [1] * w.ndim
        shape[self.axis] = len(self.fls)
        return w * shifts.reshape(shape), self.aligned()


# --- Rounding (spec section 2) -------------------------------------------


def round_rational(value, mode):
    """round(value) for an exact rational `value`, per the spec's table."""
    value = Fraction(value)
    floor = math.floor(value)
    frac = value - floor
    if mode == "floor":
        return floor
    if mode == "trunc":
        return floor if value >= 0 or frac == 0 else floor + 1
    if frac < Fraction(1, 2):
        return floor
    if frac > Fraction(1, 2):
        return floor + 1
    # A tie.
    if mode == "half_even":
        return floor if floor % 2 == 0 else floor + 1
    if mode == "half_up":
        return floor + 1
    if mode == "half_away":
        return floor + 1 if value > 0 else floor
    raise ValueError(f"unknown rounding mode {mode}")


def overflow(value, fmt, mode):
    """Maps an integer at the format's FL into the format."""
    if mode == "saturate":
        return min(max(value, fmt.sat_min), fmt.sat_max)
    if mode == "wrap":
        low = value % (2**fmt.width)
        if fmt.signed and low >= 2 ** (fmt.width - 1):
            low -= 2**fmt.width
        return low
    raise ValueError(f"unknown overflow mode {mode}")


def to_format(real, fmt, rounding, overflow_mode):
    """The stored integer of an exact real value: round at FL, overflow."""
    return overflow(round_rational(Fraction(real) * Fraction(2) ** fmt.fl, rounding),
                    fmt, overflow_mode)


def real(q, fmt):
    """The exact real value of a stored integer."""
    return Fraction(q) * Fraction(2) ** (-fmt.fl)


# --- F8Net's integer requantization (its reference code) ----------------


def f8net_requant(acc, n, fmt):
    """F8Net's shift: n > 0: r = (A + 2^(n-1)) >> n, and on an exact tie
    r = ((A + 2^(n-1)) >> (n+1)) << 1; n <= 0: A << -n; then saturate."""
    if n > 0:
        shifted = acc + (1 << (n - 1))
        r = shifted >> n
        if shifted & ((1 << n) - 1) == 0:  # the discarded bits were exactly one half
            r = (shifted >> (n + 1)) << 1
    else:
        r = acc << -n
    return min(max(r, fmt.sat_min), fmt.sat_max)


# --- Floats ---------------------------------------------------------------

FLOAT_FORMATS = {
    # name: (mantissa bits incl. the hidden one, min normal exponent, max exponent)
    "f16": (11, -14, 15),
    "bf16": (8, -126, 127),
    "f32": (24, -126, 127),
    "f64": (53, -1022, 1023),
}


def round_to_float(value, name):
    """The float of type `name` nearest to the exact rational `value`
    (ties to even), as a Python float (exact: every such value is an f64)."""
    p, emin, emax = FLOAT_FORMATS[name]
    value = Fraction(value)
    if value == 0:
        return 0.0
    sign = -1 if value < 0 else 1
    mag = abs(value)
    e = mag.numerator.bit_length() - mag.denominator.bit_length()
    if Fraction(2) ** e > mag:
        e -= 1
    e = max(e, emin)  # subnormals share the smallest exponent
    ulp = Fraction(2) ** (e - p + 1)
    m = round_rational(mag / ulp, "half_even")
    result = m * ulp
    if result >= Fraction(2) ** (emax + 1):
        return sign * math.inf
    return sign * float(result)


def float_to_fraction(x):
    """The exact value of a finite float."""
    return Fraction(float(x))


# --- Ops (spec section 3) ------------------------------------------------


def quantize(x, fmt, rounding="half_even", overflow_mode="saturate"):
    x = float(x)
    if math.isnan(x):
        return 0
    if math.isinf(x):
        if overflow_mode == "wrap":
            return 0
        return fmt.sat_max if x > 0 else fmt.sat_min
    return to_format(float_to_fraction(x), fmt, rounding, overflow_mode)


def dequantize(q, fmt, float_name):
    return round_to_float(real(q, fmt), float_name)


def cast(q, src, dst, rounding="half_even", overflow_mode="saturate"):
    return to_format(real(q, src), dst, rounding, overflow_mode)


def add(a, fa, b, fb, dst, rounding="half_even", overflow_mode="saturate"):
    return to_format(real(a, fa) + real(b, fb), dst, rounding, overflow_mode)


def sub(a, fa, b, fb, dst, rounding="half_even", overflow_mode="saturate"):
    return to_format(real(a, fa) - real(b, fb), dst, rounding, overflow_mode)


def mul(a, fa, b, fb, dst, rounding="half_even", overflow_mode="saturate"):
    return to_format(real(a, fa) * real(b, fb), dst, rounding, overflow_mode)


def clamp_bound(bound, fmt):
    """A clamp bound rounded into the format (half_even), limited to the
    stored range."""
    if bound is None:
        return None
    if math.isinf(bound):
        return fmt.stored_min if bound < 0 else fmt.sat_max
    q = round_rational(Fraction(bound) * Fraction(2) ** fmt.fl, "half_even")
    return min(max(q, fmt.stored_min), fmt.sat_max)


def clamp(q, fmt, lo=None, hi=None):
    lo, hi = clamp_bound(lo, fmt), clamp_bound(hi, fmt)
    if lo is not None:
        q = max(q, lo)
    if hi is not None:
        q = min(q, hi)
    return q


def relu(q, fmt):
    return clamp(q, fmt, 0.0, None)


def elementwise(fn, *arrays):
    """Applies a scalar function to numpy object arrays of one shape."""
    arrays = [np.asarray(a, dtype=object) for a in arrays]
    out = np.empty(arrays[0].shape, dtype=object)
    for index in np.ndindex(out.shape):
        out[index] = fn(*(a[index] for a in arrays))
    return out


def matmul(x, fx, w, fw, dst, bias=None, fb=None, rounding="half_even",
           overflow_mode="saturate"):
    """x: MxK, w: KxN, bias: N; exact sum at FL_x + FL_w, cast once. Per-axis
    weights sum at their aligned format."""
    x = np.asarray(x, dtype=object)
    w = np.asarray(w, dtype=object)
    if isinstance(fw, PerAxisFmt):
        w, fw = fw.align(w)
    acc_fl = fx.fl + fw.fl
    m, k = x.shape
    n = w.shape[1]
    out = np.empty((m, n), dtype=object)
    for i in range(m):
        for j in range(n):
            acc = sum(int(x[i, t]) * int(w[t, j]) for t in range(k))
            if bias is not None:
                assert fb.fl == acc_fl
                acc += int(bias[j])
            out[i, j] = to_format(Fraction(acc) * Fraction(2) ** -acc_fl, dst,
                                  rounding, overflow_mode)
    return out


def conv2d(x, fx, w, fw, dst, bias=None, fb=None, strides=(1, 1),
           dilations=(1, 1), pad=(0, 0, 0, 0), groups=1,
           rounding="half_even", overflow_mode="saturate"):
    """NHWC input, OHWI weights (I = C / groups), bias [O]; padding is zero.
    Per-axis weights sum at their aligned format."""
    x = np.asarray(x, dtype=object)
    w = np.asarray(w, dtype=object)
    if isinstance(fw, PerAxisFmt):
        w, fw = fw.align(w)
    n_, h, wd, c = x.shape
    o_, kh, kw, ci = w.shape
    assert ci * groups == c
    sh, sw = strides
    dh, dw = dilations
    pt, pb, pl, pr = pad
    oh = (h + pt + pb - dh * (kh - 1) - 1) // sh + 1
    ow = (wd + pl + pr - dw * (kw - 1) - 1) // sw + 1
    acc_fl = fx.fl + fw.fl
    og = o_ // groups
    out = np.empty((n_, oh, ow, o_), dtype=object)
    for b in range(n_):
        for y in range(oh):
            for z in range(ow):
                for o in range(o_):
                    g = o // og
                    acc = int(bias[o]) if bias is not None else 0
                    for r in range(kh):
                        for s in range(kw):
                            iy = y * sh + r * dh - pt
                            iz = z * sw + s * dw - pl
                            if not (0 <= iy < h and 0 <= iz < wd):
                                continue
                            for i in range(ci):
                                acc += int(x[b, iy, iz, g * ci + i]) * int(w[o, r, s, i])
                    out[b, y, z, o] = to_format(
                        Fraction(acc) * Fraction(2) ** -acc_fl, dst, rounding,
                        overflow_mode)
    return out


def _windows(x, kernel, strides, pad):
    x = np.asarray(x, dtype=object)
    n_, h, wd, c = x.shape
    kh, kw = kernel
    sh, sw = strides
    pt, pb, pl, pr = pad
    oh = (h + pt + pb - kh) // sh + 1
    ow = (wd + pl + pr - kw) // sw + 1
    for b in range(n_):
        for y in range(oh):
            for z in range(ow):
                for ch in range(c):
                    values = [int(x[b, y * sh + r - pt, z * sw + s - pl, ch])
                              for r in range(kh) for s in range(kw)
                              if 0 <= y * sh + r - pt < h and 0 <= z * sw + s - pl < wd]
                    yield (b, y, z, ch), values, (n_, oh, ow, c)


def max_pool2d(x, fx, kernel, strides=(1, 1), pad=(0, 0, 0, 0)):
    out = None
    for index, values, shape in _windows(x, kernel, strides, pad):
        if out is None:
            out = np.empty(shape, dtype=object)
        out[index] = max(values)
    return out


def mean(values, src, dst, rounding, overflow_mode):
    """The exact mean of stored values, rounded once into dst."""
    return to_format(Fraction(sum(values), len(values)) * Fraction(2) ** -src.fl,
                     dst, rounding, overflow_mode)


def avg_pool2d(x, fx, dst, kernel, strides=(1, 1), pad=(0, 0, 0, 0),
               rounding="half_even", overflow_mode="saturate"):
    out = None
    for index, values, shape in _windows(x, kernel, strides, pad):
        if out is None:
            out = np.empty(shape, dtype=object)
        out[index] = mean(values, fx, dst, rounding, overflow_mode)
    return out


def global_avg_pool(x, fx, dst, rounding="half_even", overflow_mode="saturate"):
    x = np.asarray(x, dtype=object)
    n_, h, wd, c = x.shape
    out = np.empty((n_, 1, 1, c), dtype=object)
    for b in range(n_):
        for ch in range(c):
            values = [int(x[b, i, j, ch]) for i in range(h) for j in range(wd)]
            out[b, 0, 0, ch] = mean(values, fx, dst, rounding, overflow_mode)
    return out
