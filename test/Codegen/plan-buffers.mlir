// RUN: fxp-opt %s --split-input-file --fxp-plan-buffers --allow-unregistered-dialect | FileCheck %s

// Three temporaries: %a dies when %b is made, so %c reuses its bytes; %b
// (read through a view until the end) keeps its own. Offsets and sizes are
// in bytes, rounded up to 64. The deallocations go; the arena's comes last.
// CHECK-LABEL: func @chain
// CHECK: %[[ARENA:.*]] = memref.alloc() {alignment = 64 : i64} : memref<1024xi8>
// CHECK: %[[A:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<1024xi8> to memref<16x8xf32>
// CHECK: %[[B:.*]] = memref.view %[[ARENA]][%c512{{.*}}][] : memref<1024xi8> to memref<128xi32>
// CHECK: %[[C:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<1024xi8> to memref<100xi8>
// CHECK-NOT: memref.dealloc %[[A]]
// CHECK-NOT: memref.dealloc %[[B]]
// CHECK-NOT: memref.dealloc %[[C]]
// CHECK: memref.dealloc %[[ARENA]]
// CHECK-NEXT: return
func.func @chain(%out: memref<128xi32>, %small: memref<100xi8>) {
  %a = memref.alloc() : memref<16x8xf32>
  "test.fill"(%a) : (memref<16x8xf32>) -> ()
  %b = memref.alloc() : memref<128xi32>
  "test.use"(%a, %b) : (memref<16x8xf32>, memref<128xi32>) -> ()
  %view = memref.collapse_shape %b [[0]] : memref<128xi32> into memref<128xi32>
  %c = memref.alloc() : memref<100xi8>
  "test.use"(%c) : (memref<100xi8>) -> ()
  memref.copy %c, %small : memref<100xi8> to memref<100xi8>
  memref.copy %view, %out : memref<128xi32> to memref<128xi32>
  memref.dealloc %a : memref<16x8xf32>
  memref.dealloc %b : memref<128xi32>
  memref.dealloc %c : memref<100xi8>
  return
}

// -----

// Left alone: a buffer that escapes (no deallocation), a dynamic shape,
// elements that are not whole bytes in memory (i33), and a single buffer.
// CHECK-LABEL: func @kept
// CHECK-NOT: memref.view
// CHECK: memref.alloc() : memref<8xf32>
// CHECK: memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK: memref.alloc() : memref<8xi33>
func.func @kept(%n: index) -> memref<8xf32> {
  %escapes = memref.alloc() : memref<8xf32>
  %dynamic = memref.alloc(%n) : memref<?xf32>
  %odd = memref.alloc() : memref<8xi33>
  "test.use"(%escapes, %dynamic, %odd) : (memref<8xf32>, memref<?xf32>, memref<8xi33>) -> ()
  memref.dealloc %dynamic : memref<?xf32>
  memref.dealloc %odd : memref<8xi33>
  return %escapes : memref<8xf32>
}

// -----

// A buffer used inside a loop lives until the loop ends.
// CHECK-LABEL: func @loop
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<128xi8>
// CHECK: memref.view {{.*}}[%c0{{.*}}][] : memref<128xi8> to memref<16xf32>
// CHECK: memref.view {{.*}}[%c64{{.*}}][] : memref<128xi8> to memref<16xf32>
func.func @loop(%lb: index, %ub: index, %step: index) {
  %a = memref.alloc() : memref<16xf32>
  scf.for %i = %lb to %ub step %step {
    "test.use"(%a) : (memref<16xf32>) -> ()
  }
  %b = memref.alloc() : memref<16xf32>
  scf.for %i = %lb to %ub step %step {
    "test.use"(%a, %b) : (memref<16xf32>, memref<16xf32>) -> ()
  }
  memref.dealloc %a : memref<16xf32>
  memref.dealloc %b : memref<16xf32>
  return
}
