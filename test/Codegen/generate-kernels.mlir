// RUN: fxp-opt %s --fxp-generate-kernels=target=avx512vnni -split-input-file | FileCheck %s
// RUN: fxp-opt %s --fxp-generate-kernels="target=avx512vnni line-tiles=false" -split-input-file | FileCheck %s --check-prefix=FLAT

// A matmul with constant weights, its ReLU and requantization: one kernel.
// The 4 x 2 weights are packed into one panel of 16 columns (one vector of
// 16 i32 lanes) and one reduction group of 4; the bias becomes the initial
// accumulators. u8 activations suit vpdpbusd as they are: no staging. The
// result is written into a buffer of the final type, stored once per vector
// of 16 outputs (the last columns masked).
// CHECK-DAG: memref.global "private" constant @__fxp_initial_accumulators : memref<16xi32> = dense<[5, -7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]> {alignment = 64 : i64}
// CHECK-DAG: memref.global "private" constant @__fxp_packed_weights : memref<64xi8> = dense<[1, 3, 5, 7, -2, -4, -6, -8, 0,
// CHECK-LABEL: func @matmul_relu_requant
// CHECK-SAME: (%[[X:.*]]: tensor<4x4x!fxp.fixed<u8, 6>>)
// CHECK: %[[XI:.*]] = fxp.bitcast %[[X]] : tensor<4x4x!fxp.fixed<u8, 6>> -> tensor<4x4xi8>
// CHECK: %[[XB:.*]] = bufferization.to_buffer %[[XI]] read_only
// CHECK: %[[XF:.*]] = memref.collapse_shape %[[XB]] {{\[\[}}0, 1]] : memref<4x4xi8> into memref<16xi8>
// CHECK: %[[W:.*]] = memref.get_global @__fxp_packed_weights : memref<64xi8>
// CHECK: %[[B:.*]] = memref.get_global @__fxp_initial_accumulators : memref<16xi32>
// CHECK: %[[OUT:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4x2xi8>
// CHECK: %[[OUTF:.*]] = memref.collapse_shape %[[OUT]]
// CHECK: vector.load %[[B]]{{.*}} : memref<16xi32>, vector<16xi32>
// CHECK: vector.load %[[W]]{{.*}} : memref<64xi8>, vector<64xi8>
// CHECK: vector.load %[[XF]]{{.*}} : memref<16xi8>, vector<4xi8>
// CHECK: vector.broadcast %{{.*}} : i32 to vector<16xi32>
// CHECK: fxp_isa.vpdpbusd %{{.*}} : vector<64xi8> -> vector<16xi32>
// The epilogue: ReLU (max with 0), then, in i16 since AccumulatorRange
// bounds the sums by 255 * 16 + 5, the rounding shift by 13 - 5 = 8 (half to
// even), saturation to u8 and a masked store of the 2 valid lanes.
// CHECK: arith.maxsi %{{.*}} : vector<16xi32>
// CHECK: arith.trunci %{{.*}} : vector<16xi32> to vector<16xi16>
// CHECK: arith.shrsi %{{.*}} : vector<16xi16>
// CHECK: arith.minsi %{{.*}} : vector<16xi16>
// CHECK: arith.trunci %{{.*}} : vector<16xi16> to vector<16xi8>
// CHECK: vector.maskedstore %[[OUTF]]
// CHECK: %[[T:.*]] = bufferization.to_tensor %[[OUT]] restrict writable : memref<4x2xi8>
// CHECK: %[[R:.*]] = fxp.bitcast %[[T]] : tensor<4x2xi8> -> tensor<4x2x!fxp.fixed<u8, 5>>
// CHECK-NOT: fxp.matmul
// CHECK: return %[[R]]
func.func @matmul_relu_requant(%x: tensor<4x4x!fxp.fixed<u8, 6>>) -> tensor<4x2x!fxp.fixed<u8, 5>> {
  %w = fxp.constant dense<[[1, -2], [3, -4], [5, -6], [7, -8]]> : tensor<4x2xi8> -> tensor<4x2x!fxp.fixed<s8, 7>>
  %b = fxp.constant dense<[5, -7]> : tensor<2xi32> -> tensor<2x!fxp.fixed<s32, 13>>
  %acc = fxp.matmul %x, %w, %b : tensor<4x4x!fxp.fixed<u8, 6>>, tensor<4x2x!fxp.fixed<s8, 7>>, tensor<2x!fxp.fixed<s32, 13>> -> tensor<4x2x!fxp.fixed<s32, 13>>
  %r = fxp.relu %acc : tensor<4x2x!fxp.fixed<s32, 13>> -> tensor<4x2x!fxp.fixed<s32, 13>>
  %y = fxp.cast %r : tensor<4x2x!fxp.fixed<s32, 13>> -> tensor<4x2x!fxp.fixed<u8, 5>>
  return %y : tensor<4x2x!fxp.fixed<u8, 5>>
}

