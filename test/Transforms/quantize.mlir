// RUN: fxp-opt %S/Inputs/tiny_resnet.mlir --fxp-quantize | FileCheck %s
// RUN: fxp-opt %S/Inputs/tiny_resnet.mlir --fxp-quantize="weight-width=4 activation-width=16" | FileCheck %s --check-prefix=WIDTHS
// RUN: fxp-opt %S/Inputs/tiny_resnet.mlir --fxp-quantize="weight-width=4 first-last-weight-width=0" | FileCheck %s --check-prefix=ALL4
// RUN: fxp-opt %S/Inputs/tiny_resnet.mlir --fxp-quantize="weight-width=16" | FileCheck %s --check-prefix=ALL16
// RUN: fxp-opt %S/Inputs/tiny_resnet.mlir --fxp-f8net="rule=std per-channel-weights=false fold-pact=false" | FileCheck %s --check-prefix=F8NET
// RUN: fxp-opt %S/Inputs/tiny_resnet.mlir --fxp-f8net="rule=std per-channel-weights=false" | FileCheck %s --check-prefix=FOLDED
// RUN: fxp-opt %S/Inputs/tiny_resnet.mlir --fxp-f8net="rule=std per-channel-weights=false pact-level=alpha" | FileCheck %s --check-prefix=ALPHA
// RUN: fxp-opt %S/Inputs/tiny_resnet.mlir --fxp-f8net="rule=std per-channel-weights=false fold-pact=false weight-width=4 first-last-weight-width=0" | FileCheck %s --check-prefix=W4
// RUN: fxp-opt %S/Inputs/tiny_resnet.mlir --fxp-f8net="rule=std per-channel-weights=false fold-pact=false weight-width=4 first-last-weight-width=0 correct-bias=true" | FileCheck %s --check-prefix=W4-CORRECTED

// The model input (statistics with min >= 0) becomes an unsigned activation;
// BatchNorm is folded into the first conv's float weights; ReLU6 stays a
// clamp on the accumulator; each contraction input is requantized to 8 bits
// (unsigned after a ReLU) carrying the calibration statistics; the residual
// add takes the conv's int32 accumulator and the shortcut's 8-bit
// activation (the value the conv also reads, as in F8Net); the FC bias add
// becomes the matmul's bias.
// CHECK-LABEL: func @tiny_resnet
// CHECK: %[[X:.*]] = fxp.quantize %arg0 {fxp.stats = {{.*}}} : tensor<1x4x4x2xf32> -> tensor<1x4x4x2x!fxp.fixed<u8, ?>>
// CHECK: %[[WF:.*]] = arith.constant dense<{{\[\[\[\[}}3.750000e-01, -7.500000e-01]
// CHECK: %[[W:.*]] = fxp.quantize %[[WF]] : tensor<2x3x3x2xf32> -> tensor<2x3x3x2x!fxp.fixed<s8, ?>>
// CHECK: %[[B:.*]] = fxp.quantize %{{.*}} : tensor<2xf32> -> tensor<2x!fxp.fixed<s32, ?>>
// The conv computes what its BatchNorm's add did: it takes its statistics,
// the pre-activation value of the ReLU6.
// CHECK: %[[C1:.*]] = fxp.conv2d %[[X]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, fxp.stats = #fxp.stats<mean = 0.97{{[0-9]*}}, std = 7.6183{{0*}}e-01, {{.*}}>, pad = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} {{.*}} -> tensor<1x4x4x2x!fxp.fixed<s32, ?>>
// CHECK: %[[R1:.*]] = fxp.clamp %[[C1]] {{{.*}}max = 6.000000e+00 : f64, min = 0.000000e+00 : f64}
// CHECK: %[[A1:.*]] = fxp.cast %[[R1]] {fxp.stats = {{.*}}} : {{.*}} -> tensor<1x4x4x2x!fxp.fixed<u8, ?>>
// CHECK: %[[C2:.*]] = fxp.conv2d %[[A1]]
// CHECK: %[[S:.*]] = fxp.add %[[C2]], %[[A1]] {{.*}} : tensor<1x4x4x2x!fxp.fixed<s32, ?>>, tensor<1x4x4x2x!fxp.fixed<u8, ?>>
// CHECK: %[[R2:.*]] = fxp.relu %[[S]]
// CHECK: %[[A2:.*]] = fxp.cast %[[R2]]
// CHECK: %[[P:.*]] = fxp.avg_pool2d %[[A2]] {kernel = array<i64: 4, 4>, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : tensor<1x4x4x2x!fxp.fixed<u8, ?>> -> tensor<1x1x1x2x!fxp.fixed<u8, ?>>
// CHECK: tensor.reshape %[[P]]
// CHECK: tensor.collapse_shape
// CHECK: %[[M:.*]] = fxp.matmul %{{.*}}, %{{.*}}, %{{.*}} : tensor<1x2x!fxp.fixed<u8, ?>>, tensor<2x3x!fxp.fixed<s8, ?>>, tensor<3x!fxp.fixed<s32, ?>> -> tensor<1x3x!fxp.fixed<s32, ?>>
// CHECK: %[[E:.*]] = tensor.expand_shape %[[M]]
// CHECK: %[[Y:.*]] = fxp.dequantize %[[E]] : tensor<1x1x3x!fxp.fixed<s32, ?>> -> tensor<1x1x3xf32>
// CHECK: return %[[Y]]
// CHECK-NOT: tosa.

