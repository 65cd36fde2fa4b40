// RUN: fxp-opt %s | fxp-opt | FileCheck %s
// RUN: fxp-opt %s --mlir-print-op-generic | fxp-opt | FileCheck %s
// Every op of the dialect, with default and non-default modes and unknown
// fractional lengths, round-trips through the custom and generic forms.

// CHECK-LABEL: func @conversions
func.func @conversions(%x: tensor<4xf32>, %h: f16, %acc: tensor<4x!fxp.fixed<s32, 11>>,
                       %i: tensor<4xi8>) {
  // CHECK: fxp.quantize %{{.*}} : tensor<4xf32> -> tensor<4x!fxp.fixed<s8, 5>>
  %0 = fxp.quantize %x : tensor<4xf32> -> tensor<4x!fxp.fixed<s8, 5>>
  // CHECK: fxp.quantize %{{.*}} rounding half_up overflow wrap : tensor<4xf32> -> tensor<4x!fxp.fixed<s8, ?>>
  %1 = fxp.quantize %x rounding half_up overflow wrap : tensor<4xf32> -> tensor<4x!fxp.fixed<s8, ?>>
  // Explicit defaults are not printed.
  // CHECK: fxp.quantize %{{.*}} : f16 -> !fxp.fixed<u8, 8>
  %2 = fxp.quantize %h rounding half_even overflow saturate : f16 -> !fxp.fixed<u8, 8>
  // CHECK: fxp.dequantize %{{.*}} : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4xf32>
  %3 = fxp.dequantize %0 : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4xf32>
  // CHECK: fxp.dequantize %{{.*}} : !fxp.fixed<u8, 8> -> bf16
  %4 = fxp.dequantize %2 : !fxp.fixed<u8, 8> -> bf16
  // CHECK: fxp.cast %{{.*}} : tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<u8, 4>>
  %5 = fxp.cast %acc : tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<u8, 4>>
  // CHECK: fxp.cast %{{.*}} rounding floor : tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<s8, ?>>
  %6 = fxp.cast %acc rounding floor : tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<s8, ?>>
  // CHECK: fxp.cast %{{.*}} rounding trunc overflow wrap : tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<s16, 13>>
  %7 = fxp.cast %acc rounding trunc overflow wrap : tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<s16, 13>>
  // CHECK: fxp.cast %{{.*}} overflow wrap : tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<s16, 13>>
  %8 = fxp.cast %acc overflow wrap : tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<s16, 13>>
  // CHECK: fxp.bitcast %{{.*}} : tensor<4xi8> -> tensor<4x!fxp.fixed<s8, 5>>
  %9 = fxp.bitcast %i : tensor<4xi8> -> tensor<4x!fxp.fixed<s8, 5>>
  // CHECK: fxp.bitcast %{{.*}} : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4xi8>
  %10 = fxp.bitcast %9 : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4xi8>
  // CHECK: fxp.bitcast %{{.*}} : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4x!fxp.fixed<u8, -3>>
  %11 = fxp.bitcast %9 : tensor<4x!fxp.fixed<s8, 5>> -> tensor<4x!fxp.fixed<u8, -3>>
  // CHECK: fxp.constant dense<[64, -32, 0, 127]> : tensor<4xi8> -> tensor<4x!fxp.fixed<s8, 6>>
  %12 = fxp.constant dense<[64, -32, 0, 127]> : tensor<4xi8> -> tensor<4x!fxp.fixed<s8, 6>>
  // CHECK: fxp.constant 3 : i16 -> !fxp.fixed<u16, 2>
  %13 = fxp.constant 3 : i16 -> !fxp.fixed<u16, 2>
  return
}

