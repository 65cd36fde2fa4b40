// RUN: fxp-opt %s --fxp-infer-frac-lengths=rule=std -split-input-file -verify-diagnostics | FileCheck %s
// The report of the whole file: every value's SQNR and clipped percentage.
// RUN: fxp-opt %s --fxp-infer-frac-lengths="rule=std report=%t.txt" -o /dev/null 2>/dev/null
// RUN: FileCheck %s --input-file=%t.txt --check-prefix=REPORT
// RUN: fxp-opt %s --fxp-infer-frac-lengths="rule=std std-range=f8net" -split-input-file -o /dev/null 2>&1 | FileCheck %s --check-prefix=F8NET
// RUN: fxp-opt %s --fxp-infer-frac-lengths -split-input-file -o /dev/null 2>&1 | FileCheck %s --check-prefix=MSE

// A calibrated range wider than FL 0 holds (issue 12: ResNet-18's last
// stage with random weights). The std rule asks for FL -1 (70 / 100 = 0.7):
// the default takes it, so that u8 holds [0, 510] and clips nothing. F8Net's
// clamp to FL >= 0 would saturate at 255 and clip the calibrated
// values (7% of a normal model of the statistics); it is an option, and then
// a warning names the value.
// CHECK-LABEL: func @wide
// CHECK: fxp.cast %{{.*}} -> tensor<4x!fxp.fixed<u8, -1>>
// REPORT: %{{[0-9]+}} fxp.cast !fxp.fixed<u8, -1> stats std 100.00 {{[0-9.]+}} 0.00{{[0-9]}}
// REPORT: %{{[0-9]+}} fxp.cast !fxp.fixed<s8, 6> given 1.50 {{[0-9.]+}} 18.{{[0-9]+}}
// F8NET: :[[@LINE+3]]:8: warning: '!fxp.fixed<u8, 0>' clips 7.{{[0-9]+}}% of the calibrated values of %{{[0-9]+}} (they span [0.00, 729.00]); rule=minmax holds the whole range, rule=mse weighs clipping against rounding
func.func @wide(%pre: tensor<4x!fxp.fixed<s32, 12>> {fxp.stats = #fxp.stats<mean = 0.0, std = 100.0, min = -700.0, max = 729.0, count = 1000>}) -> tensor<4x!fxp.fixed<u8, ?>> {
  %r = fxp.relu %pre : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<s32, 12>>
  %0 = fxp.cast %r {fxp.stats = #fxp.stats<mean = 100.0, std = 100.0, min = 0.0, max = 729.0, count = 1000>} : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<u8, ?>>
  return %0 : tensor<4x!fxp.fixed<u8, ?>>
}

// -----

// A format given before inference that clips is kept, with a warning at the
// value's producer.
func.func @given(%acc: tensor<4x!fxp.fixed<s32, 12>>) -> tensor<4x!fxp.fixed<s8, 6>> {
  // expected-warning @below {{'!fxp.fixed<s8, 6>' clips 18.41% of the calibrated values of %0 (they span [-6.00, 6.00]); the format was given (by PACT folding at alpha, or in the input); rule=minmax would hold the whole range}}
  %0 = fxp.cast %acc {fxp.stats = #fxp.stats<mean = 0.0, std = 1.5, min = -6.0, max = 6.0, count = 1000>} : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<s8, 6>>
  return %0 : tensor<4x!fxp.fixed<s8, 6>>
}

// -----

// The pre-activation value of a batched matmul's ReLU is behind the tensor
// views that make the matmul 2-D: its statistics are on the matmul.
// CHECK-LABEL: func @through_views
// CHECK: fxp.cast %{{.*}} -> tensor<1x2x2x!fxp.fixed<u8, 5>>
func.func @through_views(%x: tensor<2x2x!fxp.fixed<u8, 7>>, %w: tensor<2x2x!fxp.fixed<s8, 7>>) -> tensor<1x2x2x!fxp.fixed<u8, ?>> {
  %m = fxp.matmul %x, %w {fxp.stats = #fxp.stats<mean = 0.0, std = 2.0, min = -4.0, max = 4.0, count = 100>} : tensor<2x2x!fxp.fixed<u8, 7>>, tensor<2x2x!fxp.fixed<s8, 7>> -> tensor<2x2x!fxp.fixed<s32, ?>>
  %e = tensor.expand_shape %m [[0, 1], [2]] output_shape [1, 2, 2] : tensor<2x2x!fxp.fixed<s32, ?>> into tensor<1x2x2x!fxp.fixed<s32, ?>>
  %r = fxp.relu %e : tensor<1x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x!fxp.fixed<s32, ?>>
  // 70 / 2 = 35: FL 5 (its own sigma, 1, would give FL 6).
  %0 = fxp.cast %r {fxp.stats = #fxp.stats<mean = 0.8, std = 1.0, min = 0.0, max = 4.0, count = 100>} : tensor<1x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x!fxp.fixed<u8, ?>>
  return %0 : tensor<1x2x2x!fxp.fixed<u8, ?>>
}

// -----

// The mse rule (the default) may clip a sliver of a range where that costs
// less than rounding the rest more coarsely: a normal model of sigma 1 on
// [-1, 1] (no histogram) takes s8 FL 7, clipping above 127/128, and the
// warning says why. The std rule takes FL 5 and clips nothing.
// CHECK-LABEL: func @mse_sliver
// CHECK: -> tensor<4x!fxp.fixed<s8, 5>>
// MSE: :[[@LINE+2]]:8: warning: '!fxp.fixed<s8, 7>' clips 0.28% of the calibrated values of %{{[0-9]+}} (they span [-1.00, 1.00]); rule=mse clips them for less error overall; rule=minmax holds the whole range
func.func @mse_sliver(%acc: tensor<4x!fxp.fixed<s32, 12>>) -> tensor<4x!fxp.fixed<s8, ?>> {
  %0 = fxp.cast %acc {fxp.stats = #fxp.stats<mean = 0.0, std = 1.0, min = -1.0, max = 1.0, count = 1000>} : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<s8, ?>>
  return %0 : tensor<4x!fxp.fixed<s8, ?>>
}
