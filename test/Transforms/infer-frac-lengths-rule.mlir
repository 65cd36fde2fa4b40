// RUN: not fxp-opt %s --fxp-infer-frac-lengths="rule=median" 2>&1 | FileCheck %s
// CHECK: error: unknown fractional-length rule 'median'; expected std, mse or minmax
module {}
