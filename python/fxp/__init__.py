"""fxp: Python side of the fxp fixed-point compiler.

`fxp.reference` is an independent executable statement of the fxp
arithmetic (fxp-spec.md sections 1-3), used to check the compiler bit for
bit; `fxp.fuzz` generates random fxp programs and compares the compiler's
results with it.
"""
