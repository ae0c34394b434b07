// The pure halves of the scanner drivers: framing bytes into scans and
// decoding recorded key events of keyboard-wedge scanners.
#include <gtest/gtest.h>

#include <linux/input-event-codes.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "drivers/barcode/framer.h"
#include "drivers/barcode/keymap.h"
#include "edge/identifiers/gs1.h"

namespace jxc::barcode {
namespace {

const std::string GS = "\x1D";

struct Collect {
  std::vector<std::string> scans;
  ScanFramer make(FramerOptions o = {}) {
    return ScanFramer(std::move(o), [this](std::string s) { scans.push_back(std::move(s)); });
  }
};

TEST(Framer, CrLfAndCrlfEachEndOneScan) {
  Collect c;
  auto f = c.make();
  f.feed("LOC:A-01\rLOC:A-02\nLOC:A-03\r\n\r\n");
  EXPECT_EQ(c.scans, (std::vector<std::string>{"LOC:A-01", "LOC:A-02", "LOC:A-03"}));
  EXPECT_EQ(f.pending(), 0u);
}

TEST(Framer, AScanSplitAcrossReadsIsBufferedWhole) {
  Collect c;
  auto f = c.make();
  const std::string scan = "]C10109501101530003" "10AB" + GS + "3712";
  for (char ch : scan) f.feed(std::string_view(&ch, 1));
  EXPECT_TRUE(c.scans.empty());
  EXPECT_EQ(f.pending(), scan.size());
  f.feed("\r");
  ASSERT_EQ(c.scans.size(), 1u);
  EXPECT_EQ(c.scans[0], scan);  // GS survives framing
}

TEST(Framer, ConfiguredSuffixAndGsSubstitute) {
  Collect c;
  FramerOptions o;
  o.suffix = "\x03";  // ETX
  o.gs_substitute = "^]";
  auto f = c.make(o);
  f.feed("0109501101530003" "10A^]21B\x03" "LOC:\r\nA-01\x03");
  EXPECT_EQ(c.scans, (std::vector<std::string>{"0109501101530003" "10A" + GS + "21B", "LOC:A-01"}));
}

TEST(Framer, MultiByteSuffixSplitAcrossReads) {
  Collect c;
  FramerOptions o;
  o.suffix = "#END";
  auto f = c.make(o);
  f.feed("PL-9#E");
  f.feed("N");
  EXPECT_TRUE(c.scans.empty());
  f.feed("D");
  EXPECT_EQ(c.scans, (std::vector<std::string>{"PL-9"}));
}

TEST(Framer, LineNoiseIsDroppedAndOverlongScansAreDiscardedWhole) {
  Collect c;
  FramerOptions o;
  o.max_scan = 16;
  auto f = c.make(o);
  f.feed(std::string("\x00\x07LOC:\x7F" "A-01\x1b\r", 13));
  f.feed(std::string(40, '9') + "\r" + "PL-1\r");
  EXPECT_EQ(c.scans, (std::vector<std::string>{"LOC:A-01", "PL-1"}));
  EXPECT_EQ(f.overflows(), 1u);
  f.feed("PARTIAL");
  f.reset();
  f.feed("X\r");
  EXPECT_EQ(c.scans.back(), "X");
}

TEST(Framer, ScansAreHandedOnAsWellFormedUtf8) {
  Collect c;
  auto f = c.make();
  // Latin-1 from a scanner in the wrong mode, a cut-short sequence, a
  // surrogate; then UTF-8 and a GS that must pass unchanged.
  f.feed("caf\xE9\rAB\xE4\xB8\rX\xED\xA0\x80Y\r");
  f.feed("\xE4\xBB\x93" "01" + GS + "10AB\r");
  EXPECT_EQ(c.scans, (std::vector<std::string>{"caf\xEF\xBF\xBD", "AB\xEF\xBF\xBD",
                                               "X\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDY",
                                               "\xE4\xBB\x93" "01" + GS + "10AB"}));
}

// ---- key events ----

KeyEvent key(std::uint16_t code, std::int32_t value) { return {EV_KEY, code, value}; }

std::string type_events(const std::vector<KeyEvent>& evs, KeymapDecoder& d) {
  std::string out;
  for (const auto& e : evs) d.feed(e, out);
  return out;
}

TEST(Keymap, ShiftCapsCtrlBracketAndEnter) {
  KeymapDecoder d;
  std::vector<KeyEvent> evs = {
      key(KEY_LEFTSHIFT, 1), key(KEY_A, 1), key(KEY_A, 0), key(KEY_SEMICOLON, 1),
      key(KEY_SEMICOLON, 0), key(KEY_LEFTSHIFT, 0), key(KEY_A, 1), key(KEY_A, 0),
      key(KEY_RIGHTSHIFT, 1), key(KEY_5, 1), key(KEY_5, 0), key(KEY_RIGHTSHIFT, 0),
      key(KEY_RIGHTCTRL, 1), key(KEY_RIGHTBRACE, 1), key(KEY_RIGHTBRACE, 0), key(KEY_RIGHTCTRL, 0),
      key(KEY_RIGHTBRACE, 1), key(KEY_CAPSLOCK, 1), key(KEY_CAPSLOCK, 0), key(KEY_B, 1),
      key(KEY_LEFTSHIFT, 1), key(KEY_C, 1), key(KEY_LEFTSHIFT, 0), key(KEY_CAPSLOCK, 1),
      key(KEY_KP7, 1), key(KEY_F5, 1), key(KEY_ENTER, 1), key(KEY_ENTER, 0)};
  EXPECT_EQ(type_events(evs, d), "A:a%" + GS + "]Bc7\r");
  EXPECT_EQ(d.unmapped(), 1u);  // F5
}

TEST(Keymap, NonKeyEventsAreIgnoredAndResetDropsModifiers) {
  KeymapDecoder d;
  std::string out;
  d.feed({EV_MSC, MSC_SCAN, 0x70004}, out);
  d.feed({EV_SYN, SYN_REPORT, 0}, out);
  d.feed(key(KEY_LEFTSHIFT, 1), out);
  d.reset();
  d.feed(key(KEY_X, 1), out);
  EXPECT_EQ(out, "x");
}

// Reads an evtest recording: "Event: time T, type 1 (EV_KEY), code 30 (KEY_A), value 1".
std::vector<KeyEvent> load_evtest(const std::string& name) {
  const char* src = std::getenv("JXC_SOURCE_DIR");
  std::ifstream in(std::string(src ? src : JXC_SOURCE_DIR_AT_BUILD) + "/drivers/barcode/testdata/" + name);
  EXPECT_TRUE(in) << name;
  std::vector<KeyEvent> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line.find("SYN_REPORT") != std::string::npos) {
      out.push_back({EV_SYN, SYN_REPORT, 0});
      continue;
    }
    unsigned type = 0, code = 0;
    int value = 0;
    const auto t = line.find("type "), c = line.find("code "), v = line.find("value ");
    if (t == std::string::npos || c == std::string::npos || v == std::string::npos) {
      ADD_FAILURE() << "bad fixture line: " << line;
      continue;
    }
    type = static_cast<unsigned>(std::stoul(line.substr(t + 5)));
    code = static_cast<unsigned>(std::stoul(line.substr(c + 5)));
    if (type == EV_KEY) value = std::stoi(line.substr(v + 6));
    out.push_back({static_cast<std::uint16_t>(type), static_cast<std::uint16_t>(code), value});
  }
  return out;
}

