// The codec against the definition files, real reader recordings, its own
// encoders, and malformed input: truncated, oversize, mis-nested, random.
#include <fstream>
#include <random>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "drivers/rfid/encode.h"
#include "drivers/rfid/json.h"
#include "drivers/rfid/reports.h"

namespace jxc::llrp {
namespace {

std::string source_dir() {
  const char* d = std::getenv("JXC_SOURCE_DIR");
  return d ? d : ".";
}

TagReport tag(std::vector<std::uint8_t> epc, std::uint16_t bits, std::optional<std::uint16_t> antenna = {},
              std::optional<std::int8_t> rssi = {}) {
  TagReport t;
  t.epc = std::move(epc);
  t.epc_bits = bits;
  t.antenna = antenna;
  t.peak_rssi_dbm = rssi;
  return t;
}

Bytes with_header(std::uint16_t type, std::uint32_t id, const Bytes& body) {
  Writer w(type, id);
  w.bytes(body.data(), body.size());
  return w.finish();
}

TEST(LlrpDefs, NamedNumbersMatchTheDefinitionFiles) {
  const std::pair<std::uint16_t, const char*> msgs[] = {
      {msg::GET_READER_CAPABILITIES, "GET_READER_CAPABILITIES"}, {msg::SET_READER_CONFIG, "SET_READER_CONFIG"},
      {msg::CLOSE_CONNECTION_RESPONSE, "CLOSE_CONNECTION_RESPONSE"},
      {msg::GET_READER_CAPABILITIES_RESPONSE, "GET_READER_CAPABILITIES_RESPONSE"},
      {msg::SET_READER_CONFIG_RESPONSE, "SET_READER_CONFIG_RESPONSE"}, {msg::CLOSE_CONNECTION, "CLOSE_CONNECTION"},
      {msg::ADD_ROSPEC, "ADD_ROSPEC"}, {msg::DELETE_ROSPEC, "DELETE_ROSPEC"}, {msg::START_ROSPEC, "START_ROSPEC"},
      {msg::ENABLE_ROSPEC, "ENABLE_ROSPEC"}, {msg::ADD_ROSPEC_RESPONSE, "ADD_ROSPEC_RESPONSE"},
      {msg::DELETE_ROSPEC_RESPONSE, "DELETE_ROSPEC_RESPONSE"}, {msg::START_ROSPEC_RESPONSE, "START_ROSPEC_RESPONSE"},
      {msg::ENABLE_ROSPEC_RESPONSE, "ENABLE_ROSPEC_RESPONSE"}, {msg::GET_SUPPORTED_VERSION, "GET_SUPPORTED_VERSION"},
      {msg::SET_PROTOCOL_VERSION, "SET_PROTOCOL_VERSION"},
      {msg::GET_SUPPORTED_VERSION_RESPONSE, "GET_SUPPORTED_VERSION_RESPONSE"},
      {msg::SET_PROTOCOL_VERSION_RESPONSE, "SET_PROTOCOL_VERSION_RESPONSE"}, {msg::RO_ACCESS_REPORT, "RO_ACCESS_REPORT"},
      {msg::KEEPALIVE, "KEEPALIVE"}, {msg::READER_EVENT_NOTIFICATION, "READER_EVENT_NOTIFICATION"},
      {msg::KEEPALIVE_ACK, "KEEPALIVE_ACK"}, {msg::ENABLE_EVENTS_AND_REPORTS, "ENABLE_EVENTS_AND_REPORTS"}, {msg::ERROR_MESSAGE, "ERROR_MESSAGE"},
      {msg::CUSTOM_MESSAGE, "CUSTOM_MESSAGE"}};
  for (auto [n, name] : msgs) {
    const MessageDef* d = find_message(n);
    ASSERT_NE(d, nullptr) << name;
    EXPECT_STREQ(d->name, name);
  }
  const std::pair<std::uint16_t, const char*> params[] = {
      {par::AntennaID, "AntennaID"}, {par::FirstSeenTimestampUTC, "FirstSeenTimestampUTC"},
      {par::FirstSeenTimestampUptime, "FirstSeenTimestampUptime"}, {par::LastSeenTimestampUTC, "LastSeenTimestampUTC"},
      {par::LastSeenTimestampUptime, "LastSeenTimestampUptime"}, {par::PeakRSSI, "PeakRSSI"},
      {par::ChannelIndex, "ChannelIndex"}, {par::TagSeenCount, "TagSeenCount"}, {par::ROSpecID, "ROSpecID"},
      {par::EPC_96, "EPC_96"}, {par::UTCTimestamp, "UTCTimestamp"}, {par::Uptime, "Uptime"},
      {par::GeneralDeviceCapabilities, "GeneralDeviceCapabilities"}, {par::GPIOCapabilities, "GPIOCapabilities"},
      {par::RegulatoryCapabilities, "RegulatoryCapabilities"}, {par::UHFBandCapabilities, "UHFBandCapabilities"},
      {par::TransmitPowerLevelTableEntry, "TransmitPowerLevelTableEntry"}, {par::ROSpec, "ROSpec"},
      {par::ROBoundarySpec, "ROBoundarySpec"}, {par::ROSpecStartTrigger, "ROSpecStartTrigger"},
      {par::GPITriggerValue, "GPITriggerValue"}, {par::ROSpecStopTrigger, "ROSpecStopTrigger"},
      {par::AISpec, "AISpec"}, {par::AISpecStopTrigger, "AISpecStopTrigger"},
      {par::InventoryParameterSpec, "InventoryParameterSpec"}, {par::KeepaliveSpec, "KeepaliveSpec"},
      {par::AntennaConfiguration, "AntennaConfiguration"}, {par::RFTransmitter, "RFTransmitter"},
      {par::TagObservationTrigger, "TagObservationTrigger"}, {par::GPIPortCurrentState, "GPIPortCurrentState"},
      {par::EventsAndReports, "EventsAndReports"},
      {par::ROReportSpec, "ROReportSpec"}, {par::TagReportContentSelector, "TagReportContentSelector"},
      {par::TagReportData, "TagReportData"}, {par::EPCData, "EPCData"},
      {par::ReaderEventNotificationSpec, "ReaderEventNotificationSpec"},
      {par::EventNotificationState, "EventNotificationState"},
      {par::ReaderEventNotificationData, "ReaderEventNotificationData"}, {par::GPIEvent, "GPIEvent"},
      {par::ConnectionAttemptEvent, "ConnectionAttemptEvent"}, {par::ConnectionCloseEvent, "ConnectionCloseEvent"},
      {par::LLRPStatus, "LLRPStatus"}, {par::FieldError, "FieldError"}, {par::ParameterError, "ParameterError"},
      {par::Custom, "Custom"}};
  for (auto [n, name] : params) {
    const ParamDef* d = find_param(n);
    ASSERT_NE(d, nullptr) << name;
    EXPECT_STREQ(d->name, name);
    EXPECT_EQ(d->tv_size != 0, n < 128) << name;
  }
  EXPECT_EQ(find_param(par::EPC_96)->tv_size, 13u);
  EXPECT_EQ(find_param(par::PeakRSSI)->tv_size, 2u);
}

// Real reader traffic (Impinj) recorded by EdgeX with its decoded values.
TEST(LlrpRecordings, DecodeToTheRecordedValues) {
  std::ifstream in(source_dir() + "/drivers/rfid/spec/llrp-recordings-edgex.json");
  ASSERT_TRUE(in) << "recordings file missing";
  auto doc = nlohmann::json::parse(in);
  int reports = 0, capabilities = 0, events = 0, total = 0;
  for (const auto& item : doc["items"]) {
    ++total;
    auto body = parse_hex(item["body_hex"].get<std::string>());
    ASSERT_TRUE(body) << item["path"];
    Bytes frame = with_header(item["type"].get<std::uint16_t>(), 7, *body);
    auto f = next_frame(frame);
    ASSERT_TRUE(f) << item["path"] << f.status().to_string();
    auto m = decode_message(*f);
    ASSERT_TRUE(m) << item["path"] << ": " << m.status().to_string();
    const auto& want = item["edgex_json"];
    if (want.contains("LLRPStatus")) {
      auto s = decode_status(*f);
      ASSERT_TRUE(s);
      EXPECT_EQ(s->code, want["LLRPStatus"]["Status"].get<int>());
    }
    if (f->type == msg::RO_ACCESS_REPORT) {
      std::vector<TagReport> tags;
      ASSERT_TRUE(decode_tag_reports(*f, &tags));
      ASSERT_EQ(tags.size(), want["TagReportData"].size());
      const auto& w = want["TagReportData"][0];
      EXPECT_EQ(tags[0].antenna.value(), w["AntennaID"].get<int>());
      EXPECT_EQ(tags[0].peak_rssi_dbm.value(), w["PeakRSSI"].get<int>());
      EXPECT_EQ(tags[0].first_seen->micros, w["FirstSeenUTC"].get<std::uint64_t>());
      EXPECT_TRUE(tags[0].first_seen->utc);
      EXPECT_EQ(tags[0].epc.size(), 12u);
      if (w["TagSeenCount"].is_number()) {
        EXPECT_EQ(tags[0].seen_count.value(), w["TagSeenCount"].get<int>());
      }
      ++reports;
    }
    if (f->type == msg::GET_READER_CAPABILITIES_RESPONSE) {
      auto c = decode_capabilities(*f);
      ASSERT_TRUE(c) << c.status().to_string();
      const auto& g = want["GeneralDeviceCapabilities"];
      EXPECT_EQ(c->max_antennas, g["MaxSupportedAntennas"].get<int>());
      EXPECT_EQ(c->has_utc_clock, g["HasUTCClock"].get<bool>());
      EXPECT_FALSE(c->transmit_power.empty());
      EXPECT_EQ(c->transmit_power[0].dbm_x100, 1000);  // first Impinj table entry: 10.00 dBm
      ++capabilities;
    }
    if (f->type == msg::READER_EVENT_NOTIFICATION) {
      auto e = decode_reader_event(*f);
      ASSERT_TRUE(e) << e.status().to_string();
      EXPECT_EQ(e->at->micros, want["ReaderEventNotificationData"]["UTCTimestamp"].get<std::uint64_t>());
      ++events;
    }
  }
  EXPECT_GT(reports, 0);
  EXPECT_EQ(capabilities, 1);
  EXPECT_EQ(events, 1);
  EXPECT_GT(total, 10);
}

TEST(LlrpEncode, ClientMessagesDecodeAgainstTheTables) {
  RoSpecOptions ro;
  ro.rospec_id = 9;
  ro.antennas = {1, 3};
  ro.gpi_start = true;
  ro.gpi_port = 2;
  auto add = add_rospec(42, ro);
  auto f = next_frame(add);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->id, 42u);
  auto m = decode_message(*f);
  ASSERT_TRUE(m) << m.status().to_string();
  auto j = to_json(*m);
  EXPECT_EQ(j["message"], "ADD_ROSPEC");
  const auto& rospec = j["parameters"][0];
  EXPECT_EQ(rospec["name"], "ROSpec");
  EXPECT_EQ(rospec["fields"]["ROSpecID"], 9);
  const auto& ai = rospec["parameters"][1];
  EXPECT_EQ(ai["name"], "AISpec");
  EXPECT_EQ(ai["fields"]["AntennaIDs"], nlohmann::json::array({1, 3}));
  const auto& start = rospec["parameters"][0]["parameters"][0];
  EXPECT_EQ(start["fields"]["ROSpecStartTriggerType"], 3);
  EXPECT_EQ(start["parameters"][0]["fields"]["GPIPortNum"], 2);
  EXPECT_EQ(start["parameters"][0]["fields"]["GPIEvent"], true);