// -----

// Per-axis weights (FLs 7 and 5): the kernel multiplies the stored 8-bit
// weights; the initial accumulators leave out the bias, which the epilogue
// adds after shifting each column's sum left to FL 6 + 7 (0 and 2 bits).
// CHECK-DAG: memref.global "private" constant @__fxp_initial_accumulators : memref<16xi32> = dense<0>
// CHECK-DAG: memref.global "private" constant @__fxp_channel_shifts : memref<16xi32> = dense<[0, 2, 0,
// CHECK-DAG: memref.global "private" constant @__fxp_channel_biases : memref<16xi32> = dense<[5, -7, 0,
// CHECK-LABEL: func @matmul_per_axis
// CHECK: %[[SHIFTS:.*]] = memref.get_global @__fxp_channel_shifts
// CHECK: %[[BIASES:.*]] = memref.get_global @__fxp_channel_biases
// CHECK: fxp_isa.vpdpbusd
// CHECK: %[[S:.*]] = vector.load %[[SHIFTS]]
// CHECK: %[[SHIFTED:.*]] = arith.shli %{{.*}}, %[[S]] : vector<16xi32>
// CHECK: %[[B:.*]] = vector.load %[[BIASES]]
// CHECK: arith.addi %[[SHIFTED]], %[[B]] : vector<16xi32>
// CHECK: arith.shrsi
// CHECK-NOT: fxp.matmul
func.func @matmul_per_axis(%x: tensor<4x4x!fxp.fixed<u8, 6>>) -> tensor<4x2x!fxp.fixed<u8, 5>> {
  %w = fxp.constant dense<[[1, -2], [3, -4], [5, -6], [7, -8]]> : tensor<4x2xi8> -> tensor<4x2x!fxp.fixed_per_axis<s8, axis 1, [7, 5]>>
  %b = fxp.constant dense<[5, -7]> : tensor<2xi32> -> tensor<2x!fxp.fixed<s32, 13>>
  %acc = fxp.matmul %x, %w, %b : tensor<4x4x!fxp.fixed<u8, 6>>, tensor<4x2x!fxp.fixed_per_axis<s8, axis 1, [7, 5]>>, tensor<2x!fxp.fixed<s32, 13>> -> tensor<4x2x!fxp.fixed<s32, 13>>
  %y = fxp.cast %acc : tensor<4x2x!fxp.fixed<s32, 13>> -> tensor<4x2x!fxp.fixed<u8, 5>>
  return %y : tensor<4x2x!fxp.fixed<u8, 5>>
}

// -----

// s8 activations are staged +128 into vpdpbusd's unsigned operand (a
// vectorized copy into a buffer); the initial accumulators subtract 128
// times each column's weight sum: 9 - 128 * (1 + 3) = -503, 0 - 128 * -2.
// CHECK-DAG: memref.global "private" constant @__fxp_initial_accumulators : memref<16xi32> = dense<[-503, 256, 0,
// CHECK-LABEL: func @signed_activations
// CHECK: %[[STAGED:.*]] = memref.alloc() {alignment = 64 : i64} : memref<8xi8>
// CHECK: %[[V:.*]] = vector.maskedload {{.*}} : memref<8xi8>, vector<64xi1>, vector<64xi8> into vector<64xi8>
// CHECK: %[[S:.*]] = arith.addi %[[V]], %{{.*}} : vector<64xi8>
// CHECK: vector.maskedstore %[[STAGED]]{{.*}}, %[[S]]
// CHECK: fxp_isa.vpdpbusd
func.func @signed_activations(%x: tensor<2x4x!fxp.fixed<s8, 6>>) -> tensor<2x2x!fxp.fixed<s32, 13>> {
  %w = fxp.constant dense<[[1, -2], [3, 0], [0, 0], [0, 0]]> : tensor<4x2xi8> -> tensor<4x2x!fxp.fixed<s8, 7>>
  %b = fxp.constant dense<[9, 0]> : tensor<2xi32> -> tensor<2x!fxp.fixed<s32, 13>>
  %acc = fxp.matmul %x, %w, %b : tensor<2x4x!fxp.fixed<s8, 6>>, tensor<4x2x!fxp.fixed<s8, 7>>, tensor<2x!fxp.fixed<s32, 13>> -> tensor<2x2x!fxp.fixed<s32, 13>>
  return %acc : tensor<2x2x!fxp.fixed<s32, 13>>
}