std::vector<std::string> decode_recording(const std::string& name) {
  std::vector<std::string> scans;
  ScanFramer f({}, [&](std::string s) { scans.push_back(std::move(s)); });
  KeymapDecoder d;
  for (const auto& e : load_evtest(name)) {
    std::string bytes;
    d.feed(e, bytes);
    f.feed(bytes);
  }
  return scans;
}

TEST(KeymapRecording, Gs1DataMatrixWithCtrlBracketGs) {
  auto scans = decode_recording("gs1_datamatrix.evtest");
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_EQ(scans[0], "]d20109501101530003" "17270630" "10LOT-A" + GS + "21Sn/1");
  auto gs1 = identifiers::parse_gs1(scans[0]);
  ASSERT_TRUE(gs1.is_ok()) << gs1.status().to_string();
  EXPECT_EQ(gs1->symbology, identifiers::Gs1Symbology::gs1_datamatrix);
  EXPECT_EQ(gs1->lot(), "LOT-A");
  EXPECT_EQ(gs1->serial(), "Sn/1");
  EXPECT_EQ(gs1->expiry(), "2027-06-30");
}

TEST(KeymapRecording, BinLabelThenQuantityWithKeypadEnter) {
  EXPECT_EQ(decode_recording("bin_then_quantity.evtest"),
            (std::vector<std::string>{"LOC:A-01", "%QTY:12"}));
}

TEST(KeymapRecording, AltModeKeypadGs) {
  auto scans = decode_recording("alt_mode_gs.evtest");
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_EQ(scans[0], "]C10109501101530003" "10AB" + GS + "3712");
  // The recorded label pairs AI 01 with AI 37, which the GS1 association rules
  // refuse; the keystrokes, not the label, are under test here.
  identifiers::Gs1ParseOptions values_only;
  values_only.associations = identifiers::Gs1Associations::skip;
  EXPECT_EQ(identifiers::parse_gs1(scans[0], values_only)->count(), 12);
}

}  // namespace
}  // namespace jxc::barcode
