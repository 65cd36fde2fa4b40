"""Runs fxp-translate --import-onnx on prefixes of an ONNX file (every third
size) and on random byte changes of it: each run must import the model or
exit 1 with an error, never crash.

    python3 mangle.py MODEL SCRATCH_FILE"""

import os
import random
import subprocess
import sys

FXP_TRANSLATE = os.path.join(os.environ["FXP_BUILD_DIR"], "bin", "fxp-translate")


def check(data, scratch, what):
    with open(scratch, "wb") as f:
        f.write(data)
    result = subprocess.run([FXP_TRANSLATE, "--import-onnx", scratch],
                            capture_output=True)
    if result.returncode not in (0, 1) or (
            result.returncode == 1 and b"error:" not in result.stderr):
        sys.exit(f"{what}: exit code {result.returncode}\n"
                 f"{result.stderr.decode(errors='replace')}")
    return result.returncode == 0


def main(model, scratch):
    data = open(model, "rb").read()
    sizes = range(0, len(data), 3)
    imported = sum(check(data[:size], scratch, f"prefix of {size} bytes")
                   for size in sizes)
    rng = random.Random(0)
    for i in range(100):
        mangled = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            mangled[rng.randrange(len(data))] = rng.randrange(256)
        imported += check(bytes(mangled), scratch, f"change {i}")
    print(f"{len(sizes)} prefixes and 100 changes: {imported} imported, the "
          f"others rejected")


if __name__ == "__main__":
    main(*sys.argv[1:])
