// RUN: fxp-opt %s --split-input-file --fxp-deduplicate-functions | FileCheck %s

// @b and @c are @a under other names (and locations): their uses call @a.
// An argument attribute stays where all three have it (llvm.noalias on the
// second argument), and goes where one lacks it (the first).
// CHECK-LABEL: func.func private @a(
// CHECK-SAME: %{{.*}}: memref<4xi32>, %{{.*}}: memref<4xi32> {llvm.noalias})
// CHECK-NOT: func.func private @b
// CHECK-NOT: func.func private @c
// CHECK-LABEL: func.func @model(
// CHECK: call @a(%{{.*}}, %{{.*}})
// CHECK-NEXT: call @a(%{{.*}}, %{{.*}})
// CHECK-NEXT: %[[F:.*]] = constant @a
// CHECK-NEXT: call_indirect %[[F]]
func.func private @a(%x: memref<4xi32> {llvm.noalias}, %y: memref<4xi32> {llvm.noalias}) attributes {passthrough = ["noinline"]} {
  %c0 = arith.constant 0 : index
  %v = memref.load %x[%c0] : memref<4xi32>
  memref.store %v, %y[%c0] : memref<4xi32>
  return
}
func.func private @b(%x: memref<4xi32>, %y: memref<4xi32> {llvm.noalias}) attributes {passthrough = ["noinline"]} {
  %c0 = arith.constant 0 : index loc("elsewhere")
  %v = memref.load %x[%c0] : memref<4xi32>
  memref.store %v, %y[%c0] : memref<4xi32>
  return
}
func.func private @c(%x: memref<4xi32> {llvm.noalias}, %y: memref<4xi32> {llvm.noalias}) attributes {passthrough = ["noinline"]} {
  %c0 = arith.constant 0 : index
  %v = memref.load %x[%c0] : memref<4xi32>
  memref.store %v, %y[%c0] : memref<4xi32>
  return
}
func.func @model(%x: memref<4xi32>, %y: memref<4xi32>) {
  call @a(%x, %y) : (memref<4xi32>, memref<4xi32>) -> ()
  call @b(%x, %y) : (memref<4xi32>, memref<4xi32>) -> ()
  %f = func.constant @c : (memref<4xi32>, memref<4xi32>) -> ()
  call_indirect %f(%x, %y) : (memref<4xi32>, memref<4xi32>) -> ()
  return
}

// -----

// Functions that differ stay apart: in a constant (@other_constant), in
// which argument an op reads (@swapped), in a function attribute
// (@inlinable), in their type (@wider). A public function and a
// declaration are never merged.
// CHECK-LABEL: func.func private @first(
// CHECK-LABEL: func.func private @other_constant(
// CHECK-LABEL: func.func private @swapped(
// CHECK-LABEL: func.func private @inlinable(
// CHECK-LABEL: func.func private @wider(
// CHECK-LABEL: func.func @public(
// CHECK-LABEL: func.func private @declared(
// CHECK-LABEL: func.func private @declared_too(
// CHECK-LABEL: func.func @calls(
// CHECK-NEXT: call @first(
// CHECK-NEXT: call @other_constant(
// CHECK-NEXT: call @swapped(
// CHECK-NEXT: call @inlinable(
// CHECK-NEXT: call @wider(
// CHECK-NEXT: call @public(
// CHECK-NEXT: call @declared(
// CHECK-NEXT: call @declared_too(
func.func private @first(%x: memref<4xi32>, %y: memref<4xi32>) attributes {passthrough = ["noinline"]} {
  %c0 = arith.constant 0 : index
  %v = memref.load %x[%c0] : memref<4xi32>
  memref.store %v, %y[%c0] : memref<4xi32>
  return
}
func.func private @other_constant(%x: memref<4xi32>, %y: memref<4xi32>) attributes {passthrough = ["noinline"]} {
  %c1 = arith.constant 1 : index
  %v = memref.load %x[%c1] : memref<4xi32>
  memref.store %v, %y[%c1] : memref<4xi32>
  return
}
func.func private @swapped(%x: memref<4xi32>, %y: memref<4xi32>) attributes {passthrough = ["noinline"]} {
  %c0 = arith.constant 0 : index
  %v = memref.load %y[%c0] : memref<4xi32>
  memref.store %v, %x[%c0] : memref<4xi32>
  return
}
func.func private @inlinable(%x: memref<4xi32>, %y: memref<4xi32>) {
  %c0 = arith.constant 0 : index
  %v = memref.load %x[%c0] : memref<4xi32>
  memref.store %v, %y[%c0] : memref<4xi32>
  return
}
func.func private @wider(%x: memref<4xi32>, %y: memref<8xi32>) attributes {passthrough = ["noinline"]} {
  %c0 = arith.constant 0 : index
  %v = memref.load %x[%c0] : memref<4xi32>
  memref.store %v, %y[%c0] : memref<8xi32>
  return
}
func.func @public(%x: memref<4xi32>, %y: memref<4xi32>) attributes {passthrough = ["noinline"]} {
  %c0 = arith.constant 0 : index
  %v = memref.load %x[%c0] : memref<4xi32>
  memref.store %v, %y[%c0] : memref<4xi32>
  return
}
func.func private @declared(memref<4xi32>, memref<4xi32>)
func.func private @declared_too(memref<4xi32>, memref<4xi32>)
func.func @calls(%x: memref<4xi32>, %y: memref<4xi32>, %z: memref<8xi32>) {
  call @first(%x, %y) : (memref<4xi32>, memref<4xi32>) -> ()
  call @other_constant(%x, %y) : (memref<4xi32>, memref<4xi32>) -> ()
  call @swapped(%x, %y) : (memref<4xi32>, memref<4xi32>) -> ()
  call @inlinable(%x, %y) : (memref<4xi32>, memref<4xi32>) -> ()
  call @wider(%x, %z) : (memref<4xi32>, memref<8xi32>) -> ()
  call @public(%x, %y) : (memref<4xi32>, memref<4xi32>) -> ()
  call @declared(%x, %y) : (memref<4xi32>, memref<4xi32>) -> ()
  call @declared_too(%x, %y) : (memref<4xi32>, memref<4xi32>) -> ()
  return
}
