"""Compares the #fxp.stats of two calibrated modules, op by op: the counts
exactly, mean, std, min and max to a relative 1e-5 (the fast and the
reference lowering sum in different orders), and each histogram's mass.
Prints one line per statistic and exits non-zero on the first mismatch."""

import math
import re
import sys

STATS = re.compile(r"#fxp\.stats<mean = (\S+), std = (\S+), min = (\S+), "
                   r"max = (\S+), count = (\d+)(?:, histogram = \[([^\]]*)\])?")


def stats(path):
    with open(path) as f:
        return STATS.findall(f.read())


def main(fast_path, ref_path):
    fast, ref = stats(fast_path), stats(ref_path)
    if not fast or len(fast) != len(ref):
        sys.exit(f"{len(fast)} statistics against {len(ref)}")
    for i, (a, b) in enumerate(zip(fast, ref)):
        moments_close = all(math.isclose(float(x), float(y), rel_tol=1e-5, abs_tol=1e-6)
                            for x, y in zip(a[:4], b[:4]))
        mass = [sum(int(c) for c in h.split(",")) if h else 0 for h in (a[5], b[5])]
        if not moments_close or a[4] != b[4] or mass[0] != mass[1]:
            sys.exit(f"statistic {i} differs: {a[:5]} against {b[:5]}")
        print(f"statistic {i}: count {a[4]}, histogram mass {mass[0]}: same")


if __name__ == "__main__":
    main(*sys.argv[1:])
