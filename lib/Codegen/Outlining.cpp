//===- Outlining.cpp - operations into a function of their own ------------===//

#include "fxp/Codegen/Outlining.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/RegionUtils.h"

using namespace mlir;

FailureOr<std::pair<func::FuncOp, func::CallOp>>
mlir::fxp::outlineOperations(RewriterBase &rewriter, ArrayRef<Operation *> ops,
                             StringRef name,
                             function_ref<bool(Value)> isRematerializable,
                             function_ref<bool(Value)> isPassable) {
  Operation *first = ops.front();
  Block *block = first->getBlock();
  Location loc = first->getLoc();
  llvm::SmallPtrSet<Operation *, 16> moving(ops.begin(), ops.end());
  auto isMoving = [&](Operation *op) {
    Operation *ancestor = block->findAncestorOpInBlock(*op);
    return ancestor && moving.contains(ancestor);
  };

  // The values the operations read from elsewhere, and those they define
  // that others read.
  SetVector<Value> captures;
  for (Operation *op : ops) {
    SetVector<Value> read(op->operand_begin(), op->operand_end());
    for (Region &region : op->getRegions())
      getUsedValuesDefinedAbove(region, read);
    for (Value value : read) {
      Operation *def = value.getDefiningOp();
      if (!def || !isMoving(def))
        captures.insert(value);
    }
  }
  if (!llvm::all_of(captures, [&](Value value) {
        return isRematerializable(value) || isPassable(value);
      }))
    return failure();
  SmallVector<Value> results;
  for (Operation *op : ops)
    for (Value result : op->getResults())
      if (llvm::any_of(result.getUsers(),
                       [&](Operation *user) { return !isMoving(user); }))
        results.push_back(result);

  // The operations in a region whose block yields those values, the form
  // that upstream's outlining takes.
  rewriter.setInsertionPoint(first);
  auto wrapper = scf::ExecuteRegionOp::create(rewriter, loc,
                                              ValueRange(results).getTypes());
  for (auto [result, replacement] : llvm::zip(results, wrapper.getResults()))
    rewriter.replaceUsesWithIf(result, replacement, [&](OpOperand &use) {
      return !isMoving(use.getOwner());
    });
  Block *body = rewriter.createBlock(&wrapper.getRegion());
  for (Operation *op : ops)
    rewriter.moveOpBefore(op, body, body->end());
  rewriter.setInsertionPointToEnd(body);
  scf::YieldOp::create(rewriter, loc, results);

  // Rematerializable values are recomputed inside, with what they are
  // computed from.
  rewriter.setInsertionPointToStart(body);
  IRMapping mapping;
  std::function<void(Value)> rematerialize = [&](Value value) {
    if (mapping.contains(value))
      return;
    Operation *def = value.getDefiningOp();
    for (Value operand : def->getOperands())
      rematerialize(operand);
    rewriter.clone(*def, mapping);
  };
  for (Value value : captures) {
    if (!isRematerializable(value))
      continue;
    rematerialize(value);
    rewriter.replaceUsesWithIf(
        value, mapping.lookup(value), [&](OpOperand &use) {
          return wrapper->isProperAncestor(use.getOwner());
        });
  }

  func::CallOp call;
  FailureOr<func::FuncOp> outlined =
      outlineSingleBlockRegion(rewriter, loc, wrapper.getRegion(), name, &call);
  if (failed(outlined))
    return failure();

  // The wrapper now holds the call: put it in the wrapper's place.
  Block &callBlock = wrapper.getRegion().front();
  Operation *yield = callBlock.getTerminator();
  SmallVector<Value> replacements(yield->getOperands());
  rewriter.eraseOp(yield);
  rewriter.inlineBlockBefore(&callBlock, wrapper);
  rewriter.replaceOp(wrapper, replacements);
  return std::make_pair(*outlined, call);
}
