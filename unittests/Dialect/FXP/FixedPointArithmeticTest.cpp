//===- FixedPointArithmeticTest.cpp - exact arithmetic helpers ------------===//
//
// Hand-computed cases for every rounding mode at ties and non-ties on both
// signs, overflow at the ends of each range, and float conversions.
//
//===----------------------------------------------------------------------===//

#include "fxp/Dialect/FXP/IR/FixedPointArithmetic.h"

#include "mlir/IR/MLIRContext.h"
#include "gtest/gtest.h"

#include <cmath>
#include <cstring>

using namespace mlir;
using namespace mlir::fxp;
using llvm::APFloat;
using llvm::APInt;

namespace {

class FixedPointArithmeticTest : public ::testing::Test {
protected:
  FixedPointArithmeticTest() { context.loadDialect<FXPDialect>(); }

  FixedType fixed(unsigned width, bool isSigned, int64_t fracLength) {
    return FixedType::get(&context, width, isSigned, fracLength);
  }

  static APInt exact(int64_t value) { return APInt(kExactBits, value, true); }

  MLIRContext context;
};

constexpr RoundingMode kModes[] = {RoundingMode::HalfEven, RoundingMode::HalfUp,
                                   RoundingMode::HalfAway, RoundingMode::Floor,
                                   RoundingMode::Trunc};

struct DivisionCase {
  int64_t numerator, denominator;
  // Expected quotient for half_even, half_up, half_away, floor, trunc.
  int64_t expected[5];
};

TEST_F(FixedPointArithmeticTest, RoundedDivideEveryModeTiesAndNonTies) {
  const DivisionCase cases[] = {
      {5, 2, {2, 3, 3, 2, 2}},       // +2.5: a tie below an odd integer
      {7, 2, {4, 4, 4, 3, 3}},       // +3.5: a tie below an even integer
      {-5, 2, {-2, -2, -3, -3, -2}}, // -2.5
      {-7, 2, {-4, -3, -4, -4, -3}}, // -3.5
      {1, 2, {0, 1, 1, 0, 0}},       // +0.5
      {-1, 2, {0, 0, -1, -1, 0}},    // -0.5
      {5, 4, {1, 1, 1, 1, 1}},       // +1.25
      {-5, 4, {-1, -1, -1, -2, -1}}, // -1.25
      {7, 4, {2, 2, 2, 1, 1}},       // +1.75
      {-7, 4, {-2, -2, -2, -2, -1}}, // -1.75
      {8, 4, {2, 2, 2, 2, 2}},       // exact
      {-8, 4, {-2, -2, -2, -2, -2}}, // exact negative
      {15, 6, {2, 3, 3, 2, 2}},      // +2.5 with a non-power-of-two divisor
      {-15, 6, {-2, -2, -3, -3, -2}},
      {100, 49, {2, 2, 2, 2, 2}}, // 2.04: a 7x7 average
  };
  for (const DivisionCase &c : cases)
    for (auto [i, mode] : llvm::enumerate(kModes))
      EXPECT_EQ(roundedDivide(exact(c.numerator), exact(c.denominator), mode)
                    .getSExtValue(),
                c.expected[i])
          << c.numerator << " / " << c.denominator << " with "
          << stringifyRoundingMode(mode).str();
}

TEST_F(FixedPointArithmeticTest, RescaleShiftsLeftExactlyAndRoundsRight) {
  EXPECT_EQ(rescale(exact(-3), 2, 5, RoundingMode::Floor).getSExtValue(), -24);
  // 0b1011 at FL 3 (1.375) to FL 1: 2.75 -> 3 with nearest modes.
  EXPECT_EQ(rescale(exact(11), 3, 1, RoundingMode::HalfEven).getSExtValue(), 3);
  EXPECT_EQ(rescale(exact(11), 3, 1, RoundingMode::Trunc).getSExtValue(), 2);
  // Shifting right by more than the width leaves the sign for floor.
  EXPECT_EQ(rescale(exact(-1), 100, 0, RoundingMode::Floor).getSExtValue(), -1);
  EXPECT_EQ(rescale(exact(-1), 100, 0, RoundingMode::HalfEven).getSExtValue(),
            0);
  // A shift of 192 (FL 128 -> -64) fits the exact width.
  APInt big = exact(1).shl(191);
  EXPECT_EQ(rescale(big, 128, -64, RoundingMode::HalfUp).getSExtValue(), 1);
  EXPECT_EQ(rescale(big, 128, -64, RoundingMode::HalfEven).getSExtValue(), 0);
}

TEST_F(FixedPointArithmeticTest, SaturationRangeIsSymmetric) {
  FixedType s8 = fixed(8, true, 0), u8 = fixed(8, false, 0);
  EXPECT_EQ(s8.getSaturationMax(16).getSExtValue(), 127);
  EXPECT_EQ(s8.getSaturationMin(16).getSExtValue(), -127);
  EXPECT_EQ(s8.getStorageMin(16).getSExtValue(), -128);
  EXPECT_EQ(u8.getSaturationMax(16).getSExtValue(), 255);
  EXPECT_EQ(u8.getSaturationMin(16).getSExtValue(), 0);
  FixedType s64 = fixed(64, true, 0), u64 = fixed(64, false, 0);
  EXPECT_EQ(s64.getSaturationMin(65).getSExtValue(), -INT64_MAX);
  EXPECT_TRUE(u64.getSaturationMax(65).trunc(64).isAllOnes());
}

TEST_F(FixedPointArithmeticTest, FitToFormatSaturatesAndWraps) {
  FixedType s8 = fixed(8, true, 0), u8 = fixed(8, false, 0);
  auto fit = [](int64_t v, FixedType t, OverflowMode m) {
    APInt r = fitToFormat(exact(v), t, m);
    return t.getIsSigned() ? r.getSExtValue() : (int64_t)r.getZExtValue();
  };
  EXPECT_EQ(fit(200, s8, OverflowMode::Saturate), 127);
  EXPECT_EQ(fit(-128, s8, OverflowMode::Saturate), -127);
  EXPECT_EQ(fit(-300, s8, OverflowMode::Saturate), -127);
  EXPECT_EQ(fit(-128, s8, OverflowMode::Wrap), -128);
  EXPECT_EQ(fit(200, s8, OverflowMode::Wrap), -56);
  EXPECT_EQ(fit(-1, u8, OverflowMode::Saturate), 0);
  EXPECT_EQ(fit(256, u8, OverflowMode::Saturate), 255);
  EXPECT_EQ(fit(-1, u8, OverflowMode::Wrap), 255);
  EXPECT_EQ(fit(300, u8, OverflowMode::Wrap), 44);
}

TEST_F(FixedPointArithmeticTest, CastIsF8NetRequantization) {
  // s32 at FL 11 -> u8 at FL 4: n = 7, round(q / 128), saturate to [0, 255].
  FixedType acc = fixed(32, true, 11), act = fixed(8, false, 4);
  auto cast = [&](int64_t q, RoundingMode mode) {
    return castStored(APInt(32, q, true), acc, act, mode,
                      OverflowMode::Saturate)
        .getZExtValue();
  };
  EXPECT_EQ(cast(64 + 128 * 5, RoundingMode::HalfEven), 6u); // 5.5 -> 6
  EXPECT_EQ(cast(64 + 128 * 6, RoundingMode::HalfEven), 6u); // 6.5 -> 6
  EXPECT_EQ(cast(64 + 128 * 6, RoundingMode::HalfUp), 7u);
  EXPECT_EQ(cast(-1000, RoundingMode::HalfEven), 0u);       // ReLU by range
  EXPECT_EQ(cast(128 * 300, RoundingMode::HalfEven), 255u); // saturates
  // The same signed format with saturate maps -2^(W-1) to -(2^(W-1)-1).
  FixedType s8 = fixed(8, true, 5);
  EXPECT_EQ(castStored(APInt(8, -128, true), s8, s8, RoundingMode::HalfEven,
                       OverflowMode::Saturate)
                .getSExtValue(),
            -127);
  EXPECT_EQ(castStored(APInt(8, -128, true), s8, s8, RoundingMode::HalfEven,
                       OverflowMode::Wrap)
                .getSExtValue(),
            -128);
}

TEST_F(FixedPointArithmeticTest, QuantizeRoundsOnceInEveryMode) {
  FixedType s8 = fixed(8, true, 1);
  struct Case {
    double value;
    int64_t expected[5];
  } cases[] = {
      {1.25, {2, 3, 3, 2, 2}}, // 2.5 at FL 1
      {1.75, {4, 4, 4, 3, 3}}, // 3.5
      {-1.25, {-2, -2, -3, -3, -2}},
      {-1.75, {-4, -3, -4, -4, -3}},
      {0.3, {1, 1, 1, 0, 0}},      // 0.6
      {-0.3, {-1, -1, -1, -1, 0}}, // -0.6
      {100.0, {127, 127, 127, 127, 127}},
      {-100.0, {-127, -127, -127, -127, -127}},
  };
  for (const Case &c : cases)
    for (auto [i, mode] : llvm::enumerate(kModes))
      EXPECT_EQ(
          quantizeFloat(APFloat(c.value), s8, mode, OverflowMode::Saturate)
              .getSExtValue(),
          c.expected[i])
          << c.value << " with " << stringifyRoundingMode(mode).str();
}

TEST_F(FixedPointArithmeticTest, QuantizeSpecialValues) {
  FixedType s8 = fixed(8, true, 5);
  auto q = [&](APFloat v, OverflowMode m) {
    return quantizeFloat(v, s8, RoundingMode::HalfEven, m).getSExtValue();
  };
  const auto &sem = APFloat::IEEEdouble();
  EXPECT_EQ(q(APFloat::getNaN(sem), OverflowMode::Saturate), 0);
  EXPECT_EQ(q(APFloat::getInf(sem), OverflowMode::Saturate), 127);
  EXPECT_EQ(q(APFloat::getInf(sem, true), OverflowMode::Saturate), -127);
  EXPECT_EQ(q(APFloat::getInf(sem), OverflowMode::Wrap), 0);
  EXPECT_EQ(q(APFloat::getLargest(sem), OverflowMode::Saturate), 127);
  // A huge finite value is a multiple of 2^8, so wrapping keeps zero bits.
  EXPECT_EQ(q(APFloat(1e300), OverflowMode::Wrap), 0);
  // 4.0 at FL 5 is 128: wraps to -128.
  EXPECT_EQ(q(APFloat(4.0), OverflowMode::Wrap), -128);
  // The smallest subnormal at FL -64 floors to -1 when negative.
  FixedType coarse = fixed(8, true, -64);
  EXPECT_EQ(quantizeFloat(APFloat::getSmallest(sem, true), coarse,
                          RoundingMode::Floor, OverflowMode::Saturate)
                .getSExtValue(),
            -1);
  EXPECT_EQ(quantizeFloat(APFloat::getSmallest(sem, true), coarse,
                          RoundingMode::HalfEven, OverflowMode::Saturate)
                .getSExtValue(),
            0);
}

TEST_F(FixedPointArithmeticTest, DequantizeRoundsOnce) {
  FixedType s8 = fixed(8, true, 5);
  EXPECT_EQ(dequantizeStored(APInt(8, -128, true), s8, APFloat::IEEEsingle())
                .convertToFloat(),
            -4.0f);
  // 2^24 + 1 is not an f32: it rounds to even.
  FixedType s32 = fixed(32, true, 0);
  EXPECT_EQ(
      dequantizeStored(APInt(32, (1 << 24) + 1), s32, APFloat::IEEEsingle())
          .convertToFloat(),
      16777216.0f);
  // 255 * 2^-64 stays exact in f64.
  FixedType u8 = fixed(8, false, 64);
  EXPECT_EQ(dequantizeStored(APInt(8, 255), u8, APFloat::IEEEdouble())
                .convertToDouble(),
            std::ldexp(255.0, -64));
}

TEST_F(FixedPointArithmeticTest, ClampBoundsRoundIntoTheFormat) {
  FixedType s8 = fixed(8, true, 4);
  auto [lo, hi] = getClampBounds(s8, 0.0, 6.0);
  EXPECT_EQ(lo.getSExtValue(), 0);
  EXPECT_EQ(hi.getSExtValue(), 96);
  auto [lo2, hi2] = getClampBounds(s8, std::nullopt, 100.0);
  EXPECT_EQ(lo2.getSExtValue(), -128); // no bound: the stored minimum
  EXPECT_EQ(hi2.getSExtValue(), 127);
  // A bound beyond the range is the stored end, not the saturated one.
  auto [lo4, hi4] = getClampBounds(s8, -100.0, 1e300);
  EXPECT_EQ(lo4.getSExtValue(), -128);
  EXPECT_EQ(hi4.getSExtValue(), 127);
  auto [lo5, hi5] = getClampBounds(s8, 1000.0, std::nullopt);
  EXPECT_EQ(lo5.getSExtValue(), 127);
  EXPECT_EQ(hi5.getSExtValue(), 127);
  auto [lo3, hi3] = getClampBounds(s8, 0.03125, 0.09375); // 0.5 and 1.5
  EXPECT_EQ(lo3.getSExtValue(), 0);                       // ties to even
  EXPECT_EQ(hi3.getSExtValue(), 2);
}

TEST_F(FixedPointArithmeticTest, ExactRepresentability) {
  EXPECT_TRUE(isExactlyRepresentable(fixed(8, true, 5), fixed(16, true, 7)));
  EXPECT_TRUE(isExactlyRepresentable(fixed(8, false, 5), fixed(9, true, 5)));
  EXPECT_FALSE(isExactlyRepresentable(fixed(8, true, 5), fixed(8, true, 4)));
  EXPECT_FALSE(isExactlyRepresentable(fixed(8, true, 5), fixed(16, false, 5)));
  // -128 does not fit the saturation range of s8 itself.
  EXPECT_FALSE(isExactlyRepresentable(fixed(8, true, 5), fixed(8, true, 5)));
  // ... and -128 << 8 does not fit s16's.
  EXPECT_FALSE(isExactlyRepresentable(fixed(8, true, 0), fixed(16, true, 8)));
  EXPECT_TRUE(isExactlyRepresentable(fixed(8, true, 0), fixed(16, true, 7)));
  // Wrapping keeps -2^(W-1): -128 << 8 is s16's storage minimum.
  EXPECT_TRUE(isExactlyRepresentable(fixed(8, true, 0), fixed(16, true, 8),
                                     OverflowMode::Wrap));
  EXPECT_TRUE(isExactlyRepresentable(fixed(8, true, 5), fixed(8, true, 5),
                                     OverflowMode::Wrap));
  EXPECT_FALSE(isExactlyRepresentable(fixed(8, true, 0), fixed(16, true, 9),
                                      OverflowMode::Wrap));
}

// The double-precision rounding and quantization that quantization takes for
// ordinary values agree with the arbitrary-precision ones on ties,
// near-ties, subnormals, values near 2^52 and random f32 values at every
// fractional length, in saturating and wrapping formats; where they cannot
// be exact they decline.
TEST_F(FixedPointArithmeticTest, DoubleQuantizationMatchesExact) {
  RoundingMode modes[] = {RoundingMode::HalfEven, RoundingMode::HalfUp,
                          RoundingMode::HalfAway, RoundingMode::Floor,
                          RoundingMode::Trunc};
  SmallVector<float> values = {0.0f,      -0.0f,       0.5f,    -0.5f,
                               1.5f,      -1.5f,       2.5f,    -2.5f,
                               0.4999f,   -0.50001f,   1e-45f,  -1e-45f,
                               3.0e38f,   -3.0e38f,    4.5e15f, 0x1.fffffep51f,
                               0x1p-149f, 0x1.8p-126f, 1e-10f,  -7.25f};
  uint32_t state = 12345;
  for (int i = 0; i < 2000; ++i) {
    state = state * 1664525u + 1013904223u;
    float v;
    uint32_t bits = state;
    std::memcpy(&v, &bits, sizeof(v));
    if (std::isfinite(v))
      values.push_back(v);
  }
  FixedType formats[] = {fixed(8, true, 0), fixed(8, false, 0),
                         fixed(16, true, 0), fixed(35, true, 0),
                         fixed(62, false, 0)};
  int fast = 0;
  for (float v : values)
    for (int64_t fracLength : {-64, -20, -1, 0, 1, 7, 8, 16, 31, 64})
      for (RoundingMode mode : modes) {
        APFloat value(v);
        std::optional<int64_t> rounded = roundScaledDouble(v, fracLength, mode);
        if (!rounded)
          continue;
        ++fast;
        APInt expected = roundScaledFloat(value, fracLength, mode);
        EXPECT_TRUE(expected.isSignedIntN(64));
        EXPECT_EQ(expected.sextOrTrunc(64).getSExtValue(), *rounded)
            << v << " at FL " << fracLength << " mode " << int(mode);
        for (FixedType format : formats)
          for (OverflowMode overflow :
               {OverflowMode::Saturate, OverflowMode::Wrap}) {
            FixedType to =
                fixed(format.getWidth(), format.getIsSigned(), fracLength);
            std::optional<uint64_t> stored =
                quantizeDouble(v, to, mode, overflow);
            ASSERT_TRUE(stored.has_value());
            EXPECT_EQ(fitToFormat(expected, to, overflow).getZExtValue(),
                      *stored)
                << v << " to width " << to.getWidth() << " FL " << fracLength
                << " mode " << int(mode);
          }
      }
  // Most values take the fast path; scaled values beyond 2^52 and scalings
  // that underflow double decline, as do formats wider than 62 bits.
  EXPECT_GT(fast, 20000);
  EXPECT_FALSE(roundScaledDouble(3.0e38, 64, RoundingMode::Floor));
  EXPECT_FALSE(roundScaledDouble(1e-45, -1100, RoundingMode::Floor));
  EXPECT_FALSE(roundScaledDouble(NAN, 0, RoundingMode::Floor));
  EXPECT_FALSE(quantizeDouble(1.0, fixed(64, true, 0), RoundingMode::Floor,
                              OverflowMode::Saturate));
}

} // namespace
