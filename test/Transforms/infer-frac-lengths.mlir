// RUN: fxp-opt %s --fxp-infer-frac-lengths=rule=std -split-input-file | FileCheck %s
// RUN: fxp-opt %s --fxp-infer-frac-lengths="rule=minmax" -split-input-file | FileCheck %s --check-prefix=MINMAX
// RUN: fxp-opt %s --fxp-infer-frac-lengths -split-input-file | FileCheck %s --check-prefix=MSE
// RUN: fxp-opt %s --fxp-infer-frac-lengths="rule=std signed-threshold=80" -split-input-file | FileCheck %s --check-prefix=T80
// RUN: fxp-opt %s --fxp-infer-frac-lengths="rule=std std-range=auto" -split-input-file | FileCheck %s --check-prefix=AUTO
// RUN: fxp-opt %s --fxp-infer-frac-lengths="rule=std weight-rule=minmax" -split-input-file | FileCheck %s --check-prefix=WEIGHT-RULE

// Weights by the std rule, signed 8 bits: FL = floor(log2(40/sigma)), any
// FL by default; std-range=auto keeps F8Net's top, 7, at 8 bits.
// The threshold between FL 6 and 7 is sigma = 40/128 = 0.3125.
// CHECK-LABEL: func @weights_std
func.func @weights_std() -> (tensor<4x!fxp.fixed<s8, ?>>, tensor<4x!fxp.fixed<s8, ?>>, tensor<4x!fxp.fixed<s8, ?>>, tensor<4x!fxp.fixed<s8, ?>>, tensor<2x!fxp.fixed<s8, ?>>) {
  // sigma = 0.3125 exactly: log2(128) = 7.
  %a = arith.constant dense<[0.3125, -0.3125, 0.3125, -0.3125]> : tensor<4xf32>
  // sigma = 0.32: log2(125) = 6.97.
  %b = arith.constant dense<[0.32, -0.32, 0.32, -0.32]> : tensor<4xf32>
  // sigma = 50: floor(log2(0.8)) = -1: FL 0 would clip values the rule
  // means to hold.
  %c = arith.constant dense<[50.0, -50.0, 50.0, -50.0]> : tensor<4xf32>
  // sigma = 0.001: log2(40000) = 15.3; auto clamps it to 7, which rounds
  // every value to 0.
  %d = arith.constant dense<[0.001, -0.001, 0.001, -0.001]> : tensor<4xf32>
  // sigma = 0 (a constant tensor): the top of the range.
  %e = arith.constant dense<[0.5, 0.5]> : tensor<2xf32>
  // CHECK: fxp.quantize %{{.*}} -> tensor<4x!fxp.fixed<s8, 7>>
  // CHECK: fxp.quantize %{{.*}} -> tensor<4x!fxp.fixed<s8, 6>>
  // CHECK: fxp.quantize %{{.*}} -> tensor<4x!fxp.fixed<s8, -1>>
  // CHECK: fxp.quantize %{{.*}} -> tensor<4x!fxp.fixed<s8, 15>>
  // CHECK: fxp.quantize %{{.*}} -> tensor<2x!fxp.fixed<s8, 7>>
  // AUTO-LABEL: func @weights_std
  // AUTO: fxp.quantize %{{.*}} -> tensor<4x!fxp.fixed<s8, 7>>
  // AUTO: fxp.quantize %{{.*}} -> tensor<4x!fxp.fixed<s8, 6>>
  // AUTO: fxp.quantize %{{.*}} -> tensor<4x!fxp.fixed<s8, -1>>
  // AUTO: fxp.quantize %{{.*}} -> tensor<4x!fxp.fixed<s8, 7>>
  // With the signed constant doubled to 80, the first three move up by one.
  // T80: fxp.quantize %{{.*}} -> tensor<4x!fxp.fixed<s8, 8>>
  // T80: fxp.quantize %{{.*}} -> tensor<4x!fxp.fixed<s8, 7>>
  // T80: fxp.quantize %{{.*}} -> tensor<4x!fxp.fixed<s8, 0>>
  %qa = fxp.quantize %a : tensor<4xf32> -> tensor<4x!fxp.fixed<s8, ?>>
  %qb = fxp.quantize %b : tensor<4xf32> -> tensor<4x!fxp.fixed<s8, ?>>
  %qc = fxp.quantize %c : tensor<4xf32> -> tensor<4x!fxp.fixed<s8, ?>>
  %qd = fxp.quantize %d : tensor<4xf32> -> tensor<4x!fxp.fixed<s8, ?>>
  %qe = fxp.quantize %e : tensor<2xf32> -> tensor<2x!fxp.fixed<s8, ?>>
  // The signature follows the inferred result types.
  // CHECK: return {{.*}} : tensor<4x!fxp.fixed<s8, 7>>, tensor<4x!fxp.fixed<s8, 6>>, tensor<4x!fxp.fixed<s8, -1>>, tensor<4x!fxp.fixed<s8, 15>>, tensor<2x!fxp.fixed<s8, 7>>
  return %qa, %qb, %qc, %qd, %qe : tensor<4x!fxp.fixed<s8, ?>>, tensor<4x!fxp.fixed<s8, ?>>, tensor<4x!fxp.fixed<s8, ?>>, tensor<4x!fxp.fixed<s8, ?>>, tensor<2x!fxp.fixed<s8, ?>>
}

