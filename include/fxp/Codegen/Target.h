//===- Target.h - what the code generator knows of a CPU --------*- C++ -*-===//
//
// The fast lowering is one code generator driven by data: a target
// description says how wide the vectors are, how many accumulators fit in the
// registers, which instruction multiplies 8-bit values, and how LLVM names the
// target. Everything else (activation staging, weight packing, tiling, the
// fused epilogue) is shared; only DotInstruction's implementations are
// per instruction set.
//
//===----------------------------------------------------------------------===//

#ifndef FXP_CODEGEN_TARGET_H
#define FXP_CODEGEN_TARGET_H

#include "fxp/Dialect/FXP/IR/FXP.h"
#include "mlir/IR/Builders.h"

#include <memory>

namespace mlir::fxp::codegen {

/// The instruction family that multiplies activations and weights into
/// 32-bit lanes. (Float contractions use a vector FMA on every target; see
/// DotInstruction::createFloat.)
enum class DotKind {
  /// AVX512-VNNI vpdpbusd: u8 x s8, 4 products per i32 lane.
  X86Vpdpbusd,
  /// vpmaddwd on activations and weights widened to i16: 2 products per
  /// lane, never saturating (AVX2, AVX-512 without VNNI).
  X86Vpmaddwd,
  /// Arm dot product: sdot (s8 x s8), and usdot (u8 x s8) with i8mm; 4
  /// products per lane.
  ArmDot,
  /// Plain NEON smlal on i16-widened values, one product per lane.
  ArmSmlal,
};

struct TargetDescription {
  /// The name users pass as `target=`.
  StringRef name;
  /// LLVM's target triple, CPU and feature string for the generated code.
  StringRef triple, cpu, features;
  DotKind dot;
  /// Vector register width in bits, and i32 lanes per vector.
  unsigned vectorBits;
  /// Accumulator vectors a micro-kernel keeps in registers.
  unsigned accumulatorRegisters;
  /// Most output rows (pixels) per micro-kernel tile.
  unsigned maxRowTile;
  /// Most column vectors per tile (for few rows).
  unsigned maxColumnVectors;
  /// Whether the mixed-sign u8 x s8 dot (usdot) exists.
  bool hasMixedSignDot;

  unsigned getLanes() const { return vectorBits / 32; }
  bool isX86() const { return triple.starts_with("x86_64"); }
};

/// The target named `name`; `host` is the running CPU. Null when unknown.
std::optional<TargetDescription> lookupTarget(StringRef name);

/// The names `lookupTarget` knows, for diagnostics and --help.
ArrayRef<StringRef> getTargetNames();

/// How one target's instruction multiplies a group of activations by a group
/// of weights into each 32-bit lane and adds the accumulator. The shared code
/// generator stages activations and packs weights in the layout it asks for.
/// The same generator runs float models (calibration, float builds) with an
/// f32 FMA as its instruction: groups of one element, f32 lanes.
class DotInstruction {
public:
  virtual ~DotInstruction();

  /// Products summed into each i32 lane by one instruction: activations and
  /// weights are consumed in groups of this many reduction elements.
  unsigned getGroupSize() const { return groupSize; }
  /// Groups one activation load covers: 1 (a broadcast per group) or more
  /// (one vector load whose groups are used lane by lane).
  unsigned getGroupsPerLoad() const { return groupsPerLoad; }
  /// The element type of staged activations and packed weights.
  Type getElementType(MLIRContext *ctx) const {
    if (floating)
      return Float32Type::get(ctx);
    return IntegerType::get(ctx, elementBits);
  }
  /// The type of the accumulator lanes: i32, or f32 for a float FMA.
  Type getAccumulatorType(MLIRContext *ctx) const {
    if (floating)
      return Float32Type::get(ctx);
    return IntegerType::get(ctx, 32);
  }
  bool isFloat() const { return floating; }
  unsigned getLanes() const { return lanes; }

  /// What staging adds to each stored activation so that it suits the
  /// instruction's operand signedness (e.g. +128 moves s8 into vpdpbusd's
  /// unsigned operand, -128 moves u8 into sdot's signed one; 0: nothing).
  /// The kernel subtracts offset * (column sum of the weights) in its
  /// initial accumulators.
  int64_t getActivationOffset() const { return activationOffset; }
  /// Whether staging widens activations (and packing weights) to
  /// `getElementType`.
  bool widens() const { return !floating && elementBits > 8; }

  /// Loads `getGroupsPerLoad()` groups of activations starting at element
  /// `index` of the 1-D staged buffer `buffer`.
  virtual Value loadActivations(OpBuilder &b, Location loc, Value buffer,
                                Value index) const = 0;
  /// `acc` plus the products of group `group` of `activations` (as loaded)
  /// with `weights`: lanes * groupSize elements, lane-major.
  virtual Value dot(OpBuilder &b, Location loc, Value acc, Value activations,
                    unsigned group, Value weights) const = 0;

  /// For depthwise convolutions, whose lanes are channels: loads `lanes`
  /// consecutive staged activations at `index`, each alone in its lane's
  /// group (the group's other elements zero).
  virtual Value loadLaneActivations(OpBuilder &b, Location loc, Value buffer,
                                    Value index) const = 0;
  /// `acc` plus, lane by lane, the products of `activations` (as
  /// loadLaneActivations loads them) with `weights` (one weight per lane, in
  /// its group's first element, the others zero).
  virtual Value laneDot(OpBuilder &b, Location loc, Value acc,
                        Value activations, Value weights) const = 0;

  /// The instruction `target` uses for activations of format `input` times
  /// weights of format `weight`; null when it cannot take them.
  static std::unique_ptr<DotInstruction>
  create(const TargetDescription &target, FixedType input, FixedType weight);
  /// The f32 multiply-add of `target`'s vectors (vector.fma: vfmadd231ps,
  /// fmla): one broadcast activation times a vector of weights per step.
  static std::unique_ptr<DotInstruction>
  createFloat(const TargetDescription &target);

protected:
  DotInstruction(unsigned groupSize, unsigned groupsPerLoad,
                 unsigned elementBits, unsigned lanes, int64_t activationOffset,
                 bool floating = false)
      : groupSize(groupSize), groupsPerLoad(groupsPerLoad),
        elementBits(elementBits), lanes(lanes),
        activationOffset(activationOffset), floating(floating) {}

  unsigned groupSize, groupsPerLoad, elementBits, lanes;
  int64_t activationOffset;
  bool floating;
};

/// The x86 and AArch64 instruction selection behind DotInstruction::create.
std::unique_ptr<DotInstruction> createX86Dot(const TargetDescription &target,
                                             FixedType input);
std::unique_ptr<DotInstruction>
createAArch64Dot(const TargetDescription &target, FixedType input);

} // namespace mlir::fxp::codegen

#endif // FXP_CODEGEN_TARGET_H
