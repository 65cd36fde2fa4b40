// RUN: fxp-opt %s --fxp-memref-copy-to-linalg -split-input-file | FileCheck %s

// A copy into a strided subview with contiguous rows (what a bufferized
// tensor.pad of channels-last activations makes) becomes a loop nest of row
// copies between contiguous 1-D views, which lower to llvm.memcpy.
// CHECK-LABEL: func @pad_copy
// CHECK: %[[VIEW:.*]] = memref.subview
// CHECK: scf.for %[[I:.*]] = %c0 to %c4 step %c1 {
// CHECK:   %[[SRC:.*]] = memref.subview %{{.*}}[%[[I]], 0] [1, 4] [1, 1] : memref<4x4xi8> to memref<4xi8, strided<[1], offset: ?>>
// CHECK:   %[[DST:.*]] = memref.subview %[[VIEW]][%[[I]], 0] [1, 4] [1, 1] : memref<4x4xi8, strided<[6, 1], offset: 7>> to memref<4xi8, strided<[1], offset: ?>>
// CHECK:   memref.copy %[[SRC]], %[[DST]]
// CHECK-NOT: linalg.copy
func.func @pad_copy(%src: memref<4x4xi8>, %dst: memref<6x6xi8>) {
  %view = memref.subview %dst[1, 1] [4, 4] [1, 1] : memref<6x6xi8> to memref<4x4xi8, strided<[6, 1], offset: 7>>
  memref.copy %src, %view : memref<4x4xi8> to memref<4x4xi8, strided<[6, 1], offset: 7>>
  return
}

// -----

// Rows of a dynamic length, or strided rows, have no static memcpy: the copy
// becomes a linalg.copy, which lowers to loops instead of a runtime call.
// CHECK-LABEL: func @dynamic_rows
// CHECK-NOT: memref.copy
// CHECK: linalg.copy ins(%{{.*}} : memref<4x?xi8>) outs(%{{.*}} : memref<4x?xi8, strided<[8, 1], offset: ?>>)
func.func @dynamic_rows(%src: memref<4x?xi8>, %dst: memref<4x?xi8, strided<[8, 1], offset: ?>>) {
  memref.copy %src, %dst : memref<4x?xi8> to memref<4x?xi8, strided<[8, 1], offset: ?>>
  return
}

// CHECK-LABEL: func @strided_rows
// CHECK-NOT: memref.copy
// CHECK: linalg.copy ins(%{{.*}} : memref<4x4xi8, strided<[16, 2]>>) outs(%{{.*}} : memref<4x4xi8>)
func.func @strided_rows(%src: memref<4x4xi8, strided<[16, 2]>>, %dst: memref<4x4xi8>) {
  memref.copy %src, %dst : memref<4x4xi8, strided<[16, 2]>> to memref<4x4xi8>
  return
}

// -----

// A copy between contiguous memrefs already lowers to llvm.memcpy: it stays.
// CHECK-LABEL: func @contiguous
// CHECK: memref.copy %{{.*}}, %{{.*}} : memref<4x4xi8> to memref<4x4xi8>
func.func @contiguous(%src: memref<4x4xi8>, %dst: memref<4x4xi8>) {
  memref.copy %src, %dst : memref<4x4xi8> to memref<4x4xi8>
  return
}