// CHECK-LABEL: func @arithmetic
func.func @arithmetic(%a: tensor<4x!fxp.fixed<s32, 9>>, %b: tensor<4x!fxp.fixed<s32, 11>>,
                      %c: !fxp.fixed<s8, 5>, %d: !fxp.fixed<s8, 6>,
                      %e: tensor<2x3x!fxp.fixed<s8, ?>>) {
  // CHECK: fxp.add %{{.*}}, %{{.*}} : tensor<4x!fxp.fixed<s32, 9>>, tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<s32, 11>>
  %0 = fxp.add %a, %b : tensor<4x!fxp.fixed<s32, 9>>, tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<s32, 11>>
  // CHECK: fxp.add %{{.*}}, %{{.*}} rounding half_away overflow wrap : tensor<4x!fxp.fixed<s32, 9>>, tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<s8, 2>>
  %1 = fxp.add %a, %b rounding half_away overflow wrap : tensor<4x!fxp.fixed<s32, 9>>, tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<s8, 2>>
  // CHECK: fxp.sub %{{.*}}, %{{.*}} rounding floor : tensor<4x!fxp.fixed<s32, 9>>, tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<s32, ?>>
  %2 = fxp.sub %a, %b rounding floor : tensor<4x!fxp.fixed<s32, 9>>, tensor<4x!fxp.fixed<s32, 11>> -> tensor<4x!fxp.fixed<s32, ?>>
  // CHECK: fxp.mul %{{.*}}, %{{.*}} : !fxp.fixed<s8, 5>, !fxp.fixed<s8, 6> -> !fxp.fixed<s16, 11>
  %3 = fxp.mul %c, %d : !fxp.fixed<s8, 5>, !fxp.fixed<s8, 6> -> !fxp.fixed<s16, 11>
  // CHECK: fxp.mul %{{.*}}, %{{.*}} rounding half_up : !fxp.fixed<s8, 5>, !fxp.fixed<s8, 6> -> !fxp.fixed<u8, 4>
  %4 = fxp.mul %c, %d rounding half_up : !fxp.fixed<s8, 5>, !fxp.fixed<s8, 6> -> !fxp.fixed<u8, 4>
  // CHECK: fxp.clamp %{{.*}} {max = 6.000000e+00 : f64, min = 0.000000e+00 : f64} : tensor<4x!fxp.fixed<s32, 9>> -> tensor<4x!fxp.fixed<s32, 9>>
  %5 = fxp.clamp %a {min = 0.0, max = 6.0} : tensor<4x!fxp.fixed<s32, 9>> -> tensor<4x!fxp.fixed<s32, 9>>
  // CHECK: fxp.clamp %{{.*}} {max = 1.500000e+00 : f64} : !fxp.fixed<s8, 5> -> !fxp.fixed<s8, 5>
  %6 = fxp.clamp %c {max = 1.5} : !fxp.fixed<s8, 5> -> !fxp.fixed<s8, 5>
  // CHECK: fxp.relu %{{.*}} : tensor<2x3x!fxp.fixed<s8, ?>> -> tensor<2x3x!fxp.fixed<s8, ?>>
  %7 = fxp.relu %e : tensor<2x3x!fxp.fixed<s8, ?>> -> tensor<2x3x!fxp.fixed<s8, ?>>
  return
}

