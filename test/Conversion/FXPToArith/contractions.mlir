// RUN: fxp-opt %s --convert-fxp-to-arith -split-input-file | FileCheck %s

// u8 x s8 with an s32 bias over K = 16 can exceed 32 bits, so the exact
// accumulator is i64; the bias initializes it; one requantization follows.
// CHECK-DAG: #[[MK:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[KN:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[MN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func @matmul
// CHECK: %[[INIT:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<10xi32>) outs(%{{.*}} : tensor<2x10xi64>)
// CHECK: arith.extsi %{{.*}} : i32 to i64
// CHECK: %[[ACC:.*]] = linalg.generic {indexing_maps = [#[[MK]], #[[KN]], #[[MN]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME: outs(%[[INIT]] : tensor<2x10xi64>)
// CHECK: arith.extui %{{.*}} : i8 to i64
// CHECK: arith.extsi %{{.*}} : i8 to i64
// CHECK: arith.muli
// CHECK: arith.addi
// CHECK: linalg.generic {{.*}} ins(%[[ACC]] : tensor<2x10xi64>) outs(%{{.*}} : tensor<2x10xi8>)
// CHECK: arith.shrsi
func.func @matmul(%x: tensor<2x16x!fxp.fixed<u8, 6>>, %w: tensor<16x10x!fxp.fixed<s8, 7>>, %b: tensor<10x!fxp.fixed<s32, 13>>) -> tensor<2x10x!fxp.fixed<u8, 4>> {
  %0 = fxp.matmul %x, %w, %b : tensor<2x16x!fxp.fixed<u8, 6>>, tensor<16x10x!fxp.fixed<s8, 7>>, tensor<10x!fxp.fixed<s32, 13>> -> tensor<2x10x!fxp.fixed<u8, 4>>
  return %0 : tensor<2x10x!fxp.fixed<u8, 4>>
}

// -----

// With constant weights and bias (as after F8Net folding) the accumulator
// range comes from their values (AccumulatorRange): with u8 inputs at most
// 255 * (3 + 1) + 9 = 1029 and at least 255 * -(2 + 4) - 9 = -1539, so i16
// holds it although the bias format is s32 (products and partial sums may
// wrap; the sum modulo 2^16 is exact). The bias narrows exactly.
// CHECK-LABEL: func @matmul_constant
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<2xi32>) outs(%{{.*}} : tensor<4x2xi16>)
// CHECK: arith.trunci %{{.*}} : i32 to i16
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<4x2xi16>)
// CHECK: arith.extui %{{.*}} : i8 to i16
// CHECK: arith.extsi %{{.*}} : i8 to i16
// CHECK: arith.extsi %{{.*}} : i16 to i32
func.func @matmul_constant(%x: tensor<4x3x!fxp.fixed<u8, 6>>) -> tensor<4x2x!fxp.fixed<s32, 13>> {
  %w = fxp.constant dense<[[3, -2], [1, -4], [0, 0]]> : tensor<3x2xi8> -> tensor<3x2x!fxp.fixed<s8, 7>>
  %b = fxp.constant dense<[9, -9]> : tensor<2xi32> -> tensor<2x!fxp.fixed<s32, 13>>
  %0 = fxp.matmul %x, %w, %b : tensor<4x3x!fxp.fixed<u8, 6>>, tensor<3x2x!fxp.fixed<s8, 7>>, tensor<2x!fxp.fixed<s32, 13>> -> tensor<4x2x!fxp.fixed<s32, 13>>
  return %0 : tensor<4x2x!fxp.fixed<s32, 13>>
}

// -----

