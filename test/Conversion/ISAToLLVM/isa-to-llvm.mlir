// RUN: fxp-opt %s --convert-fxp-isa-to-llvm | FileCheck %s

// Each fxp_isa op becomes the call of its LLVM intrinsic on the same
// vectors; the width of vpmaddwd picks the intrinsic.
// CHECK-LABEL: func @ops
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"(%{{.*}}, %{{.*}}, %{{.*}}) : (vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32>
// CHECK: llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"(%{{.*}}, %{{.*}}) : (vector<16xi16>, vector<16xi16>) -> vector<8xi32>
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.pmaddw.d.512"(%{{.*}}, %{{.*}}) : (vector<32xi16>, vector<32xi16>) -> vector<16xi32>
// CHECK: llvm.call_intrinsic "llvm.aarch64.neon.usdot"(%{{.*}}, %{{.*}}, %{{.*}}) : (vector<4xi32>, vector<16xi8>, vector<16xi8>) -> vector<4xi32>
// CHECK-NOT: fxp_isa
func.func @ops(%acc: vector<16xi32>, %a: vector<64xi8>, %h: vector<16xi16>,
               %z: vector<32xi16>, %acc4: vector<4xi32>, %q: vector<16xi8>) -> (vector<16xi32>, vector<8xi32>, vector<16xi32>, vector<4xi32>) {
  %0 = fxp_isa.vpdpbusd %acc, %a, %a : vector<64xi8> -> vector<16xi32>
  %1 = fxp_isa.pmaddwd %h, %h : vector<16xi16> -> vector<8xi32>
  %2 = fxp_isa.pmaddwd %z, %z : vector<32xi16> -> vector<16xi32>
  %3 = fxp_isa.usdot %acc4, %q, %q : vector<16xi8> -> vector<4xi32>
  return %0, %1, %2, %3 : vector<16xi32>, vector<8xi32>, vector<16xi32>, vector<4xi32>
}
