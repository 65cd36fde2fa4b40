// RUN: fxp-opt %s --fxp-memref-copy-to-linalg | FileCheck %s

// A copy into a strided subview (what a bufferized tensor.pad makes) becomes
// a linalg.copy, which lowers to loops instead of a runtime call.
// CHECK-LABEL: func @pad_copy
// CHECK-NOT: memref.copy
// CHECK: linalg.copy ins(%{{.*}} : memref<4x4xi8>) outs(%{{.*}} : memref<4x4xi8, strided<[6, 1], offset: 7>>)
func.func @pad_copy(%src: memref<4x4xi8>, %dst: memref<6x6xi8>) {
  %view = memref.subview %dst[1, 1] [4, 4] [1, 1] : memref<6x6xi8> to memref<4x4xi8, strided<[6, 1], offset: 7>>
  memref.copy %src, %view : memref<4x4xi8> to memref<4x4xi8, strided<[6, 1], offset: 7>>
  return
}
