//===- ISA.cpp - the fxp_isa dialect --------------------------------------===//

#include "fxp/Dialect/ISA/IR/ISA.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::fxp_isa;

#include "fxp/Dialect/ISA/IR/ISADialect.cpp.inc"
#include "fxp/Dialect/ISA/IR/ISAInterfaces.cpp.inc"

#define GET_OP_CLASSES
#include "fxp/Dialect/ISA/IR/ISA.cpp.inc"

void ISADialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "fxp/Dialect/ISA/IR/ISA.cpp.inc"
      >();
}

StringRef VpdpbusdOp::getIntrinsicName() {
  return "llvm.x86.avx512.vpdpbusd.512";
}

LogicalResult PmaddwdOp::verify() {
  if (getLhs().getType().getNumElements() !=
      2 * getResult().getType().getNumElements())
    return emitOpError("result must have half as many lanes as the operands");
  return success();
}

StringRef PmaddwdOp::getIntrinsicName() {
  return getResult().getType().getNumElements() == 16
             ? "llvm.x86.avx512.pmaddw.d.512"
             : "llvm.x86.avx2.pmadd.wd";
}

StringRef UsdotOp::getIntrinsicName() { return "llvm.aarch64.neon.usdot"; }
