// Mandatory sub-parameters (repeat "1" or "1-N" in the definition files): a
// message missing one is refused with the owner and the missing slot named,
// for every such slot of the messages the client and the simulator exchange.
#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "drivers/rfid/bytes.h"
#include "drivers/rfid/encode.h"
#include "drivers/rfid/reports.h"

namespace jxc::llrp {
namespace {

Bytes report_without_epc() {
  Writer w(msg::RO_ACCESS_REPORT, 7);
  w.begin(par::TagReportData);
  w.tv(par::AntennaID).u16(1);
  w.tv(par::PeakRSSI).u8(0xc4);
  w.end();
  return w.finish();
}

TEST(LlrpMandatory, TagReportDataWithoutEpcIsRefusedByBothDecoders) {
  const Bytes bytes = report_without_epc();
  auto f = next_frame(bytes);
  ASSERT_TRUE(f);
  Fault fault;
  auto m = decode_message(*f, &fault);
  ASSERT_FALSE(m) << "a TagReportData without EPCData or EPC-96 was accepted";
  EXPECT_NE(m.status().reason().find("TagReportData without EPCParameter (EPC_96 or EPCData)"),
            std::string::npos)
      << m.status().reason();
  EXPECT_EQ(fault.offset, kHeaderSize);  // the TagReportData itself
  std::vector<TagReport> tags;
  EXPECT_FALSE(decode_tag_reports(*f, &tags, &fault));
  EXPECT_NE(fault.reason.find("without EPCData or EPC-96"), std::string::npos) << fault.reason;
  EXPECT_TRUE(tags.empty());
}

TEST(LlrpMandatory, ResponseWithoutLlrpStatusIsRefused) {
  Writer w(msg::ADD_ROSPEC_RESPONSE, 3);
  const Bytes bytes = w.finish();
  auto f = next_frame(bytes);
  ASSERT_TRUE(f);
  auto s = decode_status(*f);
  ASSERT_FALSE(s);
  EXPECT_NE(s.status().reason().find("ADD_ROSPEC_RESPONSE without LLRPStatus"), std::string::npos)
      << s.status().reason();
}

// Removes [at, at + n) from a frame and shrinks the message and each TLV
// parameter (at the `around` offsets) that held it.
Bytes cut(Bytes b, std::size_t at, std::size_t n, const std::vector<std::size_t>& around) {
  b.erase(b.begin() + static_cast<std::ptrdiff_t>(at), b.begin() + static_cast<std::ptrdiff_t>(at + n));
  const auto msg_len = static_cast<std::uint32_t>(b.size());
  for (int i = 0; i < 4; ++i) b[2 + i] = static_cast<std::uint8_t>(msg_len >> (24 - 8 * i));
  for (std::size_t p : around) {
    const auto len = static_cast<std::uint16_t>(detail::be16(&b[p + 2]) - n);
    b[p + 2] = static_cast<std::uint8_t>(len >> 8);
    b[p + 3] = static_cast<std::uint8_t>(len);
  }
  return b;
}

std::size_t encoded_size(const Bytes& b, const Param& p) {
  return p.def && p.def->tv_size ? p.def->tv_size : detail::be16(&b[p.offset + 2]);
}

struct Walk {
  const Bytes& frame;
  std::set<std::pair<std::string, std::string>> covered;
  int cases = 0;

  // For each mandatory slot of `owner`, the frame without every parameter
  // filling it must be refused naming the owner and the slot.
  void slots(const char* owner, const SubParamDef* defs, std::size_t count,
             const std::vector<Param>& present, const std::vector<std::size_t>& around) {
    for (std::size_t i = 0; i < count; ++i) {
      const SubParamDef& s = defs[i];
      if (!s.required) continue;
      Bytes b = frame;
      bool any = false;
      for (auto it = present.rbegin(); it != present.rend(); ++it) {
        if (!std::binary_search(s.types, s.types + s.type_count, it->type)) continue;
        b = cut(std::move(b), it->offset, encoded_size(frame, *it), around);
        any = true;
      }
      EXPECT_TRUE(any) << owner << " decoded without its " << s.name;
      auto f = next_frame(b);
      ASSERT_TRUE(f) << owner << "." << s.name;
      auto m = decode_message(*f);
      ASSERT_FALSE(m) << owner << " without " << s.name << " was accepted";
      const std::string want = std::string(owner) + " without " + s.name;
      EXPECT_NE(m.status().reason().find(want), std::string::npos)
          << m.status().reason() << "\nexpected: " << want;
      covered.insert({owner, s.name});
      ++cases;
    }
  }

