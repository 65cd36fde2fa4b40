// RUN: fxp-opt %s | fxp-opt | FileCheck %s
// RUN: fxp-opt %s --mlir-print-op-generic | fxp-opt | FileCheck %s

// CHECK-LABEL: func @ops
// CHECK: fxp_isa.vpdpbusd %{{.*}}, %{{.*}}, %{{.*}} : vector<64xi8> -> vector<16xi32>
// CHECK: fxp_isa.pmaddwd %{{.*}}, %{{.*}} : vector<16xi16> -> vector<8xi32>
// CHECK: fxp_isa.pmaddwd %{{.*}}, %{{.*}} : vector<32xi16> -> vector<16xi32>
// CHECK: fxp_isa.usdot %{{.*}}, %{{.*}}, %{{.*}} : vector<16xi8> -> vector<4xi32>
func.func @ops(%acc: vector<16xi32>, %a: vector<64xi8>, %b: vector<64xi8>,
               %h: vector<16xi16>, %z: vector<32xi16>,
               %acc4: vector<4xi32>, %q: vector<16xi8>) -> (vector<16xi32>, vector<8xi32>, vector<16xi32>, vector<4xi32>) {
  %0 = fxp_isa.vpdpbusd %acc, %a, %b : vector<64xi8> -> vector<16xi32>
  %1 = fxp_isa.pmaddwd %h, %h : vector<16xi16> -> vector<8xi32>
  %2 = fxp_isa.pmaddwd %z, %z : vector<32xi16> -> vector<16xi32>
  %3 = fxp_isa.usdot %acc4, %q, %q : vector<16xi8> -> vector<4xi32>
  return %0, %1, %2, %3 : vector<16xi32>, vector<8xi32>, vector<16xi32>, vector<4xi32>
}