// -----

// A padded 3x3 convolution is an implicit GEMM over a staged copy of its
// input: 1 x 6 x 6 x 4; a residual add is fused, reading the shortcut at the
// same element as the accumulator. Zeros are stored only where the input is
// not copied: the first and last staged rows (24 bytes each), then in each
// row the pixel before and after the input's 16 bytes. The products with
// padding are a sixth of all at this width, so the tiles follow the output
// lines (one tile of 4 pixels per line) and leave them out: the kernel rows
// run from the first to the last that reads an input row for the line, and
// the kernel columns are unrolled, each computing the pixels that read an
// input column at it: 3 + 4 + 3 dots per kernel row.
// CHECK-LABEL: func @conv_residual
// CHECK: %[[STAGED:.*]] = memref.alloc() {alignment = 64 : i64} : memref<144xi8>
// CHECK: %[[ROW:.*]] = vector.constant_mask [24] : vector<64xi1>
// CHECK: vector.maskedstore %[[STAGED]][%{{.*}}], %[[ROW]]
// CHECK: vector.maskedstore %[[STAGED]][%c120{{.*}}], %{{.*}}
// CHECK: scf.for
// CHECK: %[[PIXEL:.*]] = vector.constant_mask [4] : vector<64xi1>
// CHECK: vector.maskedstore %[[STAGED]][%{{.*}}], %[[PIXEL]]
// CHECK: vector.maskedstore %[[STAGED]][%{{.*}}], %{{.*}}
// CHECK: %[[INPUT:.*]] = vector.maskedload %{{.*}} : memref<64xi8>, vector<64xi1>, vector<64xi8> into vector<64xi8>
// CHECK: vector.maskedstore %[[STAGED]][%{{.*}}], %{{.*}}, %[[INPUT]]
// CHECK-NOT: vector.maskedstore %[[STAGED]]
// CHECK: scf.for
// CHECK: %[[KH_BEGIN:.*]] = arith.maxsi
// CHECK: %[[KH_END:.*]] = arith.minsi
// CHECK: scf.for %{{.*}} = %[[KH_BEGIN]] to %[[KH_END]] step %{{.*}} iter_args(
// CHECK-NOT: scf.for
// CHECK-COUNT-10: fxp_isa.vpdpbusd
// CHECK-NOT: fxp_isa.vpdpbusd
// CHECK: scf.yield
// CHECK: vector.maskedload %{{.*}} : memref<128xi32>, vector<16xi1>, vector<16xi32> into vector<16xi32>
// CHECK: arith.addi %{{.*}} : vector<16xi64>
// CHECK-NOT: fxp.conv2d
// CHECK-NOT: fxp.add
// With line-tiles=false, the tiles run along the flattened pixels, over
// the kernel columns in a loop.
// FLAT-LABEL: func @conv_residual
// FLAT: %[[KH_BEGIN:.*]] = arith.maxsi
// FLAT: %[[KH_END:.*]] = arith.minsi
// FLAT: scf.for %{{.*}} = %[[KH_BEGIN]] to %[[KH_END]] step %{{.*}} iter_args(
// FLAT: scf.for %{{.*}} = %c0{{.*}} to %c3{{.*}} step %{{.*}} iter_args(
func.func @conv_residual(%x: tensor<1x4x4x4x!fxp.fixed<u8, 6>>, %shortcut: tensor<1x4x4x8x!fxp.fixed<s32, 12>>) -> tensor<1x4x4x8x!fxp.fixed<s32, 13>> {
  %w = fxp.constant dense<1> : tensor<8x3x3x4xi8> -> tensor<8x3x3x4x!fxp.fixed<s8, 7>>
  %acc = fxp.conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>} : tensor<1x4x4x4x!fxp.fixed<u8, 6>>, tensor<8x3x3x4x!fxp.fixed<s8, 7>> -> tensor<1x4x4x8x!fxp.fixed<s32, 13>>
  %sum = fxp.add %acc, %shortcut : tensor<1x4x4x8x!fxp.fixed<s32, 13>>, tensor<1x4x4x8x!fxp.fixed<s32, 12>> -> tensor<1x4x4x8x!fxp.fixed<s32, 13>>
  return %sum : tensor<1x4x4x8x!fxp.fixed<s32, 13>>
}

