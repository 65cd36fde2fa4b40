//===- DeduplicateFunctions.cpp - merge identical private functions -------===//
//
// --fxp-deduplicate-functions: private functions that are the same but for
// their names become one. After fxp-outline-loop-nests, which passes the
// weights a nest reads as arguments, every layer of a model with the shapes
// and formats of an earlier one (the repeated blocks of MobileNetV2 and
// ResNet) calls the earlier one's kernel, which LLVM then compiles once.
//
//===----------------------------------------------------------------------===//

#include "fxp/Codegen/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AttrTypeSubElements.h"
#include "mlir/IR/OperationSupport.h"
#include "llvm/ADT/MapVector.h"

namespace mlir::fxp {
#define GEN_PASS_DEF_FXPDEDUPLICATEFUNCTIONS
#include "fxp/Codegen/Passes.h.inc"
} // namespace mlir::fxp

using namespace mlir;

/// A hash of what makes functions the same: their type, their attributes
/// other than the name and the argument attributes (which merge), and the
/// operations of their bodies, locations aside.
static llvm::hash_code hashFunction(func::FuncOp func) {
  llvm::hash_code hash = llvm::hash_combine(
      func.getFunctionType(), func->getDiscardableAttrDictionary(),
      func.getResAttrsAttr(), func.getNoInline());
  func.getBody().walk([&](Operation *op) {
    hash =
        llvm::hash_combine(hash, OperationEquivalence::computeHash(
                                     op, OperationEquivalence::ignoreHashValue,
                                     OperationEquivalence::ignoreHashValue,
                                     OperationEquivalence::IgnoreLocations));
  });
  return hash;
}

/// Whether `func` can serve wherever `other` is used.
static bool isSameFunction(func::FuncOp func, func::FuncOp other) {
  return func.getFunctionType() == other.getFunctionType() &&
         func->getDiscardableAttrDictionary() ==
             other->getDiscardableAttrDictionary() &&
         func.getResAttrsAttr() == other.getResAttrsAttr() &&
         func.getNoInline() == other.getNoInline() &&
         OperationEquivalence::isRegionEquivalentTo(
             &func.getBody(), &other.getBody(),
             OperationEquivalence::IgnoreLocations);
}

/// Keeps on `func`'s arguments only the attributes that `other`'s have too:
/// what holds for every call of either.
static void intersectArgAttrs(func::FuncOp func, func::FuncOp other) {
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i) {
    DictionaryAttr attrs = func.getArgAttrDict(i);
    if (!attrs)
      continue;
    DictionaryAttr otherAttrs = other.getArgAttrDict(i);
    SmallVector<NamedAttribute> common;
    for (NamedAttribute attr : attrs)
      if (otherAttrs && otherAttrs.get(attr.getName()) == attr.getValue())
        common.push_back(attr);
    func.setArgAttrs(i, common);
  }
}

namespace {
struct FXPDeduplicateFunctionsPass
    : fxp::impl::FXPDeduplicateFunctionsBase<FXPDeduplicateFunctionsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // The first function of each kind, by hash (functions of one hash are
    // compared in full), and the names of the others, which merge into it.
    llvm::MapVector<llvm::hash_code, SmallVector<func::FuncOp, 1>> kept;
    DenseMap<Attribute, Attribute> merged;
    SmallVector<func::FuncOp> erased;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (!func.isPrivate() || func.isExternal())
        continue;
      SmallVector<func::FuncOp, 1> &candidates = kept[hashFunction(func)];
      auto same = llvm::find_if(candidates, [&](func::FuncOp candidate) {
        return isSameFunction(candidate, func);
      });
      if (same == candidates.end()) {
        candidates.push_back(func);
        continue;
      }
      intersectArgAttrs(*same, func);
      merged[FlatSymbolRefAttr::get(func.getSymNameAttr())] =
          FlatSymbolRefAttr::get(same->getSymNameAttr());
      erased.push_back(func);
    }
    if (merged.empty())
      return markAllAnalysesPreserved();

    // One walk retargets every use (calls, and any other reference).
    AttrTypeReplacer replacer;
    replacer.addReplacement(
        [&](FlatSymbolRefAttr ref) -> std::optional<Attribute> {
          return merged.lookup(ref) ? merged.lookup(ref) : ref;
        });
    replacer.recursivelyReplaceElementsIn(module, /*replaceAttrs=*/true,
                                          /*replaceLocs=*/false,
                                          /*replaceTypes=*/false);
    for (func::FuncOp func : erased)
      func.erase();
  }
};
} // namespace