  // One beam, one inventory: the falling edge of the start port ends it.
  const auto& stop = rospec["parameters"][0]["parameters"][1];
  EXPECT_EQ(stop["name"], "ROSpecStopTrigger");
  EXPECT_EQ(stop["fields"]["ROSpecStopTriggerType"], 2);
  EXPECT_EQ(stop["parameters"][0]["fields"]["GPIPortNum"], 2);
  EXPECT_EQ(stop["parameters"][0]["fields"]["GPIEvent"], false);
  EXPECT_EQ(stop["parameters"][0]["fields"]["Timeout"], 10000);
  ro.stop = RoSpecOptions::Stop::no_new_tags;
  ro.no_new_tags_ms = 700;
  ro.inventory_ms = 5000;
  auto quiet = add_rospec(43, ro);
  auto qm = decode_message(*next_frame(quiet));
  ASSERT_TRUE(qm) << qm.status().to_string();
  auto qj = to_json(*qm);
  const auto& ai_stop = qj["parameters"][0]["parameters"][1]["parameters"][0];
  EXPECT_EQ(ai_stop["name"], "AISpecStopTrigger");
  EXPECT_EQ(ai_stop["fields"]["AISpecStopTriggerType"], 3);
  EXPECT_EQ(ai_stop["parameters"][0]["fields"]["TriggerType"], 1);
  EXPECT_EQ(ai_stop["parameters"][0]["fields"]["T"], 700);
  EXPECT_EQ(ai_stop["parameters"][0]["fields"]["Timeout"], 5000);