// -----

// A residual add as F8Net's aligned adds make it: the accumulator and the
// u8 shortcut (FL 6) cast up to an s33 sum at FL 13. The shortcut then has
// at most 15 magnitude bits and the accumulator (128 x 255 x 1) 15: the sum
// and the cast to s8 compute in 32-bit lanes, not in the 64 that s33 needs.
// The reduction is long (32 groups of 4 channels): a tile of 12 rows
// stores its accumulators into a buffer, and one loop over the rows runs
// the epilogue (then one over the last 4 rows).
// CHECK-LABEL: func @narrow_shortcut
// CHECK: %[[ACCS:.*]] = memref.alloc() {alignment = 64 : i64} : memref<192xi32>
// CHECK-COUNT-12: vector.store %{{.*}}, %[[ACCS]][%{{.*}}] : memref<192xi32>, vector<16xi32>
// CHECK-NOT: vector.store %{{.*}}, %[[ACCS]]
// CHECK: scf.for %[[ROW:.*]] = %{{.*}} to %c12{{.*}} step %c1
// CHECK: vector.load %[[ACCS]][%{{.*}}] : memref<192xi32>, vector<16xi32>
// CHECK: %[[SHORTCUT:.*]] = vector.maskedload %{{.*}} : memref<128xi8>, vector<16xi1>, vector<16xi8> into vector<16xi8>
// CHECK: %[[WIDE:.*]] = arith.extui %[[SHORTCUT]] : vector<16xi8> to vector<16xi16>
// CHECK: %[[EXACT:.*]] = arith.extsi %[[WIDE]] : vector<16xi16> to vector<16xi33>
// CHECK: %[[ALIGNED:.*]] = arith.shli %[[EXACT]], %{{.*}} : vector<16xi33>
// CHECK: %[[RHS:.*]] = arith.trunci %[[ALIGNED]] : vector<16xi33> to vector<16xi32>
// CHECK: arith.addi %{{.*}}, %[[RHS]] : vector<16xi32>
// CHECK: arith.minsi %{{.*}} : vector<16xi32>
// CHECK-NOT: xi64>
func.func @narrow_shortcut(%x: tensor<1x4x4x128x!fxp.fixed<u8, 6>>, %s: tensor<1x4x4x8x!fxp.fixed<u8, 6>>) -> tensor<1x4x4x8x!fxp.fixed<s8, 4>> {
  %w = fxp.constant dense<1> : tensor<8x1x1x128xi8> -> tensor<8x1x1x128x!fxp.fixed<s8, 7>>
  %acc = fxp.conv2d %x, %w : tensor<1x4x4x128x!fxp.fixed<u8, 6>>, tensor<8x1x1x128x!fxp.fixed<s8, 7>> -> tensor<1x4x4x8x!fxp.fixed<s32, 13>>
  %a = fxp.cast %acc overflow wrap : tensor<1x4x4x8x!fxp.fixed<s32, 13>> -> tensor<1x4x4x8x!fxp.fixed<s33, 13>>
  %b = fxp.cast %s overflow wrap : tensor<1x4x4x8x!fxp.fixed<u8, 6>> -> tensor<1x4x4x8x!fxp.fixed<s33, 13>>
  %sum = fxp.add %a, %b : tensor<1x4x4x8x!fxp.fixed<s33, 13>>, tensor<1x4x4x8x!fxp.fixed<s33, 13>> -> tensor<1x4x4x8x!fxp.fixed<s33, 13>>
  %y = fxp.cast %sum : tensor<1x4x4x8x!fxp.fixed<s33, 13>> -> tensor<1x4x4x8x!fxp.fixed<s8, 4>>
  return %y : tensor<1x4x4x8x!fxp.fixed<s8, 4>>
}

// -----