// CHECK-LABEL: func @contractions
func.func @contractions(%x: tensor<2x16x!fxp.fixed<u8, 6>>, %w: tensor<16x10x!fxp.fixed<s8, 7>>,
                        %b: tensor<10x!fxp.fixed<s32, 13>>,
                        %img: tensor<1x8x8x3x!fxp.fixed<u8, 8>>,
                        %k: tensor<4x3x3x3x!fxp.fixed<s8, 6>>,
                        %kb: tensor<4x!fxp.fixed<s32, 14>>,
                        %dw: tensor<3x3x3x1x!fxp.fixed<s8, ?>>,
                        %dyn: tensor<?x16x!fxp.fixed<u8, ?>>) {
  // CHECK: fxp.matmul %{{.*}}, %{{.*}}, %{{.*}} : tensor<2x16x!fxp.fixed<u8, 6>>, tensor<16x10x!fxp.fixed<s8, 7>>, tensor<10x!fxp.fixed<s32, 13>> -> tensor<2x10x!fxp.fixed<s32, 13>>
  %0 = fxp.matmul %x, %w, %b : tensor<2x16x!fxp.fixed<u8, 6>>, tensor<16x10x!fxp.fixed<s8, 7>>, tensor<10x!fxp.fixed<s32, 13>> -> tensor<2x10x!fxp.fixed<s32, 13>>
  // Fused requantization to a narrow output.
  // CHECK: fxp.matmul %{{.*}}, %{{.*}} rounding half_up : tensor<2x16x!fxp.fixed<u8, 6>>, tensor<16x10x!fxp.fixed<s8, 7>> -> tensor<2x10x!fxp.fixed<u8, 4>>
  %1 = fxp.matmul %x, %w rounding half_up : tensor<2x16x!fxp.fixed<u8, 6>>, tensor<16x10x!fxp.fixed<s8, 7>> -> tensor<2x10x!fxp.fixed<u8, 4>>
  // The exact accumulator of 16 u8 x s8 products fits s24, so wrap is allowed.
  // CHECK: fxp.matmul %{{.*}}, %{{.*}} overflow wrap : {{.*}} -> tensor<2x10x!fxp.fixed<s24, 13>>
  %2 = fxp.matmul %x, %w overflow wrap : tensor<2x16x!fxp.fixed<u8, 6>>, tensor<16x10x!fxp.fixed<s8, 7>> -> tensor<2x10x!fxp.fixed<s24, 13>>
  // CHECK: fxp.matmul %{{.*}}, %{{.*}} : tensor<?x16x!fxp.fixed<u8, ?>>, tensor<16x10x!fxp.fixed<s8, 7>> -> tensor<?x10x!fxp.fixed<s32, ?>>
  %3 = fxp.matmul %dyn, %w : tensor<?x16x!fxp.fixed<u8, ?>>, tensor<16x10x!fxp.fixed<s8, 7>> -> tensor<?x10x!fxp.fixed<s32, ?>>
  // CHECK: fxp.conv2d %{{.*}}, %{{.*}}, %{{.*}} {pad = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>>, tensor<4x!fxp.fixed<s32, 14>> -> tensor<1x4x4x4x!fxp.fixed<s32, 14>>
  %4 = fxp.conv2d %img, %k, %kb {strides = array<i64: 2, 2>, pad = array<i64: 1, 1, 1, 1>} : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>>, tensor<4x!fxp.fixed<s32, 14>> -> tensor<1x4x4x4x!fxp.fixed<s32, 14>>
  // Depthwise, dilated, asymmetric padding, fused requantization.
  // CHECK: fxp.conv2d %{{.*}}, %{{.*}} rounding floor {dilations = array<i64: 2, 2>, groups = 3 : i64, pad = array<i64: 0, 1, 2, 0>} : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<3x3x3x1x!fxp.fixed<s8, ?>> -> tensor<1x5x6x3x!fxp.fixed<u8, ?>>
  %5 = fxp.conv2d %img, %dw rounding floor {groups = 3 : i64, dilations = array<i64: 2, 2>, pad = array<i64: 0, 1, 2, 0>} : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<3x3x3x1x!fxp.fixed<s8, ?>> -> tensor<1x5x6x3x!fxp.fixed<u8, ?>>
  // Attributes at their defaults may be spelled out.
  // CHECK: fxp.conv2d %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>> -> tensor<1x6x6x4x!fxp.fixed<s32, 14>>
  %6 = fxp.conv2d %img, %k {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, groups = 1 : i64} : tensor<1x8x8x3x!fxp.fixed<u8, 8>>, tensor<4x3x3x3x!fxp.fixed<s8, 6>> -> tensor<1x6x6x4x!fxp.fixed<s32, 14>>
  return
}

