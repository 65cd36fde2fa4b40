// RUN: fxp-opt %s --fxp-correct-bias -split-input-file | FileCheck %s

// Weights at s4 FL 2 (step 0.25): channel 0 rounds 0.3 to 0.25 and 0.1 to 0
// (errors -0.05 - 0.1 = -0.15), channel 1 -0.3 to -0.25 and 0.2 to 0.25
// (+0.05 + 0.05 = +0.1). With the input's calibrated mean 0.5 the outputs
// shift by -0.075 and +0.05 on average; the bias takes them back:
// 0.5 + 0.075 and -0.5 - 0.05.
// CHECK-LABEL: func @conv
// CHECK: %[[BF:.*]] = arith.constant dense<[5.750000e-01, -5.500000e-01]> : tensor<2xf32>
// CHECK: %[[B:.*]] = fxp.quantize %[[BF]] : tensor<2xf32> -> tensor<2x!fxp.fixed<s32, 10>>
// CHECK: fxp.conv2d %{{.*}}, %{{.*}}, %[[B]]
// CHECK-NOT: dense<[5.000000e-01, -5.000000e-01]>
func.func @conv(%in: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2x!fxp.fixed<s32, 10>> {
  %wf = arith.constant dense<[[[[0.3, 0.1]]], [[[-0.3, 0.2]]]]> : tensor<2x1x1x2xf32>
  %w = fxp.quantize %wf : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s4, 2>>
  %bf = arith.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %b = fxp.quantize %bf : tensor<2xf32> -> tensor<2x!fxp.fixed<s32, 10>>
  %x = fxp.quantize %in {fxp.stats = #fxp.stats<mean = 0.5, std = 0.2, min = 0.0, max = 1.0, count = 64>} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!fxp.fixed<u8, 8>>
  %acc = fxp.conv2d %x, %w, %b : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s4, 2>>, tensor<2x!fxp.fixed<s32, 10>> -> tensor<1x2x2x2x!fxp.fixed<s32, 10>>
  return %acc : tensor<1x2x2x2x!fxp.fixed<s32, 10>>
}

// -----

// Per-axis weights round each channel on its own grid: channel 0 at FL 2
// (step 0.25) 0.3125 to 0.25 and 0.09375 to 0 (errors -0.0625 - 0.09375),
// channel 1 at FL 3 (step 0.125, half_even) -0.3125 to -0.25 and 0.1875 to
// 0.25 (+0.0625 + 0.0625). The input is a matmul's, reshaped from the
// producer that carries the statistics (mean -2): the biases move by 2 times
// the errors, -0.3125 and +0.25.
// CHECK-LABEL: func @per_axis_matmul
// CHECK: arith.constant dense<[-3.125000e-01, 2.500000e-01]> : tensor<2xf32>
func.func @per_axis_matmul(%in: tensor<1x1x2xf32>) -> tensor<1x2x!fxp.fixed<s32, 8>> {
  %wf = arith.constant dense<[[0.3125, -0.3125], [0.09375, 0.1875]]> : tensor<2x2xf32>
  %w = fxp.quantize %wf : tensor<2x2xf32> -> tensor<2x2x!fxp.fixed_per_axis<s4, axis 1, [2, 3]>>
  %bf = arith.constant dense<[0.0, 0.0]> : tensor<2xf32>
  %b = fxp.quantize %bf : tensor<2xf32> -> tensor<2x!fxp.fixed<s32, 8>>
  %x = fxp.quantize %in {fxp.stats = #fxp.stats<mean = -2.0, std = 1.0, min = -4.0, max = 0.0, count = 64>} : tensor<1x1x2xf32> -> tensor<1x1x2x!fxp.fixed<s8, 5>>
  %flat = tensor.collapse_shape %x [[0, 1], [2]] : tensor<1x1x2x!fxp.fixed<s8, 5>> into tensor<1x2x!fxp.fixed<s8, 5>>
  %y = fxp.matmul %flat, %w, %b : tensor<1x2x!fxp.fixed<s8, 5>>, tensor<2x2x!fxp.fixed_per_axis<s4, axis 1, [2, 3]>>, tensor<2x!fxp.fixed<s32, 8>> -> tensor<1x2x!fxp.fixed<s32, 8>>
  return %y : tensor<1x2x!fxp.fixed<s32, 8>>
}

// -----

// A weight that reads padding at some output positions counts for the share
// of positions where it reads the input: with one row of padding on top,
// the first of two rows of taps reads the input at one output row of two.
// Its error (0.3125 to 0.25: -0.0625) counts half, the second tap's (0.09375
// to 0) fully: -0.125 times the mean 0.5 moves the bias from 0.5 to 0.5625.
// CHECK-LABEL: func @padded
// CHECK: arith.constant dense<5.625000e-01> : tensor<1xf32>
func.func @padded(%in: tensor<1x2x1x1xf32>) -> tensor<1x2x1x1x!fxp.fixed<s32, 10>> {
  %wf = arith.constant dense<[[[[0.3125]], [[0.09375]]]]> : tensor<1x2x1x1xf32>
  %w = fxp.quantize %wf : tensor<1x2x1x1xf32> -> tensor<1x2x1x1x!fxp.fixed<s4, 2>>
  %bf = arith.constant dense<0.5> : tensor<1xf32>
  %b = fxp.quantize %bf : tensor<1xf32> -> tensor<1x!fxp.fixed<s32, 10>>
  %x = fxp.quantize %in {fxp.stats = #fxp.stats<mean = 0.5, std = 0.2, min = 0.0, max = 1.0, count = 64>} : tensor<1x2x1x1xf32> -> tensor<1x2x1x1x!fxp.fixed<u8, 8>>
  %acc = fxp.conv2d %x, %w, %b {pad = array<i64: 1, 0, 0, 0>} : tensor<1x2x1x1x!fxp.fixed<u8, 8>>, tensor<1x2x1x1x!fxp.fixed<s4, 2>>, tensor<1x!fxp.fixed<s32, 10>> -> tensor<1x2x1x1x!fxp.fixed<s32, 10>>
  return %acc : tensor<1x2x1x1x!fxp.fixed<s32, 10>>
}

// -----

// Left alone: a bias whose corrected value would saturate its format (s8 at
// FL 10 holds at most 0.124), a contraction without a bias, and one whose
// input has no statistics.
// CHECK-LABEL: func @left_alone
// CHECK: arith.constant dense<[1.200000e-01, 0.000000e+00]> : tensor<2xf32>
// CHECK: arith.constant dense<[5.000000e-01, -5.000000e-01]> : tensor<2xf32>
// CHECK-NOT: arith.constant
func.func @left_alone(%in: tensor<1x2x2x2xf32>, %raw: tensor<1x2x2x2x!fxp.fixed<u8, 8>>) -> (tensor<1x2x2x2x!fxp.fixed<s8, 10>>, tensor<1x2x2x2x!fxp.fixed<s32, 10>>, tensor<1x2x2x2x!fxp.fixed<s32, 10>>) {
  %wf = arith.constant dense<[[[[0.3, 0.1]]], [[[-0.3, 0.2]]]]> : tensor<2x1x1x2xf32>
  %w = fxp.quantize %wf : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s4, 2>>
  %sf = arith.constant dense<[0.12, 0.0]> : tensor<2xf32>
  %s = fxp.quantize %sf : tensor<2xf32> -> tensor<2x!fxp.fixed<s8, 10>>
  %bf = arith.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %b = fxp.quantize %bf : tensor<2xf32> -> tensor<2x!fxp.fixed<s32, 10>>
  %x = fxp.quantize %in {fxp.stats = #fxp.stats<mean = 0.5, std = 0.2, min = 0.0, max = 1.0, count = 64>} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!fxp.fixed<u8, 8>>
  %saturating = fxp.conv2d %x, %w, %s : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s4, 2>>, tensor<2x!fxp.fixed<s8, 10>> -> tensor<1x2x2x2x!fxp.fixed<s8, 10>>
  %unbiased = fxp.conv2d %x, %w : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s4, 2>> -> tensor<1x2x2x2x!fxp.fixed<s32, 10>>
  %uncalibrated = fxp.conv2d %raw, %w, %b : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s4, 2>>, tensor<2x!fxp.fixed<s32, 10>> -> tensor<1x2x2x2x!fxp.fixed<s32, 10>>
  return %saturating, %unbiased, %uncalibrated : tensor<1x2x2x2x!fxp.fixed<s8, 10>>, tensor<1x2x2x2x!fxp.fixed<s32, 10>>, tensor<1x2x2x2x!fxp.fixed<s32, 10>>
}
