//===- FracLengthRulesTest.cpp - the fractional-length rules --------------===//
//
// Hand-computed cases of F8Net's std rule on both sides of its thresholds
// and its ranges, the minmax rule, and the mse rule and the quantization
// error over values, histograms and statistics.
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
  auto fl = [](double sigma, unsigned width, bool isSigned,
               StdRange range = StdRange::Auto) {
    return getStdRuleFracLength(sigma, /*maxAbs=*/1.0, width, isSigned, 40.0,
                                70.0, getStdRuleRange(range, width, isSigned));
  };
  // Signed 8 bits: FL 7 up to sigma = 40/128, then 6.
  EXPECT_EQ(fl(0.3125, 8, true), 7);
  EXPECT_EQ(fl(0.3126, 8, true), 6);
  EXPECT_EQ(fl(0.625, 8, true), 6);
  EXPECT_EQ(fl(0.6251, 8, true), 5);
  // Unsigned 8 bits: FL 8 up to sigma = 70/256.
  EXPECT_EQ(fl(70.0 / 256, 8, false), 8);
  EXPECT_EQ(fl(0.2735, 8, false), 7);
  // F8Net's top at 8 bits (auto), but not its bottom, which would clip
  // a large sigma; F8Net's whole clamp, and none.
  EXPECT_EQ(fl(1e-9, 8, true), 7);
  EXPECT_EQ(fl(1000.0, 8, true), -5); // log2(0.04) = -4.6
  EXPECT_EQ(fl(1000.0, 8, true, StdRange::F8Net), 0);
  EXPECT_EQ(fl(1000.0, 8, true, StdRange::Type), -5);
  EXPECT_EQ(fl(0.01, 8, true, StdRange::Type), 11); // log2(4000) = 11.97
  // Without a spread: the largest FL in range that holds the largest value.
  EXPECT_EQ(fl(0.0, 8, false), 7);
  // 16 bits scale the constant by 2^8: the same clipping point, 8 more bits;
  // no clamp under auto away from 8 bits (F8Net's would be W-1 = 15).
  EXPECT_EQ(fl(0.3125, 16, true), 15);
  EXPECT_EQ(fl(0.3126, 16, true), 14);
  EXPECT_EQ(fl(0.01, 16, true), 19);
  EXPECT_EQ(fl(0.01, 16, true, StdRange::F8Net), 15);
  // 4 bits: a weight sigma of 0.02 (40/16 / 0.02 = 125) gets FL 6, not the
  // clamp's 3 at which every such weight would round to zero.
  EXPECT_EQ(fl(0.02, 4, true), 6);
  EXPECT_EQ(fl(0.02, 4, true, StdRange::F8Net), 3);
}

TEST(FracLengthRulesTest, ParsesStdRanges) {
  EXPECT_EQ(parseStdRange("auto"), StdRange::Auto);
  EXPECT_EQ(parseStdRange("f8net"), StdRange::F8Net);
  EXPECT_EQ(parseStdRange("type"), StdRange::Type);
  EXPECT_FALSE(parseStdRange("none"));
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
  ValueDistribution values = ValueDistribution::fromValues({1.0, -1.0, 0.001});
  EXPECT_EQ(getMseFracLength(values, 8, true), 6);
  QuantizationError error = values.getQuantizationError(8, true, 6);
  EXPECT_DOUBLE_EQ(error.meanSquare, 0.001 * 0.001 / 3);
  EXPECT_EQ(error.clippedFraction, 0.0);
  // At FL 7 (up to 127/128), +-1 saturate by 1/128, more than half a step.
  error = values.getQuantizationError(8, true, 7);
  EXPECT_DOUBLE_EQ(error.clippedFraction, 2.0 / 3);
  EXPECT_DOUBLE_EQ(error.clippingMeanSquare, 2.0 / 3 / 128 / 128);
  // Values on a grid finer than F8Net's top FL: the search goes beyond it.
  ValueDistribution fine =
      ValueDistribution::fromValues({0.0625, -0.03125, 0.015625});
  EXPECT_EQ(getMseFracLength(fine, 8, true), 10);
  EXPECT_EQ(fine.getQuantizationError(8, true, 10).meanSquare, 0.0);
  // Large values: below FL 0.
  ValueDistribution large = ValueDistribution::fromValues({300.0, -200.0});
  EXPECT_EQ(getMseFracLength(large, 8, true), -2);
  // Small weights at 4 bits: F8Net's top, FL 3 (steps of 1/8), rounds all
  // but 0.1 to zero; FL 6 (steps of 1/64, up to 7/64) holds them all, with
  // a hundredth of the error.
  ValueDistribution small =
      ValueDistribution::fromValues({0.05, -0.03, 0.02, -0.06, 0.1});
  EXPECT_EQ(getMseFracLength(small, 4, true), 6);
  EXPECT_GT(small.getQuantizationError(4, true, 3).meanSquare,
            100 * small.getQuantizationError(4, true, 6).meanSquare);
}

TEST(FracLengthRulesTest, HistogramIsADensity) {
  // Pixels k/255 in 128 bins over [0, 1]: the bin centres (2i + 1) / 256 lie
  // on the grid of u8 FL 8, yet the values do not. Spread over their bins,
  // they quantize with the error of a uniform density, step^2 / 12.
  llvm::SmallVector<int64_t> counts(128, 10);
  ValueDistribution pixels = ValueDistribution::fromHistogram(0, 1, counts);
  QuantizationError error = pixels.getQuantizationError(8, false, 8);
  double step = 1.0 / 256;
  EXPECT_GT(error.meanSquare, 0.0);
  // Near step^2 / 12; 1.0 saturates to 255/256.
  EXPECT_NEAR(error.meanSquare, step * step / 12, 0.05 * step * step);
  // The values above 255/256 + half a step: a quarter of the last bin.
  EXPECT_NEAR(error.clippedFraction, 0.25 / 128, 1e-12);
  EXPECT_NEAR(pixels.getMeanSquare(), 1.0 / 3, 1e-12);
}

TEST(FracLengthRulesTest, ClippedNormalModel) {
  // A unit normal clipped at +-2, s8: FL 6 (range +-1.98, step 1/64) clips
  // almost nothing and has half FL 5's step; FL 7 (+-0.99) clips a third.
  ValueDistribution normal =
      ValueDistribution::fromClippedNormal(0.0, 1.0, -2.0, 2.0);
  EXPECT_DOUBLE_EQ(normal.getMaxAbs(), 2.0);
  EXPECT_EQ(getMseFracLength(normal, 8, true), 6);
  EXPECT_LT(normal.getQuantizationError(8, true, 6).meanSquare,
            normal.getQuantizationError(8, true, 5).meanSquare);
  EXPECT_NEAR(normal.getQuantizationError(8, true, 7).clippedFraction, 0.3,
              0.05);
  // No spread: a single value.
  ValueDistribution point =
      ValueDistribution::fromClippedNormal(0.5, 0.0, 0.5, 0.5);
  EXPECT_TRUE(point.isExact());
  EXPECT_EQ(point.getMaxAbs(), 0.5);
}

} // namespace