// The first conv (it reads the input) and the FC layer (it makes the
// result) keep 8-bit weights (first-last-weight-width); the conv between
// them takes weight-width. first-last-weight-width=0 gives every one
// weight-width, and a wider weight-width wins.
// WIDTHS: fxp.quantize %arg0 {{.*}} -> tensor<1x4x4x2x!fxp.fixed<u16, ?>>
// WIDTHS: -> tensor<2x3x3x2x!fxp.fixed<s8, ?>>
// WIDTHS: -> tensor<2x1x1x2x!fxp.fixed<s4, ?>>
// WIDTHS: -> tensor<2x3x!fxp.fixed<s8, ?>>
// ALL4: -> tensor<2x3x3x2x!fxp.fixed<s4, ?>>
// ALL4: -> tensor<2x1x1x2x!fxp.fixed<s4, ?>>
// ALL4: -> tensor<2x3x!fxp.fixed<s4, ?>>
// ALL16: -> tensor<2x3x3x2x!fxp.fixed<s16, ?>>
// ALL16: -> tensor<2x1x1x2x!fxp.fixed<s16, ?>>
// ALL16: -> tensor<2x3x!fxp.fixed<s16, ?>>

// After the whole F8Net pipeline every format is known and the weights are
// integer constants (hand-derived: input sigma 0.29 -> u8 FL 7, first
// weights sigma 0.42 -> s8 FL 6, accumulator FL 13, ReLU6 output sigma 0.745
// -> u8 FL 6, residual sum sigma 1.033 -> u8 FL 6, FC weights -> s8 FL 5).
// F8NET-LABEL: func @tiny_resnet
// F8NET-NOT: ?>
// F8NET-DAG: fxp.constant {{.*}} -> tensor<2x3x3x2x!fxp.fixed<s8, 6>>
// F8NET-DAG: fxp.constant {{.*}} -> tensor<2x3x!fxp.fixed<s8, 5>>
// F8NET: fxp.quantize %arg0 {{.*}} -> tensor<1x4x4x2x!fxp.fixed<u8, 7>>
// F8NET: fxp.conv2d {{.*}} -> tensor<1x4x4x2x!fxp.fixed<s32, 13>>
// F8NET: fxp.cast {{.*}} -> tensor<1x4x4x2x!fxp.fixed<u8, 6>>
// F8NET: fxp.conv2d {{.*}} -> tensor<1x4x4x2x!fxp.fixed<s32, 12>>
// The residual sum is exact: the shortcut's u8 at FL 6 and the s32 at FL 12
// meet at FL 12 in 33 bits. Alignment casts both branches to it, so the add
// is a plain integer add.
// F8NET: fxp.cast %{{.*}} : tensor<1x4x4x2x!fxp.fixed<s32, 12>> -> tensor<1x4x4x2x!fxp.fixed<s33, 12>>
// F8NET: fxp.cast %{{.*}} : tensor<1x4x4x2x!fxp.fixed<u8, 6>> -> tensor<1x4x4x2x!fxp.fixed<s33, 12>>
// F8NET: fxp.add {{.*}} : tensor<1x4x4x2x!fxp.fixed<s33, 12>>, tensor<1x4x4x2x!fxp.fixed<s33, 12>> -> tensor<1x4x4x2x!fxp.fixed<s33, 12>>
// F8NET: fxp.matmul {{.*}} -> tensor<1x3x!fxp.fixed<s32, 11>>

// With PACT folding (the default), ReLU6 becomes the saturation of a u8
// activation read from the accumulator, folded at the smaller of alpha (6)
// and its calibrated maximum (2.54961): FL floor(log2(255 / 2.54961)) = 6
// (5 at alpha: pact-level=alpha); the residual branch reads that activation
// too, so no clamp is left.
// FOLDED-LABEL: func @tiny_resnet
// FOLDED: %[[ACC:.*]] = fxp.conv2d
// FOLDED-NOT: fxp.clamp
// FOLDED: %[[ACT:.*]] = fxp.cast %[[ACC]] {{.*}} -> tensor<1x4x4x2x!fxp.fixed<u8, 6>>
// FOLDED: %[[ACC2:.*]] = fxp.conv2d %[[ACT]]
// FOLDED: %[[SHORTCUT:.*]] = fxp.cast %[[ACT]] overflow wrap : tensor<1x4x4x2x!fxp.fixed<u8, 6>>
// ALPHA: fxp.conv2d
// ALPHA-NOT: fxp.clamp
// ALPHA: fxp.cast {{.*}} -> tensor<1x4x4x2x!fxp.fixed<u8, 5>>
// FOLDED: fxp.add %{{.*}}, %[[SHORTCUT]]

// With every weight at 4 bits (first-last-weight-width=0) the first conv's
// rounded weights shift its outputs on average; correct-bias
// (--fxp-correct-bias) takes the shift back through its bias (stored at
// FL 9).
// W4-LABEL: func @tiny_resnet
// W4: fxp.constant dense<[102, -26]> : tensor<2xi32> -> tensor<2x!fxp.fixed<s32, 9>>
// W4-CORRECTED-LABEL: func @tiny_resnet
// W4-CORRECTED: fxp.constant dense<[56, -18]> : tensor<2xi32> -> tensor<2x!fxp.fixed<s32, 9>>
