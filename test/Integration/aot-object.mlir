// RUN: fxp-opt %s --fxp-reference-to-llvm | mlir-translate --mlir-to-llvmir -o %t.ll
// RUN: %clang -O2 -c %t.ll -o %t.o
// RUN: %clang -O2 %S/Inputs/aot_driver.c %t.o -lm -o %t.exe
// RUN: %t.exe | FileCheck %s

// Lowered fxp code compiled ahead of time into an object and called from C.

// requant(a) = fxp.cast s32 FL 11 -> u8 FL 4 (F8Net's requantization + ReLU).
func.func @requant(%a: i32) -> i8 attributes {llvm.emit_c_interface} {
  %x = fxp.bitcast %a : i32 -> !fxp.fixed<s32, 11>
  %r = fxp.cast %x : !fxp.fixed<s32, 11> -> !fxp.fixed<u8, 4>
  %i = fxp.bitcast %r : !fxp.fixed<u8, 4> -> i8
  return %i : i8
}

// quantize(x) = fxp.quantize f32 -> s8 FL 5 (round half to even).
func.func @quantize(%x: f32) -> i8 attributes {llvm.emit_c_interface} {
  %q = fxp.quantize %x : f32 -> !fxp.fixed<s8, 5>
  %i = fxp.bitcast %q : !fxp.fixed<s8, 5> -> i8
  return %i : i8
}

// CHECK: requant 704 -> 6
// CHECK: requant 832 -> 6
// CHECK: requant -704 -> 0
// CHECK: requant 38400 -> 255
// CHECK: quantize 0.015625 -> 0
// CHECK: quantize 0.046875 -> 2
// CHECK: quantize -10 -> -127
