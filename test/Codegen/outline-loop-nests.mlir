// RUN: fxp-opt %s --split-input-file --fxp-outline-loop-nests | FileCheck %s
// The outlined code runs as before: a bare-pointer lowering (fxp-compile's
// calling convention) and the JIT.
// RUN: fxp-opt %s --split-input-file --fxp-outline-loop-nests --expand-strided-metadata --lower-affine --convert-scf-to-cf --finalize-memref-to-llvm --convert-arith-to-llvm --convert-cf-to-llvm "--convert-func-to-llvm=use-bare-ptr-memref-call-conv" --reconcile-unrealized-casts | FileCheck %s --check-prefix=LLVM

// Each top-level loop moves into its own private, non-inlined function;
// constants are recreated inside it, globals and buffers are passed (here a
// view with a static offset, as fxp-plan-buffers makes them). The constant
// global is `llvm.noalias`: nothing writes it.
// CHECK-LABEL: func.func private @two_nest0(
// CHECK-SAME: %[[TABLE:.*]]: memref<4xi32> {llvm.noalias}, %{{.*}}: memref<4xi32, strided<[1], offset: 4>>)
// CHECK-SAME: attributes {llvm.linkage = #llvm.linkage<internal>, passthrough = ["noinline"]}
// CHECK-NOT: memref.get_global
// CHECK-DAG: arith.constant 7 : i32
// CHECK: scf.for
// CHECK: memref.load %[[TABLE]]
// CHECK-LABEL: func.func private @two_nest1(
// CHECK: scf.for
// CHECK: arith.addi
// CHECK-LABEL: func.func @two(
// CHECK-NOT: scf.for
// CHECK: %[[G:.*]] = memref.get_global @table
// CHECK: call @two_nest0(%[[G]], %{{.*}}) : (memref<4xi32>, memref<4xi32, strided<[1], offset: 4>>) -> ()
// CHECK-NEXT: %[[SUM:.*]] = call @two_nest1(
// CHECK-NEXT: return %[[SUM]]
// LLVM: llvm.func internal @two_nest0(%{{.*}}: !llvm.ptr {llvm.noalias}, %{{.*}}: !llvm.ptr) attributes {passthrough = ["noinline"]
// LLVM: llvm.func @two(
// LLVM: llvm.mlir.addressof @table
// LLVM: llvm.call @two_nest0
memref.global "private" constant @table : memref<4xi32> = dense<[1, 2, 3, 4]>
func.func @two(%arena: memref<8xi32>) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %seven = arith.constant 7 : i32
  %zero = arith.constant 0 : i32
  %view = memref.subview %arena[4] [4] [1] : memref<8xi32> to memref<4xi32, strided<[1], offset: 4>>
  %table = memref.get_global @table : memref<4xi32>
  scf.for %i = %c0 to %c4 step %c1 {
    %t = memref.load %table[%i] : memref<4xi32>
    %s = arith.muli %t, %seven : i32
    memref.store %s, %view[%i] : memref<4xi32, strided<[1], offset: 4>>
  }
  %sum = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %zero) -> i32 {
    %v = memref.load %view[%i] : memref<4xi32, strided<[1], offset: 4>>
    %next = arith.addi %acc, %v : i32
    scf.yield %next : i32
  }
  return %sum : i32
}

// -----

// A nest that reads a dynamically shaped buffer stays: the bare-pointer
// convention cannot pass it.
// CHECK-LABEL: func.func @dynamic(
// CHECK: scf.for
// CHECK-NOT: func.func
func.func @dynamic(%buffer: memref<?xi32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  scf.for %i = %c0 to %n step %c1 {
    memref.store %zero, %buffer[%i] : memref<?xi32>
  }
  return
}

// -----

// Views of the function's own buffers that no other argument overlaps are
// `llvm.noalias` (the arena views of fxp-plan-buffers: bytes [0, 16) and
// [16, 32)); views that overlap ([8, 24) and [0, 16)) are not, nor are the
// enclosing function's arguments, which a caller may pass twice, nor a
// global that is not constant. Globals overlap no buffer of the function.
// CHECK-LABEL: func.func private @arena_nest0(
// CHECK-SAME: %{{.*}}: memref<4xi32> {llvm.noalias}, %{{.*}}: memref<4xi32> {llvm.noalias}, %{{.*}}: memref<4xi32>)
// CHECK-LABEL: func.func private @arena_nest1(
// CHECK-SAME: %{{.*}}: memref<4xi32>, %{{.*}}: memref<4xi32>)
// CHECK-LABEL: func.func private @arena_nest2(
// CHECK-SAME: %{{.*}}: memref<4xi32> {llvm.noalias}, %{{.*}}: memref<4xi32>)
// CHECK-LABEL: func.func @arena(
memref.global "private" @counts : memref<4xi32> = dense<0>
func.func @arena(%out: memref<4xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %arena = memref.alloc() : memref<64xi8>
  %a = memref.view %arena[%c0][] : memref<64xi8> to memref<4xi32>
  %b = memref.view %arena[%c16][] : memref<64xi8> to memref<4xi32>
  %c = memref.view %arena[%c8][] : memref<64xi8> to memref<4xi32>
  %counts = memref.get_global @counts : memref<4xi32>
  scf.for %i = %c0 to %c4 step %c1 {
    %v = memref.load %a[%i] : memref<4xi32>
    memref.store %v, %b[%i] : memref<4xi32>
    memref.store %v, %counts[%i] : memref<4xi32>
  }
  scf.for %i = %c0 to %c4 step %c1 {
    %v = memref.load %a[%i] : memref<4xi32>
    memref.store %v, %c[%i] : memref<4xi32>
  }
  scf.for %i = %c0 to %c4 step %c1 {
    %v = memref.load %b[%i] : memref<4xi32>
    memref.store %v, %out[%i] : memref<4xi32>
  }
  memref.dealloc %arena : memref<64xi8>
  return
}
