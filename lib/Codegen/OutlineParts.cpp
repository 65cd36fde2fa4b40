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
#include "fxp/Dialect/FXP/IR/FXP.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
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

/// Whether `op` is a contraction, whose result the kernel generator fuses
/// with the epilogue that follows it.
static bool isContraction(Operation *op) {
  return isa<fxp::ContractionOpInterface, tosa::Conv2DOp, tosa::Conv3DOp,
             tosa::DepthwiseConv2DOp, tosa::TransposeConv2DOp, tosa::MatMulOp>(
      op);
}

/// The indices into `ops` (a block's operations in order) before which a
/// part may start: at a contraction, with no other contraction's result
/// read on both sides. A cut anywhere else would part a contraction from
/// its epilogue (bias, residual add, activation, requantization), which
/// the kernels fuse: the accumulators would cross as wide tensors and the
/// epilogue run on its own.
static SmallVector<size_t> getCutPositions(ArrayRef<Operation *> ops) {
  DenseMap<Operation *, size_t> index;
  for (auto [i, op] : llvm::enumerate(ops))
    index[op] = i;
  // For each contraction, the last operation that reads its result.
  SmallVector<std::pair<size_t, size_t>> contractionUses;
  for (auto [i, op] : llvm::enumerate(ops)) {
    if (!isContraction(op))
      continue;
    size_t last = i;
    for (Operation *user : op->getUsers())
      if (Operation *ancestor = op->getBlock()->findAncestorOpInBlock(*user))
        if (auto it = index.find(ancestor); it != index.end())
          last = std::max(last, it->second);
    contractionUses.push_back({i, last});
  }
  SmallVector<size_t> positions;
  for (auto [i, op] : llvm::enumerate(ops))
    if (i > 0 && isContraction(op) &&
        llvm::none_of(contractionUses, [&, i = i](auto defAndLast) {
          return defAndLast.first < i && i <= defAndLast.second;
        }))
      positions.push_back(i);
  return positions;
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

    // The part boundaries: the allowed positions nearest to equal shares
    // of the operations.
    SmallVector<size_t> positions = getCutPositions(cut);
    SmallVector<size_t> bounds = {0};
    for (unsigned part = 1; part < parts; ++part) {
      size_t target = cut.size() * part / parts;
      std::optional<size_t> nearest;
      for (size_t position : positions)
        if (position > bounds.back() &&
            (!nearest || llvm::AbsoluteDifference(position, target) <
                             llvm::AbsoluteDifference(*nearest, target)))
          nearest = position;
      if (nearest)
        bounds.push_back(*nearest);
    }
    bounds.push_back(cut.size());

    SymbolTable symbols(module);
    IRRewriter rewriter(&getContext());
    for (size_t part = 1; part + 1 < bounds.size(); ++part) {
      ArrayRef<Operation *> ops =
          ArrayRef(cut).slice(bounds[part], bounds[part + 1] - bounds[part]);
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
      function->setAttr(fxp::kPartAttrName, rewriter.getUnitAttr());
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
