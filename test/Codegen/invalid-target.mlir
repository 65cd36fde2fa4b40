// RUN: fxp-opt %s --fxp-generate-kernels=target=sparc -verify-diagnostics
// RUN: not fxp-opt %s --fxp-lower-to-llvm=target=sparc 2>&1 | FileCheck %s

// expected-error @below {{unknown target 'sparc'; expected one of: x86-64-v3, x86-64-v4, avx512vnni, aarch64-neon, aarch64-dotprod, aarch64-i8mm, host}}
module {}

// CHECK: error: unknown target 'sparc'