// CHECK-LABEL: func @pooling
func.func @pooling(%x: tensor<1x4x4x8x!fxp.fixed<u8, 5>>, %y: tensor<1x7x7x64x!fxp.fixed<u8, 4>>) {
  // CHECK: fxp.max_pool2d %{{.*}} {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x2x2x8x!fxp.fixed<u8, 5>>
  %0 = fxp.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x2x2x8x!fxp.fixed<u8, 5>>
  // CHECK: fxp.max_pool2d %{{.*}} {kernel = array<i64: 3, 3>, pad = array<i64: 1, 1, 1, 1>} : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x4x4x8x!fxp.fixed<u8, 5>>
  %1 = fxp.max_pool2d %x {kernel = array<i64: 3, 3>, pad = array<i64: 1, 1, 1, 1>} : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x4x4x8x!fxp.fixed<u8, 5>>
  // CHECK: fxp.avg_pool2d %{{.*}} {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x2x2x8x!fxp.fixed<u8, 5>>
  %2 = fxp.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x2x2x8x!fxp.fixed<u8, 5>>
  // CHECK: fxp.avg_pool2d %{{.*}} rounding half_up overflow wrap {kernel = array<i64: 3, 3>, pad = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x2x2x8x!fxp.fixed<u8, 7>>
  %3 = fxp.avg_pool2d %x rounding half_up overflow wrap {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pad = array<i64: 1, 1, 1, 1>} : tensor<1x4x4x8x!fxp.fixed<u8, 5>> -> tensor<1x2x2x8x!fxp.fixed<u8, 7>>
  // CHECK: fxp.global_avg_pool %{{.*}} : tensor<1x7x7x64x!fxp.fixed<u8, 4>> -> tensor<1x1x1x64x!fxp.fixed<u8, 4>>
  %4 = fxp.global_avg_pool %y : tensor<1x7x7x64x!fxp.fixed<u8, 4>> -> tensor<1x1x1x64x!fxp.fixed<u8, 4>>
  // CHECK: fxp.global_avg_pool %{{.*}} rounding trunc : tensor<1x7x7x64x!fxp.fixed<u8, 4>> -> tensor<1x1x1x64x!fxp.fixed<s16, ?>>
  %5 = fxp.global_avg_pool %y rounding trunc : tensor<1x7x7x64x!fxp.fixed<u8, 4>> -> tensor<1x1x1x64x!fxp.fixed<s16, ?>>
  return
}

// Per-channel weights: one FL per output channel (matmul: dimension 1,
// conv2d: dimension 0); bias and result at FL_x + the largest.
// CHECK-LABEL: func @per_axis_weights
func.func @per_axis_weights(%x: tensor<2x4x!fxp.fixed<u8, 6>>, %img: tensor<1x4x4x2x!fxp.fixed<u8, 6>>, %f: tensor<4x3xf32>, %i: tensor<2x1x1x2xi8>) {
  // CHECK: fxp.quantize %{{.*}} : tensor<4x3xf32> -> tensor<4x3x!fxp.fixed_per_axis<s8, axis 1, [7, 5, 6]>>
  %w = fxp.quantize %f : tensor<4x3xf32> -> tensor<4x3x!fxp.fixed_per_axis<s8, axis 1, [7, 5, 6]>>
  // CHECK: fxp.constant dense<[100, -200, 300]> : tensor<3xi32> -> tensor<3x!fxp.fixed<s32, 13>>
  %b = fxp.constant dense<[100, -200, 300]> : tensor<3xi32> -> tensor<3x!fxp.fixed<s32, 13>>
  // CHECK: fxp.matmul %{{.*}}, %{{.*}}, %{{.*}} : tensor<2x4x!fxp.fixed<u8, 6>>, tensor<4x3x!fxp.fixed_per_axis<s8, axis 1, [7, 5, 6]>>, tensor<3x!fxp.fixed<s32, 13>> -> tensor<2x3x!fxp.fixed<u8, 4>>
  %0 = fxp.matmul %x, %w, %b : tensor<2x4x!fxp.fixed<u8, 6>>, tensor<4x3x!fxp.fixed_per_axis<s8, axis 1, [7, 5, 6]>>, tensor<3x!fxp.fixed<s32, 13>> -> tensor<2x3x!fxp.fixed<u8, 4>>
  // CHECK: fxp.bitcast %{{.*}} : tensor<2x1x1x2xi8> -> tensor<2x1x1x2x!fxp.fixed_per_axis<s8, axis 0, [3, 4]>>
  %k = fxp.bitcast %i : tensor<2x1x1x2xi8> -> tensor<2x1x1x2x!fxp.fixed_per_axis<s8, axis 0, [3, 4]>>
  // CHECK: fxp.conv2d %{{.*}}, %{{.*}} : tensor<1x4x4x2x!fxp.fixed<u8, 6>>, tensor<2x1x1x2x!fxp.fixed_per_axis<s8, axis 0, [3, 4]>> -> tensor<1x4x4x2x!fxp.fixed<s32, 10>>
  %1 = fxp.conv2d %img, %k : tensor<1x4x4x2x!fxp.fixed<u8, 6>>, tensor<2x1x1x2x!fxp.fixed_per_axis<s8, axis 0, [3, 4]>> -> tensor<1x4x4x2x!fxp.fixed<s32, 10>>
  return
}
