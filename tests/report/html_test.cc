// Escaping, number formatting and plot ticks.
#include "report/html.h"

#include <gtest/gtest.h>

#include <cmath>

#include "report/svg_chart.h"

namespace tv::report {
namespace {

TEST(EscapeHtml, EscapesMarkupAndQuotes) {
  EXPECT_EQ(EscapeHtml("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;");
  EXPECT_EQ(EscapeHtml("plain text"), "plain text");
}

TEST(EscapeHtml, KeepsValidUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(EscapeHtml("\xC3\xA9t\xC3\xA9 \xE2\x86\x92"), "\xC3\xA9t\xC3\xA9 \xE2\x86\x92");
  EXPECT_EQ(EscapeHtml(std::string("a\xFF"
                                   "b",
                                   3)),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(EscapeHtml(std::string("a\0b", 3)),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(EscapeHtml("\xE2\x86"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // a truncated sequence
}

TEST(Format, NumbersForPeople) {
  EXPECT_EQ(Fixed(1.03149, 3), "1.031");
  EXPECT_EQ(Fixed(std::nan(""), 3), "n/a");
  EXPECT_EQ(Count(1234567), "1,234,567");
  EXPECT_EQ(Count(-1000), "-1,000");
  EXPECT_EQ(Count(999), "999");
  EXPECT_EQ(Duration(42), "42 s");
  EXPECT_EQ(Duration(330), "5.5 min");
  EXPECT_EQ(Duration(9000), "2.5 h");
}

TEST(NiceTicks, StepsOfOneTwoOrFive) {
  EXPECT_EQ(NiceTicks(0, 10, 5), (std::vector<double>{0, 2, 4, 6, 8, 10}));
  const auto ticks = NiceTicks(0.97, 1.13, 6);  // a step of 0.0267 rounds up to 0.05
  ASSERT_EQ(ticks.size(), 3u);
  EXPECT_NEAR(ticks[0], 1.0, 1e-12);
  EXPECT_NEAR(ticks[1], 1.05, 1e-12);
  EXPECT_NEAR(ticks[2], 1.10, 1e-12);
  EXPECT_EQ(NiceTicks(0.97, 1.13, 8).size(), 8u);  // 0.98 .. 1.12 by 0.02
  EXPECT_TRUE(NiceTicks(1, 1, 5).empty());
  EXPECT_EQ(TickLabel(1.04, 0.02), "1.04");
  EXPECT_EQ(TickLabel(20, 5), "20");
}

}  // namespace
}  // namespace tv::report
