// RUN: fxp-opt %s --split-input-file --verify-diagnostics --fxp-declared-results-to-out-params | FileCheck %s

// A declared function takes its memref results as out-parameters, after
// its arguments; each call allocates them, and the results' uses read the
// allocations. Argument attributes stay where they were.
// CHECK-LABEL: func.func private @part(memref<4xi8> {bufferization.access = "read"}, memref<2xi32>, memref<3xf32>)
// CHECK-LABEL: func.func @caller(
// CHECK-SAME: %[[X:.*]]: memref<4xi8>)
// CHECK: %[[R0:.*]] = memref.alloc() : memref<2xi32>
// CHECK: %[[R1:.*]] = memref.alloc() : memref<3xf32>
// CHECK: call @part(%[[X]], %[[R0]], %[[R1]]) : (memref<4xi8>, memref<2xi32>, memref<3xf32>) -> ()
// CHECK: return %[[R1]], %[[R0]]
func.func private @part(memref<4xi8> {bufferization.access = "read"}) -> (memref<2xi32>, memref<3xf32>)
func.func @caller(%x: memref<4xi8>) -> (memref<3xf32>, memref<2xi32>) {
  %r:2 = call @part(%x) : (memref<4xi8>) -> (memref<2xi32>, memref<3xf32>)
  return %r#1, %r#0 : memref<3xf32>, memref<2xi32>
}

// -----

// Results that a caller cannot allocate alone (a dynamic shape, a strided
// layout, a scalar), and functions with a body, keep their results.
// CHECK-LABEL: func.func private @dynamic(memref<4xi8>) -> memref<?xi8>
// CHECK-LABEL: func.func private @strided() -> memref<4xi8, strided<[2]>>
// CHECK-LABEL: func.func private @scalar() -> (memref<4xi8>, i32)
// CHECK-LABEL: func.func @defined() -> memref<4xi8>
func.func private @dynamic(memref<4xi8>) -> memref<?xi8>
func.func private @strided() -> memref<4xi8, strided<[2]>>
func.func private @scalar() -> (memref<4xi8>, i32)
func.func @defined() -> memref<4xi8> {
  %a = memref.alloc() : memref<4xi8>
  return %a : memref<4xi8>
}

// -----

func.func private @referenced() -> memref<4xi8>
func.func @reference() {
  // expected-error @+1 {{uses 'referenced' other than by a call: its results cannot become out-parameters}}
  %f = func.constant @referenced : () -> memref<4xi8>
  return
}
