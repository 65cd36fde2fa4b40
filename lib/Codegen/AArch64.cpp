//===- AArch64.cpp - AArch64 dot-product instruction selection ------------===//
//
// One 128-bit load brings 16 bytes (4 groups of 4) of a row's activations;
// each group is used by element, which LLVM selects as the indexed form of
// sdot / sudot (`sdot v0.4s, v1.16b, v2.4b[j]`), so a row costs one load per
// four groups. Plain NEON widens to i16 and uses smlal by element.
//
//===----------------------------------------------------------------------===//

#include "fxp/Codegen/Target.h"

#include "fxp/Dialect/ISA/IR/ISA.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ArmNeon/ArmNeonDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::fxp;
using namespace mlir::fxp::codegen;

/// Lane `lane` of `vector` (of `lanes` lanes once reinterpreted as elements
/// of `laneBits` bits) repeated in every lane, reinterpreted back.
static Value splatLane(OpBuilder &b, Location loc, Value vector,
                       unsigned laneBits, unsigned lane) {
  auto type = cast<VectorType>(vector.getType());
  unsigned bits = type.getNumElements() * type.getElementTypeBitWidth();
  auto laneType =
      VectorType::get({bits / laneBits}, b.getIntegerType(laneBits));
  Value lanes = vector::BitCastOp::create(b, loc, laneType, vector);
  SmallVector<int64_t> mask(bits / laneBits, lane);
  Value splat = vector::ShuffleOp::create(b, loc, lanes, lanes, mask);
  return vector::BitCastOp::create(b, loc, type, splat);
}

namespace {
/// sdot (s8 x s8; u8 activations are staged -128) or, with i8mm, sudot
/// (s8 weights x u8 activations by element).
class ArmDot final : public DotInstruction {
public:
  ArmDot(FixedType input, bool mixedSign)
      : DotInstruction(/*groupSize=*/4, /*groupsPerLoad=*/4,
                       /*elementBits=*/8, /*lanes=*/4,
                       activationOffsetFor(input, mixedSign)),
        useMixedSign(mixedSign && !input.getIsSigned()) {}

  Value loadActivations(OpBuilder &b, Location loc, Value buffer,
                        Value index) const override {
    return vector::LoadOp::create(b, loc, VectorType::get({16}, b.getI8Type()),
                                  buffer, index);
  }

  Value dot(OpBuilder &b, Location loc, Value acc, Value activations,
            unsigned group, Value weights) const override {
    return laneDot(b, loc, acc, splatLane(b, loc, activations, 32, group),
                   weights);
  }

  Value loadLaneActivations(OpBuilder &b, Location loc, Value buffer,
                            Value index) const override {
    // Each byte zero-extended into its lane: the byte, then three zeros,
    // which the weights' zeros multiply whatever their sign.
    Value bytes = vector::LoadOp::create(
        b, loc, VectorType::get({4}, b.getI8Type()), buffer, index);
    Value wide = arith::ExtUIOp::create(
        b, loc, VectorType::get({4}, b.getI32Type()), bytes);
    return vector::BitCastOp::create(
        b, loc, VectorType::get({16}, b.getI8Type()), wide);
  }

  Value laneDot(OpBuilder &b, Location loc, Value acc, Value activations,
                Value weights) const override {
    if (useMixedSign)
      return fxp_isa::UsdotOp::create(b, loc, acc.getType(), acc, activations,
                                      weights);
    return arm_neon::SdotOp::create(b, loc, acc.getType(), acc, weights,
                                    activations);
  }

private:
  /// u8 activations fit sdot's signed operand only shifted by -128 (unless
  /// usdot takes them as they are); narrower ones fit as they are.
  static int64_t activationOffsetFor(FixedType input, bool mixedSign) {
    if (input.getIsSigned() || mixedSign || input.getWidth() < 8)
      return 0;
    return -128;
  }

  bool useMixedSign;
};

/// smlal by element on i16-widened activations and weights.
class ArmSmlal final : public DotInstruction {
public:
  ArmSmlal()
      : DotInstruction(/*groupSize=*/1, /*groupsPerLoad=*/8,
                       /*elementBits=*/16, /*lanes=*/4,
                       /*activationOffset=*/0) {}

  Value loadActivations(OpBuilder &b, Location loc, Value buffer,
                        Value index) const override {
    return vector::LoadOp::create(b, loc, VectorType::get({8}, b.getI16Type()),
                                  buffer, index);
  }

  Value dot(OpBuilder &b, Location loc, Value acc, Value activations,
            unsigned group, Value weights) const override {
    SmallVector<int64_t> mask(4, group);
    return laneDot(
        b, loc, acc,
        vector::ShuffleOp::create(b, loc, activations, activations, mask),
        weights);
  }

  Value loadLaneActivations(OpBuilder &b, Location loc, Value buffer,
                            Value index) const override {
    return vector::LoadOp::create(b, loc, VectorType::get({4}, b.getI16Type()),
                                  buffer, index);
  }

  Value laneDot(OpBuilder &b, Location loc, Value acc, Value activations,
                Value weights) const override {
    auto wideType = VectorType::get({4}, b.getI32Type());
    Value product = arith::MulIOp::create(
        b, loc, arith::ExtSIOp::create(b, loc, wideType, weights),
        arith::ExtSIOp::create(b, loc, wideType, activations));
    return arith::AddIOp::create(b, loc, acc, product);
  }
};
} // namespace

std::unique_ptr<DotInstruction>
codegen::createAArch64Dot(const TargetDescription &target, FixedType input) {
  switch (target.dot) {
  case DotKind::ArmDot:
    return std::make_unique<ArmDot>(input, target.hasMixedSignDot);
  case DotKind::ArmSmlal:
    return std::make_unique<ArmSmlal>();
  default:
    return nullptr;
  }
}
