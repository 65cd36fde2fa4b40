// RUN: fxp-opt %s --fxp-fold-pact -split-input-file | FileCheck %s
// RUN: fxp-opt %s --fxp-fold-pact=level=alpha -split-input-file | FileCheck %s --check-prefix=ALPHA
// RUN: not fxp-opt %s --fxp-fold-pact=level=max -split-input-file 2>&1 | FileCheck %s --check-prefix=BAD-LEVEL

// BAD-LEVEL: error: unknown --fxp-fold-pact level 'max'; expected calibrated or alpha

// PACT with alpha = 6 before an unsigned 8-bit activation: FL_x =
// floor(log2(255 / 6)) = 5 and fs = 2^5 * 6 / 255 = 0.75294117647.
// The producer's weights and bias are divided by fs (0.75 -> 0.99609375,
// 0.3 -> 0.3984375); the consumer's weights multiplied by it (0.5 ->
// 0.37647058823); the clamp disappears into the u8 saturation at FL 5,
// [0, 255 / 32] = [0, 6 / fs].
// CHECK-LABEL: func @sequential
// CHECK-NOT: dense<7.500000e-01>
// CHECK-NOT: dense<3.000000e-01>
// CHECK: arith.constant dense<0.99609375> : tensor<2x1x1x2xf32>
// CHECK: arith.constant dense<0.39843{{[0-9]*}}> : tensor<2xf32>
// CHECK: %[[ACC:.*]] = fxp.conv2d
// CHECK-NOT: fxp.clamp
// CHECK: %[[A:.*]] = fxp.cast %[[ACC]] : {{.*}} -> tensor<1x2x2x2x!fxp.fixed<u8, 5>>
// CHECK: arith.constant dense<0.37647{{[0-9]*}}> : tensor<2x1x1x2xf32>
// CHECK: fxp.conv2d %[[A]]
func.func @sequential(%x: tensor<1x2x2x2x!fxp.fixed<u8, 8>>) -> tensor<1x2x2x2x!fxp.fixed<s32, ?>> {
  %w1f = arith.constant dense<0.75> : tensor<2x1x1x2xf32>
  %w1 = fxp.quantize %w1f : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %b1f = arith.constant dense<0.3> : tensor<2xf32>
  %b1 = fxp.quantize %b1f : tensor<2xf32> -> tensor<2x!fxp.fixed<s32, ?>>
  %acc = fxp.conv2d %x, %w1, %b1 : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>>, tensor<2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %c = fxp.clamp %acc {min = 0.0, max = 6.0} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %a = fxp.cast %c : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  %w2f = arith.constant dense<0.5> : tensor<2x1x1x2xf32>
  %w2 = fxp.quantize %w2f : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %y = fxp.conv2d %a, %w2 : tensor<1x2x2x2x!fxp.fixed<u8, ?>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  return %y : tensor<1x2x2x2x!fxp.fixed<s32, ?>>
}

// -----

// A PACT whose value also feeds a residual add (ResNet's shortcut): the
// activation folds as before, the clamp stays for the shortcut with its
// bound in the folded domain (6 / fs = 7.96875), and the other branch's conv
// takes the same scale (F8Net's clipping-level sharing): its weights stay,
// since input and output have the scale fs. The sum has scale fs, which the
// next conv absorbs into its weights (0.5 -> 0.37647).
// CHECK-LABEL: func @residual
// CHECK: arith.constant dense<0.99609375> : tensor<2x1x1x2xf32>
// CHECK: %[[ACC:.*]] = fxp.conv2d
// CHECK: %[[CLIPPED:.*]] = fxp.clamp %[[ACC]] {max = 7.968750e+00 : f64, min = 0.000000e+00 : f64}
// CHECK: %[[A:.*]] = fxp.cast %[[ACC]] : {{.*}} -> tensor<1x2x2x2x!fxp.fixed<u8, 5>>
// CHECK: arith.constant dense<7.500000e-01>
// CHECK: %[[Y:.*]] = fxp.conv2d %[[A]]
// CHECK: fxp.add %[[Y]], %[[CLIPPED]]
// CHECK: arith.constant dense<0.37647{{[0-9]*}}>
func.func @residual(%x: tensor<1x2x2x2x!fxp.fixed<u8, 8>>) -> tensor<1x2x2x2x!fxp.fixed<s32, ?>> {
  %w1f = arith.constant dense<0.75> : tensor<2x1x1x2xf32>
  %w1 = fxp.quantize %w1f : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %acc = fxp.conv2d %x, %w1 : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %c = fxp.clamp %acc {min = 0.0, max = 6.0} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %a = fxp.cast %c : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  %w2f = arith.constant dense<0.75> : tensor<2x1x1x2xf32>
  %w2 = fxp.quantize %w2f : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %y = fxp.conv2d %a, %w2 : tensor<1x2x2x2x!fxp.fixed<u8, ?>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %s = fxp.add %y, %c : tensor<1x2x2x2x!fxp.fixed<s32, ?>>, tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %r = fxp.relu %s : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %ra = fxp.cast %r : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, 4>>
  %w3f = arith.constant dense<0.5> : tensor<2x1x1x2xf32>
  %w3 = fxp.quantize %w3f : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %z = fxp.conv2d %ra, %w3 : tensor<1x2x2x2x!fxp.fixed<u8, 4>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  return %z : tensor<1x2x2x2x!fxp.fixed<s32, ?>>
}