// A downsampling shortcut: the sum of two convolutions' accumulators, each
// of 10 magnitude bits whatever their s32 and s34 formats, computes in
// 16-bit lanes. The shortcut's kernel comes first here (its result is also
// returned, so no other op fuses into it): its result's bound is kept for
// the kernel that reads it.
// CHECK-LABEL: func @shortcut_kernel_before
// CHECK: %[[SHORTCUT:.*]] = vector.maskedload %{{.*}} : memref<128xi32>, vector<16xi1>, vector<16xi32> into vector<16xi32>
// CHECK: arith.trunci %[[SHORTCUT]] : vector<16xi32> to vector<16xi16>
// CHECK: arith.addi %{{.*}}, %{{.*}} : vector<16xi16>
// CHECK-NOT: xi64>
func.func @shortcut_kernel_before(%x: tensor<1x4x4x4x!fxp.fixed<u8, 6>>) -> (tensor<1x4x4x8x!fxp.fixed<s32, 13>>, tensor<1x4x4x8x!fxp.fixed<s8, 4>>) {
  %w = fxp.constant dense<1> : tensor<8x1x1x4xi8> -> tensor<8x1x1x4x!fxp.fixed<s8, 7>>
  %v = fxp.constant dense<-1> : tensor<8x1x1x4xi8> -> tensor<8x1x1x4x!fxp.fixed<s8, 7>>
  %d = fxp.conv2d %x, %v : tensor<1x4x4x4x!fxp.fixed<u8, 6>>, tensor<8x1x1x4x!fxp.fixed<s8, 7>> -> tensor<1x4x4x8x!fxp.fixed<s32, 13>>
  %acc = fxp.conv2d %x, %w : tensor<1x4x4x4x!fxp.fixed<u8, 6>>, tensor<8x1x1x4x!fxp.fixed<s8, 7>> -> tensor<1x4x4x8x!fxp.fixed<s32, 13>>
  %a = fxp.cast %acc overflow wrap : tensor<1x4x4x8x!fxp.fixed<s32, 13>> -> tensor<1x4x4x8x!fxp.fixed<s34, 13>>
  %b = fxp.cast %d overflow wrap : tensor<1x4x4x8x!fxp.fixed<s32, 13>> -> tensor<1x4x4x8x!fxp.fixed<s34, 13>>
  %sum = fxp.add %a, %b : tensor<1x4x4x8x!fxp.fixed<s34, 13>>, tensor<1x4x4x8x!fxp.fixed<s34, 13>> -> tensor<1x4x4x8x!fxp.fixed<s34, 13>>
  %y = fxp.cast %sum : tensor<1x4x4x8x!fxp.fixed<s34, 13>> -> tensor<1x4x4x8x!fxp.fixed<s8, 4>>
  return %d, %y : tensor<1x4x4x8x!fxp.fixed<s32, 13>>, tensor<1x4x4x8x!fxp.fixed<s8, 4>>
}

// -----

// The same sum with the shortcut's convolution after the other: its kernel
// is not generated yet, and its accumulator's range bounds it. (A reduction
// of one group keeps its epilogues unrolled: no buffer of accumulators.)
// CHECK-LABEL: func @shortcut_conv_after
// CHECK-NOT: memref<192xi32>
// CHECK: %[[SHORTCUT:.*]] = vector.maskedload %{{.*}} : memref<128xi32>, vector<16xi1>, vector<16xi32> into vector<16xi32>
// CHECK: arith.trunci %[[SHORTCUT]] : vector<16xi32> to vector<16xi16>
// CHECK: arith.addi %{{.*}}, %{{.*}} : vector<16xi16>
// CHECK-NOT: xi64>
func.func @shortcut_conv_after(%x: tensor<1x4x4x4x!fxp.fixed<u8, 6>>) -> tensor<1x4x4x8x!fxp.fixed<s8, 4>> {
  %w = fxp.constant dense<1> : tensor<8x1x1x4xi8> -> tensor<8x1x1x4x!fxp.fixed<s8, 7>>
  %v = fxp.constant dense<-1> : tensor<8x1x1x4xi8> -> tensor<8x1x1x4x!fxp.fixed<s8, 7>>
  %acc = fxp.conv2d %x, %w : tensor<1x4x4x4x!fxp.fixed<u8, 6>>, tensor<8x1x1x4x!fxp.fixed<s8, 7>> -> tensor<1x4x4x8x!fxp.fixed<s32, 13>>
  %d = fxp.conv2d %x, %v : tensor<1x4x4x4x!fxp.fixed<u8, 6>>, tensor<8x1x1x4x!fxp.fixed<s8, 7>> -> tensor<1x4x4x8x!fxp.fixed<s32, 13>>
  %a = fxp.cast %acc overflow wrap : tensor<1x4x4x8x!fxp.fixed<s32, 13>> -> tensor<1x4x4x8x!fxp.fixed<s34, 13>>
  %b = fxp.cast %d overflow wrap : tensor<1x4x4x8x!fxp.fixed<s32, 13>> -> tensor<1x4x4x8x!fxp.fixed<s34, 13>>
  %sum = fxp.add %a, %b : tensor<1x4x4x8x!fxp.fixed<s34, 13>>, tensor<1x4x4x8x!fxp.fixed<s34, 13>> -> tensor<1x4x4x8x!fxp.fixed<s34, 13>>
  %y = fxp.cast %sum : tensor<1x4x4x8x!fxp.fixed<s34, 13>> -> tensor<1x4x4x8x!fxp.fixed<s8, 4>>
  return %y : tensor<1x4x4x8x!fxp.fixed<s8, 4>>
}

