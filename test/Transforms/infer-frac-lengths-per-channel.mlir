// RUN: fxp-opt %s --fxp-infer-frac-lengths="rule=std per-channel-weights=true report=%t.json" -split-input-file | FileCheck %s
// RUN: FileCheck %s --input-file=%t.json --check-prefix=REPORT
// RUN: fxp-opt %s --fxp-infer-frac-lengths="rule=std per-channel-weights=false" -split-input-file | FileCheck %s --check-prefix=TENSOR

// Per-channel weights: each output channel by the std rule (signed 8 bits,
// FL = floor(log2(40/sigma))): a conv's along dimension 0, sigma 1 -> 5 and
// 0.25 -> 7; the bias and accumulator at FL_x + 7.
// CHECK-LABEL: func @conv
// CHECK: fxp.quantize %{{.*}} : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed_per_axis<s8, axis 0, [5, 7]>>
// CHECK: fxp.quantize %{{.*}} : tensor<2xf32> -> tensor<2x!fxp.fixed<s32, 15>>
// CHECK: fxp.conv2d {{.*}} -> tensor<1x3x3x2x!fxp.fixed<s32, 15>>
// Without the option, one FL from the sigma of all four (0.73): 5.
// TENSOR-LABEL: func @conv
// TENSOR: fxp.quantize %{{.*}} : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, 5>>
func.func @conv(%x: tensor<1x3x3x2x!fxp.fixed<u8, 8>>) -> tensor<1x3x3x2x!fxp.fixed<s32, ?>> {
  %wf = arith.constant dense<[[[[1.0, -1.0]]], [[[0.25, -0.25]]]]> : tensor<2x1x1x2xf32>
  %bf = arith.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %w = fxp.quantize %wf : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %b = fxp.quantize %bf : tensor<2xf32> -> tensor<2x!fxp.fixed<s32, ?>>
  %y = fxp.conv2d %x, %w, %b : tensor<1x3x3x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>>, tensor<2x!fxp.fixed<s32, ?>> -> tensor<1x3x3x2x!fxp.fixed<s32, ?>>
  return %y : tensor<1x3x3x2x!fxp.fixed<s32, ?>>
}

// -----

// A matmul's channels are along dimension 1. A channel of zeros holds no
// information and takes the coarsest of the others' FLs.
// CHECK-LABEL: func @matmul_zero_channel
// CHECK: fxp.quantize %{{.*}} -> tensor<2x3x!fxp.fixed_per_axis<s8, axis 1, [5, 7, 5]>>
// CHECK: fxp.matmul {{.*}} -> tensor<1x3x!fxp.fixed<s32, 15>>
func.func @matmul_zero_channel(%x: tensor<1x2x!fxp.fixed<u8, 8>>) -> tensor<1x3x!fxp.fixed<s32, ?>> {
  %wf = arith.constant dense<[[1.0, 0.25, 0.0], [-1.0, -0.25, 0.0]]> : tensor<2x3xf32>
  %w = fxp.quantize %wf : tensor<2x3xf32> -> tensor<2x3x!fxp.fixed<s8, ?>>
  %y = fxp.matmul %x, %w : tensor<1x2x!fxp.fixed<u8, 8>>, tensor<2x3x!fxp.fixed<s8, ?>> -> tensor<1x3x!fxp.fixed<s32, ?>>
  return %y : tensor<1x3x!fxp.fixed<s32, ?>>
}

// -----

// Channels that get one FL keep a per-tensor format, and weights that two
// contractions share keep one.
// CHECK-LABEL: func @per_tensor
// CHECK: fxp.quantize %{{.*}} -> tensor<2x2x!fxp.fixed<s8, 5>>
// CHECK: fxp.quantize %{{.*}} -> tensor<2x2x!fxp.fixed<s8, 5>>
func.func @per_tensor(%x: tensor<1x2x!fxp.fixed<u8, 8>>) -> (tensor<1x2x!fxp.fixed<s32, ?>>, tensor<1x2x!fxp.fixed<s32, ?>>, tensor<1x2x!fxp.fixed<s32, ?>>) {
  %af = arith.constant dense<[[1.0, 1.0], [-1.0, -1.0]]> : tensor<2x2xf32>
  %a = fxp.quantize %af : tensor<2x2xf32> -> tensor<2x2x!fxp.fixed<s8, ?>>
  %y = fxp.matmul %x, %a : tensor<1x2x!fxp.fixed<u8, 8>>, tensor<2x2x!fxp.fixed<s8, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  %sf = arith.constant dense<[[1.0, 0.25], [-1.0, -0.25]]> : tensor<2x2xf32>
  %s = fxp.quantize %sf : tensor<2x2xf32> -> tensor<2x2x!fxp.fixed<s8, ?>>
  %z = fxp.matmul %x, %s : tensor<1x2x!fxp.fixed<u8, 8>>, tensor<2x2x!fxp.fixed<s8, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  %u = fxp.matmul %x, %s : tensor<1x2x!fxp.fixed<u8, 8>>, tensor<2x2x!fxp.fixed<s8, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  return %y, %z, %u : tensor<1x2x!fxp.fixed<s32, ?>>, tensor<1x2x!fxp.fixed<s32, ?>>, tensor<1x2x!fxp.fixed<s32, ?>>
}

// -----

// The accumulator aligns channels to the finest FL: with u16 inputs and
// K = 64, channel 0 (sigma 1.5: FL 4, stored +-24) shifted by more than 5
// bits would need more than 31 bits (65535 * 24 * 32 * 2^5 = 1.6e9 fits,
// 2^6 does not), while per-tensor weights need 26: channel 1 (sigma 2^-8:
// FL 13) is coarsened to FL 9, where it still holds its values (+-2).
// The report (of the last function: each split rewrites it) gives the range
// of FLs and, as JSON, each channel's.
// REPORT: "channel_frac_lengths": [
// REPORT-NEXT: 4,
// REPORT-NEXT: 9
// REPORT-NEXT: ],
// REPORT: "format": "s8, FL 4..9 per channel"
// CHECK-LABEL: func @accumulator_budget
// CHECK: fxp.quantize %{{.*}} -> tensor<64x2x!fxp.fixed_per_axis<s8, axis 1, [4, 9]>>
// CHECK: fxp.matmul {{.*}} -> tensor<1x2x!fxp.fixed<s32, 9>>
func.func @accumulator_budget(%x: tensor<1x64x!fxp.fixed<u16, 0>>) -> tensor<1x2x!fxp.fixed<s32, ?>> {
  %wf = arith.constant dense<[[1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625], [1.5, 0.00390625], [-1.5, -0.00390625]]> : tensor<64x2xf32>
  %w = fxp.quantize %wf : tensor<64x2xf32> -> tensor<64x2x!fxp.fixed<s8, ?>>
  %y = fxp.matmul %x, %w : tensor<1x64x!fxp.fixed<u16, 0>>, tensor<64x2x!fxp.fixed<s8, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  return %y : tensor<1x2x!fxp.fixed<s32, ?>>
}
