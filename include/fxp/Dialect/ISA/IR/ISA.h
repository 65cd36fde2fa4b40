//===- ISA.h - the fxp_isa dialect ------------------------------*- C++ -*-===//

#ifndef FXP_DIALECT_ISA_IR_ISA_H
#define FXP_DIALECT_ISA_IR_ISA_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "fxp/Dialect/ISA/IR/ISADialect.h.inc"
#include "fxp/Dialect/ISA/IR/ISAInterfaces.h.inc"

#define GET_OP_CLASSES
#include "fxp/Dialect/ISA/IR/ISA.h.inc"

#endif // FXP_DIALECT_ISA_IR_ISA_H
