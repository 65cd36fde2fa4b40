//===- Target.cpp - the targets of the code generator ---------------------===//

#include "fxp/Codegen/Target.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

using namespace mlir;
using namespace mlir::fxp;
using namespace mlir::fxp::codegen;

/// Every named target. Accumulators: 32 zmm hold 24 besides the weight
/// vectors and the broadcast activations; AVX2's 16 ymm hold 12 (with a
/// temporary per vpmaddwd); NEON's 32 q registers hold 16 besides a 128-bit
/// activation load per row. The tile shape within them is chosen per
/// contraction.
static const TargetDescription kTargets[] = {
    {"x86-64-v3", "x86_64-unknown-linux-gnu", "x86-64-v3", "",
     DotKind::X86Vpmaddwd, 256, 12, 8, 6, false},
    {"x86-64-v4", "x86_64-unknown-linux-gnu", "x86-64-v4", "",
     DotKind::X86Vpmaddwd, 512, 24, 12, 8, false},
    {"avx512vnni", "x86_64-unknown-linux-gnu", "x86-64-v4", "+avx512vnni",
     DotKind::X86Vpdpbusd, 512, 24, 12, 8, false},
    {"aarch64-neon", "aarch64-unknown-linux-gnu", "generic", "+neon",
     DotKind::ArmSmlal, 128, 16, 8, 8, false},
    {"aarch64-dotprod", "aarch64-unknown-linux-gnu", "generic",
     "+neon,+dotprod", DotKind::ArmDot, 128, 16, 8, 8, false},
    {"aarch64-i8mm", "aarch64-unknown-linux-gnu", "generic",
     "+neon,+dotprod,+i8mm", DotKind::ArmDot, 128, 16, 8, 8, true},
};

ArrayRef<StringRef> codegen::getTargetNames() {
  static const SmallVector<StringRef> names = [] {
    SmallVector<StringRef> result;
    for (const TargetDescription &target : kTargets)
      result.push_back(target.name);
    result.push_back("host");
    return result;
  }();
  return names;
}

/// The best named target the running CPU supports, tuned for it.
static std::optional<TargetDescription> getHostTarget() {
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  auto has = [&](StringRef feature) { return features.lookup(feature); };
  llvm::Triple host(llvm::sys::getProcessTriple());
  StringRef name;
  if (host.getArch() == llvm::Triple::x86_64) {
    if (has("avx512vnni") && has("avx512bw"))
      name = "avx512vnni";
    else if (has("avx512bw"))
      name = "x86-64-v4";
    else if (has("avx2"))
      name = "x86-64-v3";
  } else if (host.getArch() == llvm::Triple::aarch64) {
    if (has("i8mm") && has("dotprod"))
      name = "aarch64-i8mm";
    else if (has("dotprod"))
      name = "aarch64-dotprod";
    else
      name = "aarch64-neon";
  }
  if (name.empty())
    return std::nullopt;
  std::optional<TargetDescription> target = lookupTarget(name);
  target->cpu = llvm::sys::getHostCPUName();
  return target;
}

std::optional<TargetDescription> codegen::lookupTarget(StringRef name) {
  if (name == "host")
    return getHostTarget();
  for (const TargetDescription &target : kTargets)
    if (target.name == name)
      return target;
  return std::nullopt;
}

DotInstruction::~DotInstruction() = default;

std::unique_ptr<DotInstruction>
DotInstruction::create(const TargetDescription &target, FixedType input,
                       FixedType weight) {
  // 8-bit values in every kind's operands: weights signed (the weight operand
  // of vpdpbusd, sdot and usdot is), activations of either sign.
  if (input.getWidth() > 8 || weight.getWidth() > 8 || !weight.getIsSigned())
    return nullptr;
  if (target.isX86())
    return createX86Dot(target, input);
  return createAArch64Dot(target, input);
}

namespace {
/// vector.fma on f32 lanes, which every target has (LLVM selects
/// vfmadd231ps with an embedded broadcast of the activation, or fmla).
class FloatFma : public DotInstruction {
public:
  explicit FloatFma(unsigned lanes)
      : DotInstruction(/*groupSize=*/1, /*groupsPerLoad=*/1,
                       /*elementBits=*/32, lanes, /*activationOffset=*/0,
                       /*floating=*/true) {}

  Value loadActivations(OpBuilder &b, Location loc, Value buffer,
                        Value index) const override {
    Value scalar = memref::LoadOp::create(b, loc, buffer, index);
    return vector::BroadcastOp::create(
        b, loc, VectorType::get({lanes}, scalar.getType()), scalar);
  }
  Value dot(OpBuilder &b, Location loc, Value acc, Value activations, unsigned,
            Value weights) const override {
    return vector::FMAOp::create(b, loc, activations, weights, acc);
  }
  Value loadLaneActivations(OpBuilder &b, Location loc, Value buffer,
                            Value index) const override {
    return vector::LoadOp::create(
        b, loc, VectorType::get({lanes}, b.getF32Type()), buffer, index);
  }
  Value laneDot(OpBuilder &b, Location loc, Value acc, Value activations,
                Value weights) const override {
    return vector::FMAOp::create(b, loc, activations, weights, acc);
  }
};
} // namespace

std::unique_ptr<DotInstruction>
DotInstruction::createFloat(const TargetDescription &target) {
  return std::make_unique<FloatFma>(target.getLanes());
}