  ReaderConfigOptions rc;
  rc.keepalive_ms = 1500;
  rc.power = {{1, 81}};
  rc.reset_to_factory = true;
  rc.enable_gpi_ports = {3};
  Bytes cfg_bytes = set_reader_config(5, rc);
  auto cfg = next_frame(cfg_bytes);
  ASSERT_TRUE(cfg);
  auto cm = decode_message(*cfg);
  ASSERT_TRUE(cm) << cm.status().to_string();
  auto cj = to_json(*cm);
  bool keepalive = false, power = false, selector = false, gpi = false, no_hold = false;
  EXPECT_EQ(cj["fields"]["ResetToFactoryDefault"], true);
  for (const auto& p : cj["parameters"]) {
    if (p["name"] == "GPIPortCurrentState") gpi = p["fields"]["GPIPortNum"] == 3 && p["fields"]["Config"] == true;
    if (p["name"] == "EventsAndReports") no_hold = p["fields"]["HoldEventsAndReportsUponReconnect"] == false;
    if (p["name"] == "KeepaliveSpec") keepalive = p["fields"]["PeriodicTriggerValue"] == 1500;
    if (p["name"] == "AntennaConfiguration")
      power = p["parameters"][0]["fields"]["TransmitPower"] == 81 && p["fields"]["AntennaID"] == 1;
    if (p["name"] == "ROReportSpec") {
      const auto& s = p["parameters"][0]["fields"];
      selector = s["EnableAntennaID"] == true && s["EnablePeakRSSI"] == true && s["EnableSpecIndex"] == false &&
                 s["EnableTagSeenCount"] == true && s["EnableAccessSpecID"] == false;
    }
  }
  EXPECT_TRUE(keepalive);
  EXPECT_TRUE(power);
  EXPECT_TRUE(selector);
  EXPECT_TRUE(gpi);
  EXPECT_TRUE(no_hold);
}

TEST(LlrpReports, FieldsLeftOutCarryTheLastValueOfTheirType) {
  TagReport last;
  TagReport a;
  a.antenna = 2;
  a.peak_rssi_dbm = -50;
  a.seen_count = 3;
  carry_forward(&a, &last);
  TagReport b;  // everything left out
  carry_forward(&b, &last);
  EXPECT_EQ(b.antenna, 2);
  EXPECT_EQ(b.peak_rssi_dbm, -50);
  EXPECT_EQ(b.seen_count, 3);
  EXPECT_EQ(b.channel_index, std::nullopt);  // never received: still absent
  TagReport c;
  c.antenna = 1;
  carry_forward(&c, &last);
  EXPECT_EQ(c.antenna, 1);
  EXPECT_EQ(c.peak_rssi_dbm, -50);
  EXPECT_EQ(last.antenna, 1);
}

TEST(LlrpEncode, ReaderMessagesRoundTrip) {
  std::vector<TagReport> tags(2);
  tags[0].epc = {0x30, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9};
  tags[0].epc_bits = 96;
  tags[0].antenna = 2;
  tags[0].peak_rssi_dbm = -61;
  tags[0].first_seen = Timestamp{123, false};
  tags[0].last_seen = Timestamp{456, false};
  tags[0].seen_count = 3;
  tags[0].channel_index = 7;
  tags[0].rospec_id = 1;
  tags[1].epc = {0xe2, 0x80, 0x11};
  tags[1].epc_bits = 24;
  auto bytes = ro_access_report(1, tags);
  auto f = next_frame(bytes);
  ASSERT_TRUE(f);
  std::vector<TagReport> out;
  ASSERT_TRUE(decode_tag_reports(*f, &out));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].epc, tags[0].epc);
  EXPECT_EQ(out[0].antenna, 2);
  EXPECT_EQ(out[0].peak_rssi_dbm, -61);
  EXPECT_FALSE(out[0].first_seen->utc);
  EXPECT_EQ(out[0].last_seen->micros, 456u);
  EXPECT_EQ(out[0].seen_count, 3);
  EXPECT_EQ(out[0].channel_index, 7);
  EXPECT_EQ(out[0].rospec_id, 1u);
  EXPECT_EQ(out[1].epc, tags[1].epc);
  EXPECT_EQ(out[1].epc_bits, 24);

  ReaderEvent e;
  e.at = Timestamp{99, true};
  e.gpi = GpiChange{3, true};
  Bytes ev_bytes = reader_event(2, e);
  auto ev = next_frame(ev_bytes);
  ASSERT_TRUE(ev);
  auto de = decode_reader_event(*ev);
  ASSERT_TRUE(de);
  EXPECT_EQ(de->gpi->port, 3);
  EXPECT_TRUE(de->gpi->high);
  EXPECT_FALSE(de->connection_attempt);

  LlrpStatus s;
  s.code = 100;
  s.description = "bad antenna";
  s.parameter_type = 222;
  s.parameter_error = 101;
  Bytes sf_bytes = status_message(msg::ERROR_MESSAGE, 3, s);
  auto sf = next_frame(sf_bytes);
  auto ds = decode_status(*sf);
  ASSERT_TRUE(ds);
  EXPECT_EQ(ds->code, 100);
  EXPECT_EQ(ds->parameter_type, 222);
  EXPECT_EQ(ds->to_string(), "M_ParameterError (100): bad antenna; parameter 222 error 101");

  Capabilities c;
  c.max_antennas = 4;
  c.gpi_count = 2;
  c.transmit_power = {{1, 1000}, {2, 2000}, {3, 3000}};
  Bytes cf_bytes = capabilities_response(4, c);
  auto cf = next_frame(cf_bytes);
  auto dc = decode_capabilities(*cf);
  ASSERT_TRUE(dc) << dc.status().to_string();
  EXPECT_EQ(dc->max_antennas, 4);
  EXPECT_EQ(dc->gpi_count, 2);
  EXPECT_EQ(dc->power_index(25.0), 2);
  EXPECT_EQ(dc->power_index(5.0), 1);
  EXPECT_EQ(dc->power_index(40.0), 3);
}

