// RUN: not fxp-opt %s --fxp-infer-frac-lengths="rule=median" 2>&1 | FileCheck %s
// CHECK: error: unknown fractional-length rule 'median'; expected std, mse or minmax
// RUN: not fxp-opt %s --fxp-infer-frac-lengths="weight-rule=median" 2>&1 | FileCheck %s --check-prefix=WEIGHT
// WEIGHT: error: unknown weight-rule 'median'; expected std, mse or minmax (or none: rule's)

// Thresholds that would make the std rule's FL NaN or -inf (then
// -2^63 as an integer) are rejected.
// RUN: not fxp-opt %s --fxp-infer-frac-lengths="signed-threshold=nan" 2>&1 | FileCheck %s --check-prefix=NAN
// RUN: not fxp-opt %s --fxp-infer-frac-lengths="unsigned-threshold=-70" 2>&1 | FileCheck %s --check-prefix=NEGATIVE
// RUN: not fxp-opt %s --fxp-infer-frac-lengths="signed-threshold=0" 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: not fxp-opt %s --fxp-infer-frac-lengths="signed-threshold=inf" 2>&1 | FileCheck %s --check-prefix=INF
// NAN: error: --fxp-infer-frac-lengths option signed-threshold must be positive and finite, got NaN
// NEGATIVE: error: --fxp-infer-frac-lengths option unsigned-threshold must be positive and finite, got -70
// ZERO: error: --fxp-infer-frac-lengths option signed-threshold must be positive and finite, got 0
// INF: error: --fxp-infer-frac-lengths option signed-threshold must be positive and finite, got +Inf
module {}
