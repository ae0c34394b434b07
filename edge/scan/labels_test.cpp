#include "edge/scan/labels.h"

#include <gtest/gtest.h>

#include "edge/scan/results.h"

namespace jxc::scan {
namespace {

TEST(Patterns, StarCapturesTheMiddle) {
  std::string cap;
  EXPECT_TRUE(match_pattern("LOC:*", "LOC:A-01", &cap));
  EXPECT_EQ(cap, "A-01");
  EXPECT_TRUE(match_pattern("B*#", "BA-01#", &cap));
  EXPECT_EQ(cap, "A-01");
  EXPECT_FALSE(match_pattern("LOC:*", "LOC:", &cap));  // '*' stands for something
  EXPECT_FALSE(match_pattern("LOC:*", "XLOC:A", &cap));
  EXPECT_TRUE(match_pattern("%UNDO", "%UNDO", &cap));
  EXPECT_FALSE(match_pattern("%UNDO", "%UNDO2", &cap));
}

TEST(Patterns, BadPatternsAreNamed) {
  EXPECT_EQ(check_pattern(""), "a pattern may not be empty");
  EXPECT_EQ(check_pattern("A*B*"), "at most one '*' per pattern");
  EXPECT_TRUE(check_pattern("*")->find("every scan") != std::string::npos);
  EXPECT_FALSE(check_pattern("LOC:*"));
}

TEST(Classify, CommandsDocumentsBinsAndEverythingElse) {
  LabelPatterns p;
  EXPECT_EQ(classify(p, "%PICK").kind, Label::Kind::mode);
  EXPECT_EQ(classify(p, "%PICK").mode, Mode::pick);
  EXPECT_EQ(classify(p, "%COUNT").mode, Mode::count);
  EXPECT_EQ(classify(p, "%UNDO").kind, Label::Kind::undo);
  EXPECT_EQ(classify(p, "%FINISH").kind, Label::Kind::finish);
  auto q = classify(p, "%QTY:12");
  EXPECT_EQ(q.kind, Label::Kind::quantity);
  EXPECT_EQ(q.qty, 12);
  EXPECT_EQ(classify(p, "%QTY:0").qty, 0);
  EXPECT_EQ(classify(p, "%QTY:1x").qty, 0);
  EXPECT_EQ(classify(p, "%QTY:99999999999999999999").qty, 0);
  auto po = classify(p, "PO-1001");
  EXPECT_EQ(po.kind, Label::Kind::receipt);
  EXPECT_EQ(po.captured, "1001");
  EXPECT_EQ(classify(p, "ASN-7").kind, Label::Kind::receipt);
  EXPECT_EQ(classify(p, "PL-9").kind, Label::Kind::pick_list);
  EXPECT_EQ(classify(p, "CNT-000001").kind, Label::Kind::count);
  EXPECT_EQ(classify(p, "LOC:A-01").kind, Label::Kind::bin);
  EXPECT_EQ(classify(p, "0106901234567892").kind, Label::Kind::none);
  EXPECT_TRUE(classify(p, "TEA-500").captured.empty());

  p.undo.clear();  // a command without a label cannot be scanned
  EXPECT_EQ(classify(p, "").kind, Label::Kind::none);
}

TEST(Classify, AimPrefixOfPlainSymbologiesIsStripped) {
  EXPECT_EQ(strip_aim("]C0LOC:A-01"), "LOC:A-01");
  EXPECT_EQ(strip_aim("]Q1PL-9"), "PL-9");
  EXPECT_EQ(strip_aim("LOC:A"), "LOC:A");
  EXPECT_EQ(strip_aim("]"), "]");
  EXPECT_EQ(strip_aim("]1ab"), "]1ab");
}

TEST(Modes, RoundTrip) {
  for (Mode m : {Mode::receive, Mode::pick, Mode::move, Mode::count}) {
    Mode back = Mode::receive;
    EXPECT_TRUE(parse_mode(to_string(m), &back));
    EXPECT_EQ(back, m);
  }
  Mode x;
  EXPECT_FALSE(parse_mode("ship", &x));
}

TEST(ResultLog, KeepsTheLastNPerScannerNewestFirst) {
  ScanResultLog log(3);
  for (int i = 1; i <= 5; ++i) {
    ScanResult r;
    r.scanner = "s1";
    r.seq = static_cast<std::uint64_t>(i);
    log.add(r);
  }
  ScanResult other;
  other.scanner = "s2";
  log.add(other);
  auto r = log.recent("s1", 10);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].seq, 5u);
  EXPECT_EQ(r[2].seq, 3u);
  EXPECT_EQ(log.recent("s1", 1).size(), 1u);
  EXPECT_TRUE(log.recent("nobody", 5).empty());
  EXPECT_EQ(log.scanners(), (std::vector<std::string>{"s1", "s2"}));
}

}  // namespace
}  // namespace jxc::scan
