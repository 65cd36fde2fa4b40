// fxp-opt writes its output through a temporary file in the output's
// directory and renames it only on success: a failed run leaves the output
// (here the input itself) as it was, and leaves no temporary file behind.
// RUN: rm -rf %t && mkdir %t && cp %s %t/in.mlir
// RUN: not fxp-opt %t/in.mlir --fxp-infer-frac-lengths=rule=nope -o %t/in.mlir 2>&1 | FileCheck %s --check-prefix=FAIL
// RUN: diff %s %t/in.mlir
// RUN: ls %t | count 1
// A successful run rewrites the file in place.
// RUN: fxp-opt %t/in.mlir --fxp-infer-frac-lengths="rule=std signed-threshold=1" -o %t/in.mlir
// RUN: FileCheck %s --check-prefix=DONE < %t/in.mlir
// RUN: ls %t | count 1
// An output that cannot be created is an error naming it.
// RUN: not fxp-opt %s -o %t/missing/out.mlir 2>&1 | FileCheck %s --check-prefix=NODIR
// So is a report that cannot be written, and an existing report is kept.
// RUN: not fxp-opt %s --fxp-infer-frac-lengths="report=%t/missing/report.txt" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=NOREPORT
// RUN: echo kept > %t/report.txt
// RUN: not fxp-opt %s --fxp-infer-frac-lengths="report=%t/report.txt rule=nope"
// RUN: FileCheck %s --check-prefix=KEPT < %t/report.txt

// Diagnostics point at their line; the operation is printed only on request.
// FAIL: error: unknown fractional-length rule 'nope'
// FAIL-NOT: see current operation
// RUN: echo '%%x = "fxp.bitcast"() : () -> tensor<4xi8>' | not fxp-opt 2>&1 | FileCheck %s --check-prefix=NOOP
// NOOP: error: 'fxp.bitcast' op requires a single operand
// NOOP-NOT: see current operation
// RUN: echo '%%x = "fxp.bitcast"() : () -> tensor<4xi8>' | not fxp-opt --mlir-print-op-on-diagnostic 2>&1 | FileCheck %s --check-prefix=OP
// OP: note: see current operation: %0 = "fxp.bitcast"() : () -> tensor<4xi8>

// DONE: fxp.quantize %{{.*}} : tensor<4xf32> -> tensor<4x!fxp.fixed<s8, 0>>
// NODIR: '{{.*}}missing/out.mlir': No such file or directory
// NOREPORT: error: cannot write the report: '{{.*}}missing/report.txt': No such file or directory
// KEPT: kept

func.func @f(%x: tensor<4xf32>) -> tensor<4x!fxp.fixed<s8, ?>> {
  %q = fxp.quantize %x {fxp.stats = #fxp.stats<mean = 0.0, std = 1.0, min = -1.0, max = 1.0, count = 4>} : tensor<4xf32> -> tensor<4x!fxp.fixed<s8, ?>>
  return %q : tensor<4x!fxp.fixed<s8, ?>>
}