  void params(const std::vector<Param>& ps, std::vector<std::size_t> around) {
    for (const Param& p : ps) {
      if (!p.def || p.def->tv_size || p.type == par::Custom) continue;
      around.push_back(p.offset);
      slots(p.def->name, p.def->subparams, p.def->subparam_count, p.children, around);
      params(p.children, around);
      around.pop_back();
    }
  }
};

TEST(LlrpMandatory, EveryMandatorySlotOfTheExchangedMessagesIsChecked) {
  RoSpecOptions gpi;
  gpi.antennas = {1, 2};
  gpi.gpi_start = true;
  ReaderConfigOptions config;
  config.keepalive_ms = 5000;
  config.power = {{1, 10}};
  ReaderEvent event;
  event.at = Timestamp{99, true};
  event.connection_attempt = 0;
  LlrpStatus error;
  error.code = 100;
  error.parameter_type = 222;
  error.parameter_error = 101;
  const std::vector<Bytes> frames = {
      ro_access_report(1, {TagReport{{0x30, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 96, 1, std::int8_t{-60}, {}, {}, {}, {}, 1},
                           TagReport{{0xe2, 0x80, 0x11}, 24, {}, {}, {}, {}, {}, {}, {}}}),
      reader_event(2, event),
      status_message(msg::ERROR_MESSAGE, 3, error),
      status_message(msg::ADD_ROSPEC_RESPONSE, 4, LlrpStatus{}),
      capabilities_response(5, Capabilities{2, true, 1, {{1, 1000}, {2, 2000}}}),
      supported_version_response(6, SupportedVersion{2, 2}),
      add_rospec(7, gpi),
      add_rospec(8, RoSpecOptions{}),
      set_reader_config(9, config),
  };
  std::set<std::pair<std::string, std::string>> covered;
  int cases = 0;
  for (const Bytes& bytes : frames) {
    auto f = next_frame(bytes);
    ASSERT_TRUE(f);
    auto m = decode_message(*f);
    ASSERT_TRUE(m) << m.status().to_string();
    Walk w{bytes, {}, 0};
    w.slots(m->def->name, m->def->subparams, m->def->subparam_count, m->params, {});
    w.params(m->params, {});
    covered.insert(w.covered.begin(), w.covered.end());
    cases += w.cases;
  }
  // The slots the gateway reads from, among the rest.
  for (const auto& slot : std::vector<std::pair<std::string, std::string>>{
           {"TagReportData", "EPCParameter"},
           {"ReaderEventNotificationData", "Timestamp"},
           {"ERROR_MESSAGE", "LLRPStatus"},
           {"ADD_ROSPEC_RESPONSE", "LLRPStatus"},
           {"GET_READER_CAPABILITIES_RESPONSE", "LLRPStatus"},
           {"GET_SUPPORTED_VERSION_RESPONSE", "LLRPStatus"},
           {"GeneralDeviceCapabilities", "GPIOCapabilities"},
           {"UHFBandCapabilities", "TransmitPowerLevelTableEntry"},
           {"ROSpec", "ROBoundarySpec"},
           {"AISpec", "InventoryParameterSpec"},
       })
    EXPECT_TRUE(covered.count(slot)) << slot.first << "." << slot.second << " not exercised";
  EXPECT_GE(cases, 20);
}

}  // namespace
}  // namespace jxc::llrp