// -----

// What the kernels do not take stays for the reference lowering: weights
// that are not constants, grouped convolutions other than depthwise ones,
// dynamic shapes, and a bias whose values make the accumulator exceed 32
// bits.
// CHECK-LABEL: func @not_taken
// CHECK: fxp.matmul
// CHECK: fxp.conv2d
// CHECK: fxp.matmul
// CHECK: fxp.matmul
// CHECK-NOT: fxp_isa
func.func @not_taken(%x: tensor<2x3x!fxp.fixed<u8, 6>>, %w: tensor<3x2x!fxp.fixed<s8, 7>>, %img: tensor<1x4x4x2x!fxp.fixed<u8, 6>>, %dyn: tensor<?x3x!fxp.fixed<u8, 6>>) -> (tensor<2x2x!fxp.fixed<s32, 13>>, tensor<1x2x2x4x!fxp.fixed<s32, 13>>, tensor<?x2x!fxp.fixed<s32, 13>>, tensor<2x2x!fxp.fixed<s32, 13>>) {
  %0 = fxp.matmul %x, %w : tensor<2x3x!fxp.fixed<u8, 6>>, tensor<3x2x!fxp.fixed<s8, 7>> -> tensor<2x2x!fxp.fixed<s32, 13>>
  %gw = fxp.constant dense<1> : tensor<4x3x3x1xi8> -> tensor<4x3x3x1x!fxp.fixed<s8, 7>>
  %1 = fxp.conv2d %img, %gw {groups = 2 : i64} : tensor<1x4x4x2x!fxp.fixed<u8, 6>>, tensor<4x3x3x1x!fxp.fixed<s8, 7>> -> tensor<1x2x2x4x!fxp.fixed<s32, 13>>
  %cw = fxp.constant dense<1> : tensor<3x2xi8> -> tensor<3x2x!fxp.fixed<s8, 7>>
  %2 = fxp.matmul %dyn, %cw : tensor<?x3x!fxp.fixed<u8, 6>>, tensor<3x2x!fxp.fixed<s8, 7>> -> tensor<?x2x!fxp.fixed<s32, 13>>
  %big = fxp.constant dense<2147483000> : tensor<2xi32> -> tensor<2x!fxp.fixed<s32, 13>>
  %3 = fxp.matmul %x, %cw, %big : tensor<2x3x!fxp.fixed<u8, 6>>, tensor<3x2x!fxp.fixed<s8, 7>>, tensor<2x!fxp.fixed<s32, 13>> -> tensor<2x2x!fxp.fixed<s32, 13>>
  return %0, %1, %2, %3 : tensor<2x2x!fxp.fixed<s32, 13>>, tensor<1x2x2x4x!fxp.fixed<s32, 13>>, tensor<?x2x!fxp.fixed<s32, 13>>, tensor<2x2x!fxp.fixed<s32, 13>>
}

// -----

