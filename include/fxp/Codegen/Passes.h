//===- Passes.h - fxp code generation passes --------------------*- C++ -*-===//

#ifndef FXP_CODEGEN_PASSES_H
#define FXP_CODEGEN_PASSES_H

#include "fxp/Dialect/ISA/IR/ISA.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ArmNeon/ArmNeonDialect.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::fxp {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "fxp/Codegen/Passes.h.inc"

} // namespace mlir::fxp

#endif // FXP_CODEGEN_PASSES_H
