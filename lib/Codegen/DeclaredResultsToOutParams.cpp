//===- DeclaredResultsToOutParams.cpp - out-parameters of declarations ----===//
//
// --fxp-declared-results-to-out-params: upstream
// --buffer-results-to-out-params rewrites the functions with a body; a
// function declared here and defined in another module gets the same
// convention from this pass, so that caller and callee agree.
//
//===----------------------------------------------------------------------===//

#include "fxp/Codegen/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::fxp {
#define GEN_PASS_DEF_FXPDECLAREDRESULTSTOOUTPARAMS
#include "fxp/Codegen/Passes.h.inc"
} // namespace mlir::fxp

using namespace mlir;

/// Whether `type` can be an out-parameter that the caller allocates.
static bool isAllocatable(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  return memref && memref.hasStaticShape() && memref.getLayout().isIdentity();
}

namespace {
struct FXPDeclaredResultsToOutParamsPass
    : fxp::impl::FXPDeclaredResultsToOutParamsBase<
          FXPDeclaredResultsToOutParamsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (auto func : module.getOps<func::FuncOp>()) {
      FunctionType type = func.getFunctionType();
      if (!func.isExternal() || type.getNumResults() == 0 ||
          !llvm::all_of(type.getResults(), isAllocatable))
        continue;
      unsigned numInputs = type.getNumInputs();
      SmallVector<unsigned> positions(type.getNumResults(), numInputs);
      SmallVector<DictionaryAttr> attrs(type.getNumResults());
      SmallVector<Location> locs(type.getNumResults(), func.getLoc());
      if (failed(func.insertArguments(positions, type.getResults(), attrs,
                                      locs)) ||
          failed(func.eraseResults(
              llvm::BitVector(type.getNumResults(), /*t=*/true))))
        return signalPassFailure();
      std::optional<SymbolTable::UseRange> uses = func.getSymbolUses(module);
      if (!uses)
        continue;
      for (const SymbolTable::SymbolUse &use : *uses) {
        auto call = dyn_cast<func::CallOp>(use.getUser());
        if (!call) {
          use.getUser()->emitError("uses '")
              << func.getSymName()
              << "' other than by a call: its results cannot become "
                 "out-parameters";
          return signalPassFailure();
        }
        OpBuilder builder(call);
        SmallVector<Value> operands(call.getOperands());
        for (Type result : type.getResults())
          operands.push_back(memref::AllocOp::create(builder, call.getLoc(),
                                                     cast<MemRefType>(result)));
        func::CallOp::create(builder, call.getLoc(), func.getSymName(),
                             TypeRange(), operands);
        call.replaceAllUsesWith(
            ArrayRef(operands).take_back(type.getNumResults()));
        call.erase();
      }
    }
  }
};
} // namespace
