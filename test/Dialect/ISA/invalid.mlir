// RUN: fxp-opt %s -split-input-file -verify-diagnostics

func.func @pmaddwd_lanes(%h: vector<16xi16>) -> vector<16xi32> {
  // expected-error @below {{result must have half as many lanes as the operands}}
  %0 = fxp_isa.pmaddwd %h, %h : vector<16xi16> -> vector<16xi32>
  return %0 : vector<16xi32>
}

// -----

func.func @vpdpbusd_width(%acc: vector<8xi32>, %a: vector<32xi8>) -> vector<8xi32> {
  // expected-error @below {{operand #0 must be vector of 32-bit signless integer values of length 16}}
  %0 = fxp_isa.vpdpbusd %acc, %a, %a : vector<32xi8> -> vector<8xi32>
  return %0 : vector<8xi32>
}

// -----

func.func @usdot_element(%acc: vector<4xi32>, %a: vector<8xi16>) -> vector<4xi32> {
  // expected-error @below {{operand #1 must be vector of 8-bit signless integer values of length 16}}
  %0 = fxp_isa.usdot %acc, %a, %a : vector<8xi16> -> vector<4xi32>
  return %0 : vector<4xi32>
}
