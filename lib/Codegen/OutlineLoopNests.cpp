//===- OutlineLoopNests.cpp - one function per top-level loop nest --------===//
//
// --fxp-outline-loop-nests: each operation with regions at the top of a
// function's body moves into a private, non-inlined function of its own.
// LLVM's loop analyses are superlinear in the size of a function (scalar
// evolution walks the dominating blocks for every guard query), so a model
// lowered as one function of tens of thousands of instructions compiles
// several times slower than the same code in one function per loop nest.
//
//===----------------------------------------------------------------------===//

#include "fxp/Codegen/Passes.h"

#include "fxp/Codegen/Outlining.h"

#include "mlir/Dialect/LLVMIR/LLVMAttrs.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::fxp {
#define GEN_PASS_DEF_FXPOUTLINELOOPNESTS
#include "fxp/Codegen/Passes.h.inc"
} // namespace mlir::fxp

using namespace mlir;

/// Whether `value` is recreated inside the outlined function instead of
/// being passed to it: a constant. (A global's address is passed, so that
/// nests that differ only in the weights they read are the same function.)
static bool isRematerializable(Value value) {
  Operation *def = value.getDefiningOp();
  return def && def->getNumOperands() == 0 && def->getNumRegions() == 0 &&
         def->hasTrait<OpTrait::ConstantLike>();
}

/// Whether `value` can be an argument of the outlined function under every
/// calling convention the lowering uses: memrefs need a static shape,
/// strides and offset to be passed as a bare pointer.
static bool isPassable(Value value) {
  if (isa<UnrankedMemRefType>(value.getType()))
    return false;
  auto memref = dyn_cast<MemRefType>(value.getType());
  if (!memref)
    return true;
  SmallVector<int64_t> strides;
  int64_t offset;
  return memref.hasStaticShape() &&
         succeeded(memref.getStridesAndOffset(strides, offset)) &&
         ShapedType::isStatic(offset) &&
         llvm::all_of(strides, ShapedType::isStatic);
}

namespace {
/// What a memref may touch: bytes of the allocation it views, when known.
struct Footprint {
  /// The allocation (a function-local `memref.alloc` or `memref.alloca`),
  /// or null when it is not known to be one.
  Value allocation;
  /// Bytes [first, last) of it, or the whole allocation.
  std::optional<std::pair<int64_t, int64_t>> bytes;
  /// Whether it views an argument of the function or a global: memory from
  /// outside, which no allocation of the function overlaps.
  bool outside = false;
  /// Whether it views a constant global, which nothing writes.
  bool constant = false;
};
} // namespace

/// The footprint of `memref`: through views that stay within their source
/// (subviews, casts, reshapes) to a `memref.view` with a constant shift (the
/// arena views of fxp-plan-buffers) and on to the allocation or global.
static Footprint getFootprint(Value memref, SymbolTable &symbols) {
  Footprint footprint;
  Value value = memref;
  while (Operation *def = value.getDefiningOp()) {
    if (isa<memref::AllocOp, memref::AllocaOp>(def)) {
      footprint.allocation = value;
      return footprint;
    }
    if (auto getGlobal = dyn_cast<memref::GetGlobalOp>(def)) {
      auto global = symbols.lookup<memref::GlobalOp>(getGlobal.getName());
      footprint.outside = true;
      footprint.constant = global && global.getConstant();
      return footprint;
    }
    if (auto view = dyn_cast<memref::ViewOp>(def)) {
      std::optional<int64_t> shift = getConstantIntValue(view.getByteShift());
      MemRefType type = view.getType();
      if (!footprint.bytes && shift && type.hasStaticShape() &&
          type.getElementType().isIntOrFloat() &&
          type.getElementTypeBitWidth() % 8 == 0)
        footprint.bytes = {*shift, *shift + type.getNumElements() *
                                                type.getElementTypeBitWidth() /
                                                8};
      value = view.getSource();
      continue;
    }
    if (!isa<memref::SubViewOp, memref::CastOp, memref::ExpandShapeOp,
             memref::CollapseShapeOp>(def))
      return {};
    value = def->getOperand(0);
  }
  footprint.outside = isa<func::FuncOp>(value.getParentBlock()->getParentOp());
  return footprint;
}

