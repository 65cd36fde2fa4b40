//===- OutlineParts.cpp - a model function in consecutive parts -----------===//
//
// --fxp-outline-parts: the largest function of the module is cut into runs
// of consecutive operations, each but the first moved into a public
// function of its own, so that the parts can be lowered and compiled in
// separate modules on separate threads.
//
//===----------------------------------------------------------------------===//

#include "fxp/Codegen/Passes.h"

#include "fxp/Codegen/Outlining.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::fxp {
#define GEN_PASS_DEF_FXPOUTLINEPARTS
#include "fxp/Codegen/Passes.h.inc"
} // namespace mlir::fxp

using namespace mlir;

/// The number of operations in `func`, nested ones included.
static int64_t countOperations(func::FuncOp func) {
  int64_t count = 0;
  func.getBody().walk([&](Operation *) { ++count; });
  return count;
}

namespace {
struct FXPOutlinePartsPass
    : fxp::impl::FXPOutlinePartsBase<FXPOutlinePartsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    func::FuncOp largest;
    int64_t largestCount = 0;
    for (auto func : module.getOps<func::FuncOp>()) {
      int64_t count = func.isExternal() ? 0 : countOperations(func);
      if (count > largestCount) {
        largest = func;
        largestCount = count;
      }
    }
    // Only a function's single block runs each operation once, in order.
    if (!largest || !largest.getBody().hasOneBlock())
      return;

    // Constants, and what is computed from them alone, are recomputed in
    // every part that reads them; the other operations are cut.
    llvm::SmallPtrSet<Operation *, 32> constantExpressions;
    auto isConstantExpression = [&](Value value) {
      Operation *def = value.getDefiningOp();
      return def && constantExpressions.contains(def);
    };
    SmallVector<Operation *> cut;
    for (Operation &op : largest.getBody().front().without_terminator()) {
      if (op.getNumRegions() == 0 && isMemoryEffectFree(&op) &&
          llvm::all_of(op.getOperands(), isConstantExpression))
        constantExpressions.insert(&op);
      else
        cut.push_back(&op);
    }

    SymbolTable symbols(module);
    IRRewriter rewriter(&getContext());
    int64_t count = std::min<int64_t>(parts, cut.size());
    for (int64_t part = 1; part < count; ++part) {
      ArrayRef<Operation *> ops = ArrayRef(cut).slice(
          cut.size() * part / count,
          cut.size() * (part + 1) / count - cut.size() * part / count);
      std::string name;
      unsigned suffix = 0;
      do
        name = (largest.getSymName() + ".part" + Twine(part) +
                (suffix ? "_" + Twine(suffix) : Twine()))
                   .str();
      while (symbols.lookup(name) && ++suffix);
      FailureOr<std::pair<func::FuncOp, func::CallOp>> outlined =
          fxp::outlineOperations(rewriter, ops, name, isConstantExpression,
                                 [](Value) { return true; });
      if (failed(outlined))
        return signalPassFailure();
      func::FuncOp function = outlined->first;
      function->setAttr("fxp.part", rewriter.getUnitAttr());
      symbols.insert(function);
    }
    // The constants that only moved parts read.
    for (Operation &op :
         llvm::make_early_inc_range(llvm::reverse(largest.getBody().front())))
      if (constantExpressions.contains(&op) && op.use_empty())
        rewriter.eraseOp(&op);
  }
};
} // namespace