// Per-axis weights (FLs 7 and 4 along N): the accumulation reads them aligned
// to FL 7, channel 1 shifted left by 3 in the aligned format's 11 bits. The
// range then comes from the aligned values: 255 * (3 + 1) + 9 = 1029 and
// 255 * -(2 + 4) * 8 - 9 = -12249, an i16.
// CHECK-DAG: #[[KN2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[N:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func @matmul_per_axis
// CHECK: %[[SHIFTS:.*]] = arith.constant dense<[0, 3]> : tensor<2xi11>
// CHECK: %[[ALIGNED:.*]] = linalg.generic {indexing_maps = [#[[KN2]], #[[N]], #[[KN2]]], iterator_types = ["parallel", "parallel"]} ins(%{{.*}}, %[[SHIFTS]] : tensor<3x2xi8>, tensor<2xi11>) outs(%{{.*}} : tensor<3x2xi11>)
// CHECK: arith.extsi %{{.*}} : i8 to i11
// CHECK: arith.shli
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[ALIGNED]] : tensor<4x3xi8>, tensor<3x2xi11>) outs(%{{.*}} : tensor<4x2xi16>)
// CHECK: arith.extsi %{{.*}} : i11 to i16
func.func @matmul_per_axis(%x: tensor<4x3x!fxp.fixed<u8, 6>>) -> tensor<4x2x!fxp.fixed<s32, 13>> {
  %w = fxp.constant dense<[[3, -2], [1, -4], [0, 0]]> : tensor<3x2xi8> -> tensor<3x2x!fxp.fixed_per_axis<s8, axis 1, [7, 4]>>
  %b = fxp.constant dense<[9, -9]> : tensor<2xi32> -> tensor<2x!fxp.fixed<s32, 13>>
  %0 = fxp.matmul %x, %w, %b : tensor<4x3x!fxp.fixed<u8, 6>>, tensor<3x2x!fxp.fixed_per_axis<s8, axis 1, [7, 4]>>, tensor<2x!fxp.fixed<s32, 13>> -> tensor<4x2x!fxp.fixed<s32, 13>>
  return %0 : tensor<4x2x!fxp.fixed<s32, 13>>
}

// -----

// A quantize into a per-axis format that folding cannot do quantizes each
// slice along the axis at its own FL.
// CHECK-LABEL: func @quantize_per_axis
// CHECK: tensor.extract_slice %{{.*}}[0, 0] [4, 1] [1, 1] : tensor<4x2xf32> to tensor<4x1xf32>
// CHECK: arith.constant 1.280000e+02 : f32
// CHECK: tensor.insert_slice %{{.*}}[0, 0] [4, 1] [1, 1] : tensor<4x1xi8> into tensor<4x2xi8>
// CHECK: tensor.extract_slice %{{.*}}[0, 1] [4, 1] [1, 1] : tensor<4x2xf32> to tensor<4x1xf32>
// CHECK: arith.constant 1.600000e+01 : f32
// CHECK: tensor.insert_slice %{{.*}}[0, 1] [4, 1] [1, 1] : tensor<4x1xi8> into tensor<4x2xi8>
func.func @quantize_per_axis(%f: tensor<4x2xf32>) -> tensor<4x2x!fxp.fixed_per_axis<s8, axis 1, [7, 4]>> {
  %0 = fxp.quantize %f : tensor<4x2xf32> -> tensor<4x2x!fxp.fixed_per_axis<s8, axis 1, [7, 4]>>
  return %0 : tensor<4x2x!fxp.fixed_per_axis<s8, axis 1, [7, 4]>>
}

// -----