// -----

// One tensor where the three rules disagree: [1, -1, 0.001].
// std: sigma = 0.8165, floor(log2(48.99)) = 5. minmax: floor(log2(127/1)) = 6.
// mse: FL 6 holds +-1 exactly (RMS 5.8e-4); FL 7 saturates them (RMS 6.4e-3).
// CHECK-LABEL: func @rules
// CHECK: -> tensor<3x!fxp.fixed<s8, 5>>
// MINMAX-LABEL: func @rules
// MINMAX: -> tensor<3x!fxp.fixed<s8, 6>>
// MSE-LABEL: func @rules
// MSE: -> tensor<3x!fxp.fixed<s8, 6>>
func.func @rules() -> tensor<3x!fxp.fixed<s8, ?>> {
  %w = arith.constant dense<[1.0, -1.0, 0.001]> : tensor<3xf32>
  %q = fxp.quantize %w : tensor<3xf32> -> tensor<3x!fxp.fixed<s8, ?>>
  return %q : tensor<3x!fxp.fixed<s8, ?>>
}

// -----

// weight-rule chooses the weights' formats, rule the activations': with
// rule=std weight-rule=minmax, the weights above take minmax's FL 6 and an
// activation of sigma 1 on [-1, 1] std's floor(log2(40 / 1)) = 5 (minmax:
// 6).
// WEIGHT-RULE-LABEL: func @weight_rule
// WEIGHT-RULE: fxp.quantize {{.*}} -> tensor<3x!fxp.fixed<s8, 6>>
// WEIGHT-RULE: fxp.cast {{.*}} -> tensor<4x!fxp.fixed<s8, 5>>
func.func @weight_rule(%acc: tensor<4x!fxp.fixed<s32, 12>>) -> (tensor<3x!fxp.fixed<s8, ?>>, tensor<4x!fxp.fixed<s8, ?>>) {
  %w = arith.constant dense<[1.0, -1.0, 0.001]> : tensor<3xf32>
  %q = fxp.quantize %w : tensor<3xf32> -> tensor<3x!fxp.fixed<s8, ?>>
  %a = fxp.cast %acc {fxp.stats = #fxp.stats<mean = 0.0, std = 1.0, min = -1.0, max = 1.0, count = 100>} : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<s8, ?>>
  return %q, %a : tensor<3x!fxp.fixed<s8, ?>>, tensor<4x!fxp.fixed<s8, ?>>
}

// -----

// Activations from #fxp.stats, unsigned 8 bits: FL = clamp(floor(log2(70/sigma)), 0, 8).
// The threshold between 7 and 8 is sigma = 70/256 = 0.2734375. For an
// unsigned activation that a ReLU or clip makes, sigma is the pre-activation
// value's (F8Net measures its quantizer's input): here the signed arguments'.
// CHECK-LABEL: func @activations
func.func @activations(%x: tensor<4xf32>, %acc: tensor<4x!fxp.fixed<s32, 12>> {fxp.stats = #fxp.stats<mean = 0.0, std = 0.28, min = -1.0, max = 2.0, count = 100>}, %big: tensor<4x!fxp.fixed<s32, 12>> {fxp.stats = #fxp.stats<mean = 0.0, std = 100.0, min = -300.0, max = 300.0, count = 100>}) -> (tensor<4x!fxp.fixed<u8, ?>>, tensor<4x!fxp.fixed<u8, ?>>, tensor<4x!fxp.fixed<u8, ?>>, tensor<4x!fxp.fixed<s8, ?>>, tensor<4x!fxp.fixed<u8, ?>>) {
  // A model input is its own pre-activation value.
  // CHECK: fxp.quantize %{{.*}} -> tensor<4x!fxp.fixed<u8, 8>>
  %0 = fxp.quantize %x {fxp.stats = #fxp.stats<mean = 0.5, std = 0.2734375, min = 0.0, max = 1.0, count = 100>} : tensor<4xf32> -> tensor<4x!fxp.fixed<u8, ?>>
  // The unsigned cast of a signed value is a ReLU: sigma 0.28 of %acc gives
  // FL 7 (its own, 0.2, would give 8).
  // CHECK: fxp.cast %{{.*}} -> tensor<4x!fxp.fixed<u8, 7>>
  %1 = fxp.cast %acc {fxp.stats = #fxp.stats<mean = 0.15, std = 0.2, min = 0.0, max = 2.0, count = 100>} : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<u8, ?>>
  // sigma = 100: floor(log2(0.7)) = -1.
  // CHECK: fxp.cast %{{.*}} -> tensor<4x!fxp.fixed<u8, -1>>
  %2 = fxp.cast %big {fxp.stats = #fxp.stats<mean = 40.0, std = 60.0, min = 0.0, max = 300.0, count = 100>} : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<u8, ?>>
  // Signed: 40 / 1.25 = 32 -> FL 5; minmax: floor(log2(127 / 3)) = 5 too.
  // CHECK: fxp.cast %{{.*}} -> tensor<4x!fxp.fixed<s8, 5>>
  // MINMAX: fxp.cast %{{.*}} -> tensor<4x!fxp.fixed<s8, 5>>
  %3 = fxp.cast %acc {fxp.stats = #fxp.stats<mean = 0.0, std = 1.25, min = -3.0, max = 2.0, count = 100>} : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<s8, ?>>
  // Through a ReLU (and a clamp): the sigma of what they take, %acc's.
  // CHECK: fxp.cast %{{.*}} -> tensor<4x!fxp.fixed<u8, 7>>
  %r = fxp.relu %acc : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<s32, 12>>
  %c = fxp.clamp %r {min = 0.0, max = 6.0} : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<s32, 12>>
  %4 = fxp.cast %c {fxp.stats = #fxp.stats<mean = 0.15, std = 0.2, min = 0.0, max = 2.0, count = 100>} : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<u8, ?>>
  return %0, %1, %2, %3, %4 : tensor<4x!fxp.fixed<u8, ?>>, tensor<4x!fxp.fixed<u8, ?>>, tensor<4x!fxp.fixed<u8, ?>>, tensor<4x!fxp.fixed<s8, ?>>, tensor<4x!fxp.fixed<u8, ?>>
}

// -----

// Other widths scale the constants by 2^(W-8): 4-bit signed, 40/16 = 2.5:
// sigma = 0.3 gives floor(log2(8.33)) = 3 (the top, W-1); sigma = 0.7 gives 1.
// 16-bit unsigned, 70 * 256: sigma = 1 gives floor(log2(17920)) = 14.
// CHECK-LABEL: func @widths
// CHECK: -> tensor<2x!fxp.fixed<s4, 3>>
// CHECK: -> tensor<2x!fxp.fixed<s4, 1>>
// CHECK: -> tensor<2x!fxp.fixed<u16, 14>>
func.func @widths(%acc: tensor<2x!fxp.fixed<s32, 12>> {fxp.stats = #fxp.stats<mean = 0.0, std = 1.0, min = -5.0, max = 5.0, count = 10>}) -> (tensor<2x!fxp.fixed<s4, ?>>, tensor<2x!fxp.fixed<s4, ?>>, tensor<2x!fxp.fixed<u16, ?>>) {
  %0 = fxp.cast %acc {fxp.stats = #fxp.stats<mean = 0.0, std = 0.3, min = -1.0, max = 1.0, count = 10>} : tensor<2x!fxp.fixed<s32, 12>> -> tensor<2x!fxp.fixed<s4, ?>>
  %1 = fxp.cast %acc {fxp.stats = #fxp.stats<mean = 0.0, std = 0.7, min = -1.0, max = 1.0, count = 10>} : tensor<2x!fxp.fixed<s32, 12>> -> tensor<2x!fxp.fixed<s4, ?>>
  %2 = fxp.cast %acc {fxp.stats = #fxp.stats<mean = 1.0, std = 1.0, min = 0.0, max = 5.0, count = 10>} : tensor<2x!fxp.fixed<s32, 12>> -> tensor<2x!fxp.fixed<u16, ?>>
  return %0, %1, %2 : tensor<2x!fxp.fixed<s4, ?>>, tensor<2x!fxp.fixed<s4, ?>>, tensor<2x!fxp.fixed<u16, ?>>
}

// -----

// Accumulators get FL_x + FL_w, the bias the same; residual adds max(FL),
// in a width that holds the exact sum: s32 at FL 12 is 35 bits at FL 15,
// plus one for the sum: s36.
// The activation: u8 at FL 8 (stats); weights s8: sigma = 0.25 -> FL 7.
// CHECK-LABEL: func @block
// CHECK: %[[W:.*]] = fxp.quantize %{{.*}} -> tensor<2x1x1x2x!fxp.fixed<s8, 7>>
// CHECK: %[[B:.*]] = fxp.quantize %{{.*}} -> tensor<2x!fxp.fixed<s32, 15>>
// CHECK: %[[X:.*]] = fxp.quantize %{{.*}} -> tensor<1x2x2x2x!fxp.fixed<u8, 8>>
// CHECK: %[[ACC:.*]] = fxp.conv2d %[[X]], %[[W]], %[[B]] {{.*}} -> tensor<1x2x2x2x!fxp.fixed<s32, 15>>
// CHECK: %[[R:.*]] = fxp.relu %[[ACC]] : tensor<1x2x2x2x!fxp.fixed<s32, 15>> -> tensor<1x2x2x2x!fxp.fixed<s32, 15>>
// CHECK: %[[S:.*]] = fxp.cast %[[X]] {{.*}} -> tensor<1x2x2x2x!fxp.fixed<s32, 12>>
// CHECK: fxp.add %[[R]], %[[S]] : {{.*}} -> tensor<1x2x2x2x!fxp.fixed<s36, 15>>
func.func @block(%in: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2x!fxp.fixed<s32, ?>> {
  %wf = arith.constant dense<[[[[0.25, -0.25]]], [[[-0.25, 0.25]]]]> : tensor<2x1x1x2xf32>
  %w = fxp.quantize %wf : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %bf = arith.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %b = fxp.quantize %bf : tensor<2xf32> -> tensor<2x!fxp.fixed<s32, ?>>
  %x = fxp.quantize %in {fxp.stats = #fxp.stats<mean = 0.5, std = 0.2, min = 0.0, max = 1.0, count = 64>} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  %acc = fxp.conv2d %x, %w, %b : tensor<1x2x2x2x!fxp.fixed<u8, ?>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>>, tensor<2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %r = fxp.relu %acc : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %s = fxp.cast %x : tensor<1x2x2x2x!fxp.fixed<u8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, 12>>
  %sum = fxp.add %r, %s : tensor<1x2x2x2x!fxp.fixed<s32, ?>>, tensor<1x2x2x2x!fxp.fixed<s32, 12>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  return %sum : tensor<1x2x2x2x!fxp.fixed<s32, ?>>
}

// -----

// The mse rule on activations: over the clipped normal of the statistics
// (mean 0, std 1, clipped to +-4: FL 5 keeps the tails), or over the
// calibration histogram when there is one, its counts spread evenly over
// their bins: here over [-1, 1], where FL 7 (range +-0.992) saturates 0.8%
// of the values by less than a step and halves the rounding error of FL 6.
// MSE-LABEL: func @mse_histogram
// MSE: -> tensor<4x!fxp.fixed<s8, 5>>
// MSE: -> tensor<4x!fxp.fixed<s8, 7>>
func.func @mse_histogram(%acc: tensor<4x!fxp.fixed<s32, 12>>) -> (tensor<4x!fxp.fixed<s8, ?>>, tensor<4x!fxp.fixed<s8, ?>>) {
  %0 = fxp.cast %acc {fxp.stats = #fxp.stats<mean = 0.0, std = 1.0, min = -4.0, max = 4.0, count = 10>} : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<s8, ?>>
  %1 = fxp.cast %acc {fxp.stats = #fxp.stats<mean = 0.0, std = 0.58, min = -4.0, max = 4.0, count = 100, histogram = [0, 0, 0, 50, 50, 0, 0, 0]>} : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<s8, ?>>
  return %0, %1 : tensor<4x!fxp.fixed<s8, ?>>, tensor<4x!fxp.fixed<s8, ?>>
}

// -----

// A contraction with no output channels has no weights to bound its sum:
// the bound comes from the formats (4 products of s8 FL 0 and s8 FL 7).
// CHECK-LABEL: func @no_channels
// CHECK: fxp.matmul {{.*}} -> tensor<2x0x!fxp.fixed<s32, 7>>
func.func @no_channels(%x: tensor<2x4x!fxp.fixed<s8, 0>>) -> tensor<2x0x!fxp.fixed<s32, ?>> {
  %wf = arith.constant dense<> : tensor<4x0xf32>
  %w = fxp.quantize %wf : tensor<4x0xf32> -> tensor<4x0x!fxp.fixed<s8, 7>>
  %y = fxp.matmul %x, %w : tensor<2x4x!fxp.fixed<s8, 0>>, tensor<4x0x!fxp.fixed<s8, 7>> -> tensor<2x0x!fxp.fixed<s32, ?>>
  return %y : tensor<2x0x!fxp.fixed<s32, ?>>
}

// -----

// A value calibrated all zeros (a dead ReLU) is zero, whatever its
// histogram's one narrow bin says: every rule gives it F8Net's top, s8 FL 7,
// not FL 64 (which would put the next accumulator beyond FL 64).
// CHECK-LABEL: func @never_varied
// CHECK: -> tensor<4x!fxp.fixed<s8, 7>>
// MINMAX-LABEL: func @never_varied
// MINMAX: -> tensor<4x!fxp.fixed<s8, 7>>
// MSE-LABEL: func @never_varied
// MSE: -> tensor<4x!fxp.fixed<s8, 7>>
func.func @never_varied(%acc: tensor<4x!fxp.fixed<s32, 12>>) -> tensor<4x!fxp.fixed<s8, ?>> {
  %0 = fxp.cast %acc {fxp.stats = #fxp.stats<mean = 0.0, std = 0.0, min = 0.0, max = 0.0, count = 256, histogram = [256, 0], histogram_range = [0.0, 2.8e-45]>} : tensor<4x!fxp.fixed<s32, 12>> -> tensor<4x!fxp.fixed<s8, ?>>
  return %0 : tensor<4x!fxp.fixed<s8, ?>>
}
