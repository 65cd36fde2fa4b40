//===- FracLengthRulesTest.cpp - the fractional-length rules --------------===//
//
// Hand-computed cases of F8Net's std rule on both sides of its thresholds,
// the minmax rule, and the mse rule over values and over statistics.
//
//===----------------------------------------------------------------------===//

#include "fxp/Dialect/FXP/Transforms/FracLengthRules.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace mlir::fxp;

namespace {

TEST(FracLengthRulesTest, ParsesAndPrintsRuleNames) {
  for (FracLengthRule rule :
       {FracLengthRule::Std, FracLengthRule::Mse, FracLengthRule::MinMax})
    EXPECT_EQ(parseFracLengthRule(stringifyFracLengthRule(rule)), rule);
  EXPECT_FALSE(parseFracLengthRule("median"));
}

TEST(FracLengthRulesTest, StdRuleThresholds) {
  auto fl = [](double sigma, unsigned width, bool isSigned) {
    return getStdRuleFracLength(sigma, width, isSigned, 40.0, 70.0);
  };
  // Signed 8 bits: FL 7 up to sigma = 40/128, then 6.
  EXPECT_EQ(fl(0.3125, 8, true), 7);
  EXPECT_EQ(fl(0.3126, 8, true), 6);
  EXPECT_EQ(fl(0.625, 8, true), 6);
  EXPECT_EQ(fl(0.6251, 8, true), 5);
  // Unsigned 8 bits: FL 8 up to sigma = 70/256.
  EXPECT_EQ(fl(70.0 / 256, 8, false), 8);
  EXPECT_EQ(fl(0.2735, 8, false), 7);
  // Clamped ends, and sigma = 0.
  EXPECT_EQ(fl(1000.0, 8, true), 0);
  EXPECT_EQ(fl(1e-9, 8, true), 7);
  EXPECT_EQ(fl(0.0, 8, false), 8);
  // 16 bits scale the constant by 2^8: the same clipping point, 8 more bits.
  EXPECT_EQ(fl(0.3125, 16, true), 15);
  EXPECT_EQ(fl(0.3126, 16, true), 14);
}

TEST(FracLengthRulesTest, MinMaxRule) {
  EXPECT_EQ(getMinMaxFracLength(1.0, 8, true), 6);  // 127 / 1 -> 2^6
  EXPECT_EQ(getMinMaxFracLength(0.99, 8, true), 7); // 128.3 -> 2^7
  EXPECT_EQ(getMinMaxFracLength(1.0, 8, false), 7); // 255 -> 2^7
  EXPECT_EQ(getMinMaxFracLength(1000.0, 8, true), -3);
  EXPECT_EQ(getMinMaxFracLength(0.0, 8, true), 7);
}

TEST(FracLengthRulesTest, MseRuleOverValues) {
  // +-1 fit exactly at FL 6 and saturate at FL 7.
  double values[] = {1.0, -1.0, 0.001};
  double ones[] = {1.0, 1.0, 1.0};
  EXPECT_EQ(getWeightedMseFracLength(values, ones, 8, true), 6);
  EXPECT_EQ(getWeightedQuantizationRms(values, ones, 8, true, 6),
            std::sqrt(0.001 * 0.001 / 3));
  // Values on the grid of the top FL: it wins, with zero error.
  double fine[] = {0.25, -0.5, 0.75};
  EXPECT_EQ(getWeightedMseFracLength(fine, ones, 8, true), 7);
  EXPECT_EQ(getWeightedQuantizationRms(fine, ones, 8, true, 7), 0.0);
}

TEST(FracLengthRulesTest, ClippedNormalModel) {
  llvm::SmallVector<double> points, weights;
  sampleClippedNormal(0.0, 1.0, -2.0, 2.0, points, weights);
  ASSERT_FALSE(points.empty());
  EXPECT_GE(points.front(), -2.0);
  EXPECT_LE(points.back(), 2.0);
  // A unit normal clipped at +-2, s8: FL 6 (range +-1.98, step 1/64) clips
  // almost nothing and has half FL 5's step; FL 7 (+-0.99) clips a third.
  EXPECT_EQ(getWeightedMseFracLength(points, weights, 8, true), 6);
  EXPECT_LT(getWeightedQuantizationRms(points, weights, 8, true, 6),
            getWeightedQuantizationRms(points, weights, 8, true, 5));
  // No spread: a single point.
  sampleClippedNormal(0.5, 0.0, 0.5, 0.5, points, weights);
  EXPECT_EQ(points.size(), 1u);
  EXPECT_EQ(points.front(), 0.5);
}

} // namespace
