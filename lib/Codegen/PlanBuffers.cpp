//===- PlanBuffers.cpp - one arena for a function's temporary buffers -----===//
//
// --fxp-plan-buffers: the statically shaped buffers that a function
// allocates and frees in its body become views of one arena at offsets
// chosen by their lifetimes (first fit), allocated once per call. A model's
// dozens of activation and staging buffers otherwise cost a malloc and a
// free each; large ones are mapped and unmapped by the C library on every
// call, and each first touch of their pages faults (for ResNet-18, three
// quarters of the run time). One allocation of the arena's size is kept by
// the C library between calls, and buffers whose lifetimes do not overlap
// share memory that is still in cache.
//
//===----------------------------------------------------------------------===//

#include "fxp/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/Support/MathExtras.h"

namespace mlir::fxp {
#define GEN_PASS_DEF_FXPPLANBUFFERS
#include "fxp/Codegen/Passes.h.inc"
} // namespace mlir::fxp

using namespace mlir;

namespace {
/// A buffer the arena can hold: its allocation, its deallocation, and its
/// lifetime as positions in the function's block: from its allocation to the
/// last use of it or of any value that may alias it (deallocations come at
/// the end of the block, wherever the last use is).
struct PlannedBuffer {
  memref::AllocOp alloc;
  memref::DeallocOp dealloc;
  int64_t start, end, bytes, offset = 0;
};
} // namespace

/// The bytes of a buffer of `type`, when its elements are whole bytes in
/// memory as in a vector (not, e.g., i33).
static std::optional<int64_t> getBufferBytes(MemRefType type) {
  if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
      type.getMemorySpace())
    return std::nullopt;
  Type element = type.getElementType();
  if (!element.isIntOrFloat())
    return std::nullopt;
  unsigned bits = element.getIntOrFloatBitWidth();
  if (bits < 8 || !llvm::isPowerOf2_32(bits))
    return std::nullopt;
  return type.getNumElements() * (bits / 8);
}

constexpr int64_t kAlignment = 64;

/// The position of the last op of `block` that uses `buffer` or a memref
/// that an op using it returns (a view, a loop's result), other than its
/// deallocation.
static int64_t getLastUse(Value buffer, Block &block,
                          const DenseMap<Operation *, int64_t> &positions) {
  int64_t last = 0;
  SmallVector<Value> aliases = {buffer};
  DenseSet<Value> seen = {buffer};
  while (!aliases.empty()) {
    Value alias = aliases.pop_back_val();
    for (Operation *user : alias.getUsers()) {
      if (isa<memref::DeallocOp>(user))
        continue;
      Operation *top = block.findAncestorOpInBlock(*user);
      if (!top)
        return positions.size();
      last = std::max(last, positions.lookup(top));
      for (Value result : top->getResults())
        if (isa<BaseMemRefType>(result.getType()) && seen.insert(result).second)
          aliases.push_back(result);
      if (top != user)
        for (Value result : user->getResults())
          if (isa<BaseMemRefType>(result.getType()) &&
              seen.insert(result).second)
            aliases.push_back(result);
    }
  }
  return last;
}

static void planBuffers(func::FuncOp func) {
  if (!func.getBody().hasOneBlock())
    return;
  Block &block = func.getBody().front();
  DenseMap<Operation *, int64_t> positions;
  int64_t position = 0;
  for (Operation &op : block)
    positions[&op] = position++;

  SmallVector<PlannedBuffer> buffers;
  for (auto alloc : block.getOps<memref::AllocOp>()) {
    std::optional<int64_t> bytes = getBufferBytes(alloc.getType());
    if (!bytes || *bytes == 0)
      continue;
    // Exactly one deallocation, in this block: the buffer does not escape.
    memref::DeallocOp dealloc;
    bool single = true;
    for (Operation *user : alloc->getUsers())
      if (auto candidate = dyn_cast<memref::DeallocOp>(user)) {
        single &= !dealloc && candidate->getBlock() == &block;
        dealloc = candidate;
      }
    if (!dealloc || !single)
      continue;
    buffers.push_back({alloc, dealloc, positions[alloc],
                       getLastUse(alloc, block, positions),
                       int64_t(llvm::alignTo(*bytes, kAlignment))});
  }
  if (buffers.size() < 2)
    return;

  // First fit in the order of allocation, among the buffers still live.
  int64_t arenaBytes = 0;
  SmallVector<PlannedBuffer *> live;
  for (PlannedBuffer &buffer : buffers) {
    llvm::erase_if(
        live, [&](PlannedBuffer *other) { return other->end < buffer.start; });
    llvm::sort(live, [](PlannedBuffer *a, PlannedBuffer *b) {
      return a->offset < b->offset;
    });
    int64_t offset = 0;
    for (PlannedBuffer *other : live) {
      if (other->offset - offset >= buffer.bytes)
        break;
      offset = std::max(offset, other->offset + other->bytes);
    }
    buffer.offset = offset;
    arenaBytes = std::max(arenaBytes, offset + buffer.bytes);
    live.push_back(&buffer);
  }

  OpBuilder builder(func.getContext());
  Location loc = func.getLoc();
  builder.setInsertionPointToStart(&block);
  auto arenaType = MemRefType::get({arenaBytes}, builder.getI8Type());
  Value arena = memref::AllocOp::create(builder, loc, arenaType,
                                        builder.getI64IntegerAttr(kAlignment));
  for (PlannedBuffer &buffer : buffers) {
    builder.setInsertionPoint(buffer.alloc);
    Value offset = arith::ConstantIndexOp::create(
        builder, buffer.alloc.getLoc(), buffer.offset);
    Value view = memref::ViewOp::create(builder, buffer.alloc.getLoc(),
                                        buffer.alloc.getType(), arena, offset,
                                        ValueRange());
    buffer.dealloc->erase();
    buffer.alloc.replaceAllUsesWith(view);
    buffer.alloc->erase();
  }
  builder.setInsertionPoint(block.getTerminator());
  memref::DeallocOp::create(builder, loc, arena);
}

namespace {
struct FXPPlanBuffersPass : fxp::impl::FXPPlanBuffersBase<FXPPlanBuffersPass> {
  void runOnOperation() override { planBuffers(getOperation()); }
};
} // namespace