// -----

// Ops that keep their input's format (max pooling, views) get the folded
// activation's format, so that they stay valid.
// CHECK-LABEL: func @pooled
// CHECK: fxp.cast {{.*}} -> tensor<1x2x2x2x!fxp.fixed<u8, 5>>
// CHECK: fxp.max_pool2d {{.*}} : tensor<1x2x2x2x!fxp.fixed<u8, 5>> -> tensor<1x1x1x2x!fxp.fixed<u8, 5>>
// CHECK: tensor.collapse_shape {{.*}} : tensor<1x1x1x2x!fxp.fixed<u8, 5>> into tensor<1x2x!fxp.fixed<u8, 5>>
func.func @pooled(%x: tensor<1x2x2x2x!fxp.fixed<u8, 8>>) -> tensor<1x2x!fxp.fixed<s32, ?>> {
  %w1f = arith.constant dense<0.75> : tensor<2x1x1x2xf32>
  %w1 = fxp.quantize %w1f : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %acc = fxp.conv2d %x, %w1 : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %c = fxp.clamp %acc {min = 0.0, max = 6.0} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %a = fxp.cast %c : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  %p = fxp.max_pool2d %a {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x2x2x2x!fxp.fixed<u8, ?>> -> tensor<1x1x1x2x!fxp.fixed<u8, ?>>
  %f = tensor.collapse_shape %p [[0, 1, 2], [3]] : tensor<1x1x1x2x!fxp.fixed<u8, ?>> into tensor<1x2x!fxp.fixed<u8, ?>>
  %w2f = arith.constant dense<0.5> : tensor<2x2xf32>
  %w2 = fxp.quantize %w2f : tensor<2x2xf32> -> tensor<2x2x!fxp.fixed<s8, ?>>
  %y = fxp.matmul %f, %w2 : tensor<1x2x!fxp.fixed<u8, ?>>, tensor<2x2x!fxp.fixed<s8, ?>> -> tensor<1x2x!fxp.fixed<s32, ?>>
  return %y : tensor<1x2x!fxp.fixed<s32, ?>>
}

// -----

// A clamp after a residual add (a block's output clipping, here ReLU6) sees
// the sum in the folded domain, whose scale is the branches' fs: its bound
// becomes 6 / fs = 7.96875, as the kept PACT clamp's does.
// CHECK-LABEL: func @clamp_after_add
// CHECK: %[[CLIPPED:.*]] = fxp.clamp %{{.*}} {max = 7.968750e+00 : f64, min = 0.000000e+00 : f64}
// CHECK: %[[SUM:.*]] = fxp.add %{{.*}}, %[[CLIPPED]]
// CHECK: fxp.clamp %[[SUM]] {max = 7.968750e+00 : f64, min = 0.000000e+00 : f64}
func.func @clamp_after_add(%x: tensor<1x2x2x2x!fxp.fixed<u8, 8>>) -> tensor<1x2x2x2x!fxp.fixed<s32, ?>> {
  %w1f = arith.constant dense<0.75> : tensor<2x1x1x2xf32>
  %w1 = fxp.quantize %w1f : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %acc = fxp.conv2d %x, %w1 : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %c = fxp.clamp %acc {min = 0.0, max = 6.0} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %a = fxp.cast %c : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  %w2f = arith.constant dense<0.75> : tensor<2x1x1x2xf32>
  %w2 = fxp.quantize %w2f : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %y = fxp.conv2d %a, %w2 : tensor<1x2x2x2x!fxp.fixed<u8, ?>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %s = fxp.add %y, %c : tensor<1x2x2x2x!fxp.fixed<s32, ?>>, tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %r = fxp.clamp %s {min = 0.0, max = 6.0} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %ra = fxp.cast %r : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, 4>>
  %w3f = arith.constant dense<0.5> : tensor<2x1x1x2xf32>
  %w3 = fxp.quantize %w3f : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %z = fxp.conv2d %ra, %w3 : tensor<1x2x2x2x!fxp.fixed<u8, 4>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  return %z : tensor<1x2x2x2x!fxp.fixed<s32, ?>>
}

// -----

// A ReLU6 whose calibrated values reach 1.0 folds at 1.0 (level=calibrated,
// the default): FL_x = floor(log2(255 / 1)) = 7, fs = 2^7 / 255 =
// 0.50196078431, so the producer's weights become 0.75 / fs = 1.494140625
// and the consumer's 0.5 * fs = 0.25098039. With level=alpha it folds at 6
// as in @sequential.
// CHECK-LABEL: func @calibrated_level
// CHECK: arith.constant dense<1.49414{{[0-9]*}}> : tensor<2x1x1x2xf32>
// CHECK: %[[ACC:.*]] = fxp.conv2d
// CHECK-NOT: fxp.clamp
// CHECK: fxp.cast %[[ACC]] : {{.*}} -> tensor<1x2x2x2x!fxp.fixed<u8, 7>>
// CHECK: arith.constant dense<0.25098{{[0-9]*}}> : tensor<2x1x1x2xf32>
// ALPHA-LABEL: func @calibrated_level
// ALPHA: arith.constant dense<0.99609375> : tensor<2x1x1x2xf32>
// ALPHA: fxp.cast {{.*}} -> tensor<1x2x2x2x!fxp.fixed<u8, 5>>
// ALPHA: arith.constant dense<0.37647{{[0-9]*}}> : tensor<2x1x1x2xf32>
func.func @calibrated_level(%x: tensor<1x2x2x2x!fxp.fixed<u8, 8>>) -> tensor<1x2x2x2x!fxp.fixed<s32, ?>> {
  %w1f = arith.constant dense<0.75> : tensor<2x1x1x2xf32>
  %w1 = fxp.quantize %w1f : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %acc = fxp.conv2d %x, %w1 : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %c = fxp.clamp %acc {min = 0.0, max = 6.0, fxp.stats = #fxp.stats<mean = 0.2, std = 0.3, min = 0.0, max = 1.0, count = 8>} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %a = fxp.cast %c : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  %w2f = arith.constant dense<0.5> : tensor<2x1x1x2xf32>
  %w2 = fxp.quantize %w2f : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %y = fxp.conv2d %a, %w2 : tensor<1x2x2x2x!fxp.fixed<u8, ?>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  return %y : tensor<1x2x2x2x!fxp.fixed<s32, ?>>
}

// -----

// Calibrated values that reach alpha (a trained PACT), or that are all zero
// (nothing to fit), fold at alpha: FL 5 as in @sequential.
// CHECK-LABEL: func @alpha_reached
// CHECK-COUNT-2: fxp.cast {{.*}} -> tensor<1x2x2x2x!fxp.fixed<u8, 5>>
func.func @alpha_reached(%x: tensor<1x2x2x2x!fxp.fixed<u8, 8>>) -> (tensor<1x2x2x2x!fxp.fixed<s32, ?>>, tensor<1x2x2x2x!fxp.fixed<s32, ?>>) {
  %w1f = arith.constant dense<0.75> : tensor<2x1x1x2xf32>
  %w1 = fxp.quantize %w1f : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %acc = fxp.conv2d %x, %w1 : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %c = fxp.clamp %acc {min = 0.0, max = 6.0, fxp.stats = #fxp.stats<mean = 2.0, std = 1.0, min = 0.0, max = 6.0, count = 8>} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %a = fxp.cast %c : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  %acc2 = fxp.conv2d %x, %w1 : tensor<1x2x2x2x!fxp.fixed<u8, 8>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %c2 = fxp.clamp %acc2 {min = 0.0, max = 6.0, fxp.stats = #fxp.stats<mean = 0.0, std = 0.0, min = 0.0, max = 0.0, count = 8>} : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %a2 = fxp.cast %c2 : tensor<1x2x2x2x!fxp.fixed<s32, ?>> -> tensor<1x2x2x2x!fxp.fixed<u8, ?>>
  %w2f = arith.constant dense<0.5> : tensor<2x1x1x2xf32>
  %w2 = fxp.quantize %w2f : tensor<2x1x1x2xf32> -> tensor<2x1x1x2x!fxp.fixed<s8, ?>>
  %y = fxp.conv2d %a, %w2 : tensor<1x2x2x2x!fxp.fixed<u8, ?>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  %y2 = fxp.conv2d %a2, %w2 : tensor<1x2x2x2x!fxp.fixed<u8, ?>>, tensor<2x1x1x2x!fxp.fixed<s8, ?>> -> tensor<1x2x2x2x!fxp.fixed<s32, ?>>
  return %y, %y2 : tensor<1x2x2x2x!fxp.fixed<s32, ?>>, tensor<1x2x2x2x!fxp.fixed<s32, ?>>
}