// Without a bias the 27 products fit an i32 accumulator.
// Depthwise conv (groups = 3): input channel o floordiv 1 * 1 + i; padding
// by tensor.pad with zero; strides and dilations in the input map.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 * 2 + d4 * 2, d2 + d5, d3 + d6)>
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func @depthwise
// CHECK: linalg.fill {{.*}} -> tensor<1x2x6x3xi32>
// CHECK: tensor.pad %{{.*}} low[0, 1, 0, 0] high[0, 1, 1, 0]
// CHECK: tensor.yield %c0_i8
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[W]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
func.func @depthwise(%x: tensor<1x6x6x3x!fxp.fixed<u8, 8>>, %w: tensor<3x3x2x1x!fxp.fixed<s8, 6>>) -> tensor<1x2x6x3x!fxp.fixed<s32, 14>> {
  %0 = fxp.conv2d %x, %w {groups = 3 : i64, strides = array<i64: 2, 1>, dilations = array<i64: 2, 1>, pad = array<i64: 1, 1, 0, 1>} : tensor<1x6x6x3x!fxp.fixed<u8, 8>>, tensor<3x3x2x1x!fxp.fixed<s8, 6>> -> tensor<1x2x6x3x!fxp.fixed<s32, 14>>
  return %0 : tensor<1x2x6x3x!fxp.fixed<s32, 14>>
}

// -----

// Grouped conv with 2 groups of 2 input and 3 output channels.
// CHECK: affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d4, d2 + d5, (d3 floordiv 3) * 2 + d6)>
// CHECK-LABEL: func @grouped
func.func @grouped(%x: tensor<1x4x4x4x!fxp.fixed<s8, 4>>, %w: tensor<6x3x3x2x!fxp.fixed<s8, 6>>) -> tensor<1x2x2x6x!fxp.fixed<s8, 5>> {
  %0 = fxp.conv2d %x, %w {groups = 2 : i64} : tensor<1x4x4x4x!fxp.fixed<s8, 4>>, tensor<6x3x3x2x!fxp.fixed<s8, 6>> -> tensor<1x2x2x6x!fxp.fixed<s8, 5>>
  return %0 : tensor<1x2x2x6x!fxp.fixed<s8, 5>>
}

// -----

// Max pooling pads with the smallest stored value and keeps the format; the
// channels are the innermost loop, which vectorizes.
// CHECK-LABEL: func @max_pool
// CHECK: tensor.pad
// CHECK: arith.constant -128 : i8
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]
// CHECK: arith.maxsi {{.*}} : i8
func.func @max_pool(%x: tensor<1x4x4x2x!fxp.fixed<s8, 5>>) -> tensor<1x2x2x2x!fxp.fixed<s8, 5>> {
  %0 = fxp.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pad = array<i64: 1, 0, 1, 0>} : tensor<1x4x4x2x!fxp.fixed<s8, 5>> -> tensor<1x2x2x2x!fxp.fixed<s8, 5>>
  return %0 : tensor<1x2x2x2x!fxp.fixed<s8, 5>>
}

// -----

// Average pooling divides by the count of real elements in each window,
// computed from the output position (linalg.index), rounding once.
// CHECK-LABEL: func @avg_pool
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]
// CHECK: linalg.generic
// CHECK: linalg.index 1
// CHECK: linalg.index 2
// CHECK: arith.divsi
func.func @avg_pool(%x: tensor<1x4x4x2x!fxp.fixed<u8, 5>>) -> tensor<1x2x2x2x!fxp.fixed<u8, 5>> {
  %0 = fxp.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pad = array<i64: 1, 0, 1, 0>} : tensor<1x4x4x2x!fxp.fixed<u8, 5>> -> tensor<1x2x2x2x!fxp.fixed<u8, 5>>
  return %0 : tensor<1x2x2x2x!fxp.fixed<u8, 5>>
}

// -----

// CHECK-LABEL: func @global_pool
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction", "reduction"]
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1, 2], [3]] output_shape [1, 1, 1, 8] : tensor<1x8xi8> into tensor<1x1x1x8xi8>
func.func @global_pool(%x: tensor<1x7x7x8x!fxp.fixed<u8, 4>>) -> tensor<1x1x1x8x!fxp.fixed<u8, 4>> {
  %0 = fxp.global_avg_pool %x : tensor<1x7x7x8x!fxp.fixed<u8, 4>> -> tensor<1x1x1x8x!fxp.fixed<u8, 4>>
  return %0 : tensor<1x1x1x8x!fxp.fixed<u8, 4>>
}