/// Whether `other` may overlap `candidate`, a view of an allocation.
static bool mayOverlap(const Footprint &candidate, const Footprint &other) {
  if (other.outside)
    return false;
  if (!other.allocation)
    return true;
  if (other.allocation != candidate.allocation)
    return false;
  if (!candidate.bytes || !other.bytes)
    return true;
  return candidate.bytes->first < other.bytes->second &&
         other.bytes->first < candidate.bytes->second;
}

/// Moves `op` into a new function named `name` and calls it in its place.
static LogicalResult outline(IRRewriter &rewriter, Operation *op,
                             StringRef name, SymbolTable &symbols) {
  // Constants are recreated inside rather than passed.
  FailureOr<std::pair<func::FuncOp, func::CallOp>> outlinedAndCall =
      fxp::outlineOperations(rewriter, op, name, isRematerializable,
                             isPassable);
  if (failed(outlinedAndCall))
    return failure();
  func::FuncOp outlined = outlinedAndCall->first;
  func::CallOp call = outlinedAndCall->second;
  // Private to the module and never inlined back: inlining would recreate
  // the one large function this pass exists to avoid.
  MLIRContext *ctx = rewriter.getContext();
  outlined.setPrivate();
  outlined->setAttr("llvm.linkage",
                    LLVM::LinkageAttr::get(ctx, LLVM::Linkage::Internal));
  outlined->setAttr("passthrough",
                    rewriter.getArrayAttr(rewriter.getStringAttr("noinline")));
  symbols.insert(outlined);

  // A buffer of the function's own that no other argument overlaps is
  // `noalias`: LLVM may then keep values in registers across stores and
  // vectorize without overlap checks, as it could before outlining when it
  // saw the views' common base and offsets. So is a constant global: memory
  // that nothing writes aliases harmlessly. (Arguments of the enclosing
  // function may be one buffer passed twice: they are left alone.) The
  // call's operands are the enclosing function's values, one per argument.
  SmallVector<Footprint> footprints;
  for (Value value : call.getOperands())
    footprints.push_back(isa<MemRefType>(value.getType())
                             ? getFootprint(value, symbols)
                             : Footprint());
  for (size_t i = 0; i < footprints.size(); ++i) {
    const Footprint &footprint = footprints[i];
    bool noAlias = footprint.constant;
    if (footprint.allocation)
      noAlias = llvm::none_of(llvm::seq(footprints.size()), [&](size_t j) {
        return j != i && isa<MemRefType>(call.getOperand(j).getType()) &&
               mayOverlap(footprint, footprints[j]);
      });
    if (noAlias)
      outlined.setArgAttr(i, LLVM::LLVMDialect::getNoAliasAttrName(),
                          UnitAttr::get(ctx));
  }

  return success();
}

namespace {
struct FXPOutlineLoopNestsPass
    : fxp::impl::FXPOutlineLoopNestsBase<FXPOutlineLoopNestsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    IRRewriter rewriter(&getContext());
    // The functions as they were: the outlined ones are not revisited.
    SmallVector<func::FuncOp> functions(module.getOps<func::FuncOp>());
    for (func::FuncOp func : functions) {
      // Only a function's single block runs each operation once.
      if (func.isExternal() || !func.getBody().hasOneBlock())
        continue;
      SmallVector<Operation *> nests;
      for (Operation &op : func.getBody().front().without_terminator())
        if (op.getNumRegions() != 0)
          nests.push_back(&op);
      unsigned index = 0;
      for (Operation *nest : nests) {
        std::string name;
        do
          name = (func.getSymName() + "_nest" + Twine(index++)).str();
        while (symbols.lookup(name));
        // A nest that cannot be passed its values stays where it is.
        (void)outline(rewriter, nest, name, symbols);
      }
    }
  }
};
} // namespace