TEST(LlrpFrame, IncompleteInputNeedsMore) {
  auto bytes = keepalive(5);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    auto f = next_frame(std::span(bytes.data(), n));
    ASSERT_FALSE(f);
    EXPECT_TRUE(f.need_more()) << n;
    EXPECT_FALSE(f.is_fault()) << n;
    EXPECT_EQ(f.missing(), n < kHeaderSize ? "incomplete header" : "incomplete message body") << n;
    EXPECT_EQ(f.status().reason(), "truncated: " + std::string(f.missing())) << n;
  }
  auto report = ro_access_report(1, {tag({1, 2, 3}, 24)});
  for (std::size_t n = 0; n < report.size(); ++n)
    EXPECT_TRUE(next_frame(std::span(report.data(), n)).need_more()) << n;
  auto whole = next_frame(report);
  ASSERT_TRUE(whole.has_frame());
  EXPECT_EQ(whole.kind(), FrameRead::Kind::frame);
  EXPECT_EQ(whole->size(), report.size());
  EXPECT_TRUE(whole.status().is_ok());
}

TEST(LlrpFrame, OversizeAndImpossibleHeadersAreRefused) {
  Bytes big = {0x04, 0x3d, 0x00, 0x20, 0x00, 0x00, 0, 0, 0, 1};  // 2 MiB RO_ACCESS_REPORT
  auto f = next_frame(big, kDefaultMaxFrame);
  ASSERT_FALSE(f);
  ASSERT_TRUE(f.is_fault());
  EXPECT_FALSE(f.need_more());
  EXPECT_EQ(f.status().code(), Errc::invalid_argument);
  EXPECT_EQ(f.fault().offset, 2u);
  EXPECT_NE(f.fault().reason.find("exceeds the limit"), std::string::npos);
  EXPECT_EQ(f.status().reason(), "byte 2: " + f.fault().reason);

  Bytes short_len = {0x04, 0x3e, 0, 0, 0, 5, 0, 0, 0, 1};
  EXPECT_TRUE(next_frame(short_len).is_fault());
  Bytes bad_version = {0x1c, 0x3e, 0, 0, 0, 10, 0, 0, 0, 1};
  EXPECT_TRUE(next_frame(bad_version).is_fault());
  // A bad header is a fault as soon as the header is there, however little
  // of the body has come.
  EXPECT_TRUE(next_frame(std::span(big.data(), kHeaderSize)).is_fault());
}