// A depthwise convolution (groups = C = O) is a kernel whose lanes are
// channels: each tap loads 16 channels of one pixel, zero-extends each into
// its own i32 lane and multiplies it with the tap's weight, held in the
// first byte of the lane's group (vpdpbusd with the other three bytes zero).
// Its tiles run over all 3 x 3 taps, those that read padding included: a
// depthwise reduction is its taps alone, which LLVM unrolls when their
// bounds are constants.
// CHECK-DAG: memref.global "private" constant @__fxp_packed_weights{{.*}} : memref<576xi8> = dense<"0x02000000
// CHECK-LABEL: func @depthwise
// CHECK-NOT: arith.maxsi
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c3{{.*}} step %{{.*}} iter_args(
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c3{{.*}} step %{{.*}} iter_args(
// CHECK: %[[X:.*]] = vector.load %{{.*}} : memref<{{[0-9]+}}xi8>, vector<16xi8>
// CHECK: %[[WIDE:.*]] = arith.extui %[[X]] : vector<16xi8> to vector<16xi32>
// CHECK: %[[LANES:.*]] = vector.bitcast %[[WIDE]] : vector<16xi32> to vector<64xi8>
// CHECK: fxp_isa.vpdpbusd %{{.*}}, %[[LANES]], %{{.*}} : vector<64xi8> -> vector<16xi32>
// CHECK-NOT: fxp.conv2d
func.func @depthwise(%x: tensor<1x6x6x16x!fxp.fixed<u8, 6>>) -> tensor<1x6x6x16x!fxp.fixed<s32, 13>> {
  %w = fxp.constant dense<2> : tensor<16x3x3x1xi8> -> tensor<16x3x3x1x!fxp.fixed<s8, 7>>
  %acc = fxp.conv2d %x, %w {groups = 16 : i64, pad = array<i64: 1, 1, 1, 1>} : tensor<1x6x6x16x!fxp.fixed<u8, 6>>, tensor<16x3x3x1x!fxp.fixed<s8, 7>> -> tensor<1x6x6x16x!fxp.fixed<s32, 13>>
  return %acc : tensor<1x6x6x16x!fxp.fixed<s32, 13>>
}

// -----

// At a width of 32 the padding columns' products are 2% of all: the tiles
// run along the flattened pixels (12 rows of 1 vector), over the kernel
// columns in a loop. Their kernel rows are still those that read an input
// row for some of the tile's pixels.
// CHECK-LABEL: func @wide_conv
// CHECK: %[[KH_BEGIN:.*]] = arith.maxsi
// CHECK: %[[KH_END:.*]] = arith.minsi
// CHECK: scf.for %{{.*}} = %[[KH_BEGIN]] to %[[KH_END]] step %{{.*}} iter_args(
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c3{{.*}} step %{{.*}} iter_args(
// CHECK-COUNT-12: fxp_isa.vpdpbusd
// CHECK-NOT: fxp_isa.vpdpbusd
// CHECK: scf.yield
func.func @wide_conv(%x: tensor<1x4x32x4x!fxp.fixed<u8, 6>>) -> tensor<1x4x32x8x!fxp.fixed<s32, 13>> {
  %w = fxp.constant dense<1> : tensor<8x3x3x4xi8> -> tensor<8x3x3x4x!fxp.fixed<s8, 7>>
  %acc = fxp.conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>} : tensor<1x4x32x4x!fxp.fixed<u8, 6>>, tensor<8x3x3x4x!fxp.fixed<s8, 7>> -> tensor<1x4x32x8x!fxp.fixed<s32, 13>>
  return %acc : tensor<1x4x32x8x!fxp.fixed<s32, 13>>
}

// -----

// s8 activations are staged with an offset of 128, padding included, and
// the initial accumulators subtract 128 times every weight: no product is
// left out, the loops run over the whole kernel.
// CHECK-LABEL: func @signed_padded_conv
// CHECK-NOT: arith.maxsi
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c3{{.*}} step %{{.*}} iter_args(
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c3{{.*}} step %{{.*}} iter_args(
func.func @signed_padded_conv(%x: tensor<1x4x4x4x!fxp.fixed<s8, 6>>) -> tensor<1x4x4x8x!fxp.fixed<s32, 13>> {
  %w = fxp.constant dense<1> : tensor<8x3x3x4xi8> -> tensor<8x3x3x4x!fxp.fixed<s8, 7>>
  %acc = fxp.conv2d %x, %w {pad = array<i64: 1, 1, 1, 1>} : tensor<1x4x4x4x!fxp.fixed<s8, 6>>, tensor<8x3x3x4x!fxp.fixed<s8, 7>> -> tensor<1x4x4x8x!fxp.fixed<s32, 13>>
  return %acc : tensor<1x4x4x8x!fxp.fixed<s32, 13>>
}
