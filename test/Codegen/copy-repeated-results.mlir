// RUN: fxp-opt %s --split-input-file --fxp-copy-repeated-results | FileCheck %s
// Upstream's out-params with hoisted allocations took such a function to a
// crash; after the copy, each result has its own out-parameter.
// RUN: fxp-opt %s --split-input-file --fxp-copy-repeated-results --buffer-results-to-out-params="hoist-static-allocs modify-public-functions" | FileCheck %s --check-prefix=OUT

// CHECK-LABEL: func @twice
// CHECK: %[[B:.*]] = memref.alloc() : memref<4xf32>
// CHECK: %[[COPY:.*]] = memref.alloc() : memref<4xf32>
// CHECK: memref.copy %[[B]], %[[COPY]]
// CHECK: return %[[B]], %[[COPY]], %arg0
// OUT-LABEL: func @twice(%arg0: memref<4xf32>, %arg1: memref<4xf32>, %arg2: memref<4xf32>, %arg3: memref<4xf32>)
// OUT: memref.copy %arg1, %arg2
// OUT: memref.copy %arg0, %arg3
func.func @twice(%a: memref<4xf32>) -> (memref<4xf32>, memref<4xf32>, memref<4xf32>) {
  %b = memref.alloc() : memref<4xf32>
  return %b, %b, %a : memref<4xf32>, memref<4xf32>, memref<4xf32>
}

// -----

// A dynamic shape is copied at its size.
// CHECK-LABEL: func @dynamic
// CHECK: %[[N:.*]] = memref.dim %arg0, %c0
// CHECK: %[[COPY:.*]] = memref.alloc(%[[N]]) : memref<?xf32>
// CHECK: memref.copy %arg0, %[[COPY]]
// CHECK: return %arg0, %[[COPY]]
func.func @dynamic(%a: memref<?xf32>) -> (memref<?xf32>, memref<?xf32>) {
  return %a, %a : memref<?xf32>, memref<?xf32>
}