TEST(LlrpMessage, MisNestedAndTruncatedParametersAreFaultsWithOffsets) {
  // TagReportData claims 40 bytes but the message holds 17 after it.
  Bytes mis = with_header(msg::RO_ACCESS_REPORT, 1, {0x00, 0xf0, 0x00, 0x28, 0x8d, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  auto f = next_frame(mis);
  ASSERT_TRUE(f);
  Fault fault;
  auto m = decode_message(*f, &fault);
  ASSERT_FALSE(m);
  EXPECT_EQ(fault.offset, 12u);
  EXPECT_NE(fault.reason.find("runs past"), std::string::npos);
  std::vector<TagReport> tags;
  EXPECT_FALSE(decode_tag_reports(*f, &tags, &fault));

  // EPC_96 inside TagReportData cut short.
  Bytes cut = with_header(msg::RO_ACCESS_REPORT, 1, {0x00, 0xf0, 0x00, 0x08, 0x8d, 1, 2, 3});
  f = next_frame(cut);
  ASSERT_TRUE(f);
  EXPECT_FALSE(decode_message(*f, &fault));
  EXPECT_EQ(fault.offset, 14u);
  EXPECT_FALSE(decode_tag_reports(*f, &tags, &fault));

  // A child longer than its parent but within the message.
  Bytes child = with_header(msg::READER_EVENT_NOTIFICATION, 1,
                            {0x00, 0xf6, 0x00, 0x08, 0x00, 0x80, 0x00, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0});
  f = next_frame(child);
  ASSERT_TRUE(f);
  EXPECT_FALSE(decode_message(*f, &fault));
  EXPECT_EQ(fault.offset, 16u);

  // An unknown TV type cannot be skipped.
  Bytes tv = with_header(msg::RO_ACCESS_REPORT, 1, {0x00, 0xf0, 0x00, 0x06, 0xff, 0x00});
  f = next_frame(tv);
  EXPECT_FALSE(decode_message(*f, &fault));
  EXPECT_NE(fault.reason.find("unknown TV"), std::string::npos);
}

TEST(LlrpMessage, CustomAndUnknownParametersAreSkippedByLength) {
  Writer w(msg::RO_ACCESS_REPORT, 1);
  w.begin(par::Custom).u32(25882).u32(1).u32(0xdeadbeef).end();
  w.begin(1000).u16(1).end();  // unknown TLV type
  w.begin(par::TagReportData).tv(par::EPC_96);
  for (int i = 0; i < 12; ++i) w.u8(static_cast<std::uint8_t>(i));
  w.begin(par::Custom).u32(25882).u32(2).u16(0xffff).end();
  w.tv(par::AntennaID).u16(4);
  w.end();
  auto bytes = w.finish();
  auto f = next_frame(bytes);
  ASSERT_TRUE(f);
  std::vector<TagReport> tags;
  ASSERT_TRUE(decode_tag_reports(*f, &tags));
  ASSERT_EQ(tags.size(), 1u);
  EXPECT_EQ(tags[0].antenna, 4);
  auto m = decode_message(*f);
  ASSERT_TRUE(m) << m.status().to_string();
  ASSERT_EQ(m->params.size(), 3u);
  EXPECT_EQ(m->params[0].type, par::Custom);
  EXPECT_EQ(m->params[1].def, nullptr);
  EXPECT_EQ(m->params[1].raw, (std::vector<std::uint8_t>{0, 1}));
}

TEST(LlrpJson, RendersNamesValuesAndHexEpc) {
  auto bytes = ro_access_report(77, {tag({0x30, 0x14, 0xaa, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 96, 1, -50)});
  auto j = decode_to_json(bytes);
  ASSERT_TRUE(j);
  const auto& m = (*j)[0];
  EXPECT_EQ(m["message"], "RO_ACCESS_REPORT");
  EXPECT_EQ(m["type"], 61);
  EXPECT_EQ(m["id"], 77);
  const auto& trd = m["parameters"][0];
  EXPECT_EQ(trd["parameters"][0]["name"], "EPC_96");
  EXPECT_EQ(trd["parameters"][0]["fields"]["EPC"], "3014aa000000000000000001");
  EXPECT_EQ(trd["parameters"][2]["fields"]["PeakRSSI"], -50);
  EXPECT_FALSE(decode_to_json(Bytes(bytes.begin(), bytes.end() - 1)));
  EXPECT_FALSE(parse_hex("0g"));
  EXPECT_FALSE(parse_hex("abc"));
}

// Random and mutated input: every decoder returns, and faults stay inside the frame.
TEST(LlrpRobustness, RandomAndMutatedFramesNeverMisbehave) {
  std::mt19937 rng(20261124);
  std::vector<Bytes> seeds = {ro_access_report(1, {TagReport{{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 96, 1, -40,
                                                              Timestamp{1, true}, Timestamp{2, true}, 3, 4, 5}}),
                              reader_event(1, ReaderEvent{Timestamp{}, 0, GpiChange{1, true}, true}),
                              capabilities_response(1, Capabilities{4, true, 2, {{1, 1000}}}),
                              status_message(msg::ERROR_MESSAGE, 1, LlrpStatus{101, "x", 222, 3, 1, 2}),
                              add_rospec(1, RoSpecOptions{1, {1, 2}, true, 1, RoSpecOptions::Stop::no_new_tags, 500, 100}),
                              set_reader_config(1, ReaderConfigOptions{1000, {{1, 2}}, true, {1}})};
  int decoded = 0, faulted = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    Bytes b;
    if (iter % 4 == 0) {
      b.resize(rng() % 64);
      for (auto& c : b) c = static_cast<std::uint8_t>(rng());
      if (b.size() >= 10) {  // a plausible header so the body decoders run
        b[0] = 0x04;
        const auto n = b.size();
        b[2] = 0; b[3] = 0; b[4] = static_cast<std::uint8_t>(n >> 8); b[5] = static_cast<std::uint8_t>(n);
      }
    } else {
      b = seeds[rng() % seeds.size()];
      const int flips = 1 + static_cast<int>(rng() % 4);
      for (int k = 0; k < flips; ++k) b[10 + rng() % (b.size() - 10)] = static_cast<std::uint8_t>(rng());
    }
    auto f = next_frame(b);
    if (!f) continue;
    Fault fault;
    auto m = decode_message(*f, &fault);
    if (m) {
      ++decoded;
      (void)to_json(*m);
    } else {
      ++faulted;
      EXPECT_LE(fault.offset, f->size());
      EXPECT_FALSE(fault.reason.empty());
    }
    std::vector<TagReport> tags;
    (void)decode_tag_reports(*f, &tags);
    (void)decode_reader_event(*f);
    (void)decode_status(*f);
    (void)decode_capabilities(*f);
  }
  EXPECT_GT(decoded, 100);
  EXPECT_GT(faulted, 100);
}

}  // namespace
}  // namespace jxc::llrp
