//===- X86.cpp - x86 dot-product instruction selection --------------------===//
//
// vpdpbusd (AVX512-VNNI) multiplies unsigned by signed bytes, 4 products per
// i32 lane. Without VNNI, vpmaddubsw would saturate (255 * 127 * 2 > 32767),
// so activations and weights are widened to i16 and vpmaddwd sums pairs of
// exact products into i32 lanes. Both take one activation group broadcast
// to every lane. LLVM 22 selects neither from generic vector IR; the kernels
// use fxp_isa ops, which become the intrinsics.
//
//===----------------------------------------------------------------------===//

#include "fxp/Codegen/Target.h"

#include "fxp/Dialect/ISA/IR/ISA.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::fxp;
using namespace mlir::fxp::codegen;

/// Loads `groupSize` elements of `buffer` at `index` as one i32 and
/// broadcasts it to `lanes` lanes, reinterpreted as elements of the buffer's
/// type (LLVM folds the load into vpbroadcastd).
static Value broadcastGroup(OpBuilder &b, Location loc, Value buffer,
                            Value index, unsigned groupSize, unsigned lanes) {
  Type element = cast<MemRefType>(buffer.getType()).getElementType();
  Value group = vector::LoadOp::create(
      b, loc, VectorType::get({groupSize}, element), buffer, index);
  Value word = vector::ExtractOp::create(
      b, loc,
      vector::BitCastOp::create(b, loc, VectorType::get({1}, b.getI32Type()),
                                group),
      ArrayRef<int64_t>{0});
  Value splat = vector::BroadcastOp::create(
      b, loc, VectorType::get({lanes}, b.getI32Type()), word);
  return vector::BitCastOp::create(
      b, loc, VectorType::get({lanes * groupSize}, element), splat);
}

/// `lanes` staged elements at `index`, each zero-extended into its own i32
/// lane, reinterpreted as `groupSize` elements per lane: the element, then
/// zeros. (Zero extension keeps the element's bits whatever the instruction
/// reads them as, since the weights' other elements are zero.)
static Value loadIntoLanes(OpBuilder &b, Location loc, Value buffer,
                           Value index, unsigned groupSize, unsigned lanes) {
  Type element = cast<MemRefType>(buffer.getType()).getElementType();
  Value values = vector::LoadOp::create(
      b, loc, VectorType::get({lanes}, element), buffer, index);
  Value wide = arith::ExtUIOp::create(
      b, loc, VectorType::get({lanes}, b.getI32Type()), values);
  return vector::BitCastOp::create(
      b, loc, VectorType::get({lanes * groupSize}, element), wide);
}

namespace {
/// An x86 dot instruction: it loads one group per lane, so that depthwise
/// kernels use it as it is, with each channel's element first in its group.
class X86Dot : public DotInstruction {
public:
  using DotInstruction::DotInstruction;

  Value loadActivations(OpBuilder &b, Location loc, Value buffer,
                        Value index) const final {
    return broadcastGroup(b, loc, buffer, index, groupSize, lanes);
  }

  Value loadLaneActivations(OpBuilder &b, Location loc, Value buffer,
                            Value index) const final {
    return loadIntoLanes(b, loc, buffer, index, groupSize, lanes);
  }

  Value laneDot(OpBuilder &b, Location loc, Value acc, Value activations,
                Value weights) const final {
    return dot(b, loc, acc, activations, 0, weights);
  }
};

/// vpdpbusd: u8 activations (s8 ones are staged +128) times s8 weights.
class Vpdpbusd final : public X86Dot {
public:
  explicit Vpdpbusd(FixedType input)
      : X86Dot(/*groupSize=*/4, /*groupsPerLoad=*/1,
               /*elementBits=*/8, /*lanes=*/16, input.getIsSigned() ? 128 : 0) {
  }

  Value dot(OpBuilder &b, Location loc, Value acc, Value activations, unsigned,
            Value weights) const override {
    return fxp_isa::VpdpbusdOp::create(b, loc, acc.getType(), acc, activations,
                                       weights);
  }
};

/// vpmaddwd on i16-widened values: exact pairs of products, any signs.
class Vpmaddwd final : public X86Dot {
public:
  explicit Vpmaddwd(unsigned lanes)
      : X86Dot(/*groupSize=*/2, /*groupsPerLoad=*/1,
               /*elementBits=*/16, lanes, /*activationOffset=*/0) {}

  Value dot(OpBuilder &b, Location loc, Value acc, Value activations, unsigned,
            Value weights) const override {
    Value pairs =
        fxp_isa::PmaddwdOp::create(b, loc, acc.getType(), activations, weights);
    return arith::AddIOp::create(b, loc, acc, pairs);
  }
};
} // namespace

std::unique_ptr<DotInstruction>
codegen::createX86Dot(const TargetDescription &target, FixedType input) {
  switch (target.dot) {
  case DotKind::X86Vpdpbusd:
    return std::make_unique<Vpdpbusd>(input);
  case DotKind::X86Vpmaddwd:
    return std::make_unique<Vpmaddwd>(target.getLanes());
  default:
    return nullptr;
  }
}
