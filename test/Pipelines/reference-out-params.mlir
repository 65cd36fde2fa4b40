// RUN: fxp-opt %s --fxp-reference-to-llvm | FileCheck %s --check-prefix=RESULT
// RUN: fxp-opt %s --fxp-reference-to-llvm=out-params=true | FileCheck %s --check-prefix=OUT

// By default a lowered function allocates its result; with out-params=true
// the caller passes the result buffer (a second memref descriptor) and the
// function allocates nothing.

func.func @requant(%x: tensor<4xi8>) -> tensor<4xi8> {
  %a = fxp.bitcast %x : tensor<4xi8> -> tensor<4x!fxp.fixed<s8, 2>>
  %b = fxp.cast %a : tensor<4x!fxp.fixed<s8, 2>> -> tensor<4x!fxp.fixed<s8, 1>>
  %c = fxp.bitcast %b : tensor<4x!fxp.fixed<s8, 1>> -> tensor<4xi8>
  return %c : tensor<4xi8>
}

// RESULT: llvm.func @requant(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64) -> !llvm.struct
// RESULT: llvm.call @malloc

// OUT: llvm.func @requant(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64) {
// OUT-NOT: malloc
// OUT: llvm.return
// OUT-NOT: malloc
