#include "hw-sim/rfid/scenario.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace jxc::hwsim::rfid {

namespace {

using nlohmann::json;

struct Bad {
  std::string why;
};

std::vector<std::uint8_t> hex_bytes(const std::string& s, const std::string& what = "EPC") {
  if (s.empty() || s.size() % 2) throw Bad{what + " \"" + s + "\" is not an even number of hex digits"};
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i < s.size(); i += 2) {
    auto nib = [&](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      throw Bad{what + " \"" + s + "\" has a non-hex character"};
    };
    out.push_back(static_cast<std::uint8_t>(nib(s[i]) << 4 | nib(s[i + 1])));
  }
  return out;
}

/// `count` EPCs counting up from `base` (the last 4 bytes are the counter).
std::vector<std::vector<std::uint8_t>> numbered(const std::string& base, std::int64_t count) {
  auto b = hex_bytes(base);
  if (b.size() < 4) throw Bad{"epc_base must be at least 4 bytes"};
  std::vector<std::vector<std::uint8_t>> out;
  for (std::int64_t i = 0; i < count; ++i) {
    auto e = b;
    std::uint32_t n = (std::uint32_t{e[e.size() - 4]} << 24 | std::uint32_t{e[e.size() - 3]} << 16 |
                       std::uint32_t{e[e.size() - 2]} << 8 | e[e.size() - 1]) + static_cast<std::uint32_t>(i);
    for (int k = 0; k < 4; ++k) e[e.size() - 1 - k] = static_cast<std::uint8_t>(n >> (8 * k));
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<std::vector<std::uint8_t>> epcs_of(const json& j) {
  std::vector<std::vector<std::uint8_t>> out;
  if (j.contains("epcs"))
    for (const auto& e : j.at("epcs")) out.push_back(hex_bytes(e.get<std::string>()));
  if (j.contains("epc")) out.push_back(hex_bytes(j.at("epc").get<std::string>()));
  if (j.contains("epc_base")) {
    auto more = numbered(j.at("epc_base").get<std::string>(), j.value("count", 1));
    out.insert(out.end(), more.begin(), more.end());
  }
  if (out.empty()) throw Bad{"needs \"epc\", \"epcs\" or \"epc_base\" with \"count\""};
  return out;
}

std::vector<std::uint16_t> antennas_of(const json& j) {
  if (j.contains("antennas")) return j.at("antennas").get<std::vector<std::uint16_t>>();
  return {j.value<std::uint16_t>("antenna", 1)};
}

// A pass: each EPC read every `interval_ms` for `duration_ms`, on the first
// antenna for the first half and the last antenna for the second half (so a
// door sees outside → inside), RSSI rising to `rssi_peak` at mid-pass.
void expand_pass(const json& j, std::int64_t at, std::vector<Step>* out) {
  const auto epcs = epcs_of(j);
  const auto ants = antennas_of(j);
  const std::int64_t duration = j.value("duration_ms", 2000);
  const std::int64_t interval = std::max<std::int64_t>(1, j.value("interval_ms", 100));
  const int low = j.value("rssi_low", -75), peak = j.value("rssi_peak", -45);
  for (std::int64_t t = 0; t <= duration; t += interval) {
    const double phase = duration ? static_cast<double>(t) / static_cast<double>(duration) : 0.5;
    const double closeness = 1.0 - std::abs(phase - 0.5) * 2.0;
    Step s;
    s.at_ms = at + t;
    const std::uint16_t ant = phase < 0.5 ? ants.front() : ants.back();
    for (const auto& e : epcs)
      s.reads.push_back({e, ant, static_cast<std::int8_t>(std::lround(low + (peak - low) * closeness))});
    out->push_back(std::move(s));
  }
}

std::vector<SimRead> reads_of(const json& j) {
  std::vector<SimRead> out;
  const auto ants = antennas_of(j);
  const int rssi = j.value("rssi", -55);
  const int repeat = j.value("repeat", 1);
  for (int r = 0; r < repeat; ++r)
    for (const auto& e : epcs_of(j))
      for (auto a : ants) out.push_back({e, a, static_cast<std::int8_t>(rssi)});
  return out;
}

ReaderScenario reader_of(const json& r) {
  ReaderScenario s;
  s.id = r.value("id", s.id);
  s.port = r.value<std::uint16_t>("port", 0);
  s.antennas = r.value<std::uint16_t>("antennas", s.antennas);
  s.gpis = r.value<std::uint16_t>("gpis", s.gpis);
  s.utc_clock = r.value("utc_clock", true);
  s.max_version = r.value<std::uint8_t>("llrp_version", 1);
  if (s.max_version != 1 && s.max_version != 2) throw Bad{"llrp_version must be 1 (1.0.1) or 2 (1.1)"};
  if (r.contains("power_table_dbm")) s.power_table_dbm = r.at("power_table_dbm").get<std::vector<double>>();
  s.report_batch = r.value<std::size_t>("report_batch", s.report_batch);
  if (s.report_batch == 0) throw Bad{"report_batch must be at least 1"};
  s.omit_unchanged = r.value("omit_unchanged", false);
  s.accumulate = r.value("accumulate", false);
  s.gpi_ports_enabled = r.value("gpi_ports_enabled", true);
  s.hold_events = r.value("hold_events", false);
  if (r.contains("traffic")) {
    const json& t = r.at("traffic");
    Traffic& tr = s.traffic;
    tr.rate = t.value("rate", 0.0);
    if (!(tr.rate > 0) || tr.rate > 1e7) throw Bad{"traffic: rate must be between 0 and 10,000,000 reads/s"};
    // Read as wide integers and range-checked: a narrowing read would wrap -1 to 65535.
    auto whole = [&](const char* key, std::int64_t fallback, std::int64_t lo, std::int64_t hi) {
      const std::int64_t v = t.value(key, fallback);
      if (v < lo || v > hi)
        throw Bad{"traffic: " + std::string(key) + " must be " + std::to_string(lo) + " to " + std::to_string(hi)};
      return v;
    };
    for (const auto& d : t.at("doors")) {
      auto ants = d.get<std::vector<std::int64_t>>();
      if (ants.size() != 2 || ants[0] < 1 || ants[1] < 1 || ants[0] > 65535 || ants[1] > 65535)
        throw Bad{"traffic: each door is [outside antenna, inside antenna], antennas 1 to 65535"};
      tr.doors.emplace_back(static_cast<std::uint16_t>(ants[0]), static_cast<std::uint16_t>(ants[1]));
    }
    if (tr.doors.empty()) throw Bad{"traffic: needs at least one door"};
    tr.epc_base = hex_bytes(t.at("epc_base").get<std::string>());
    if (tr.epc_base.size() < 4) throw Bad{"traffic: epc_base must be at least 4 bytes"};
    tr.tags_per_pass = static_cast<std::uint32_t>(whole("tags_per_pass", tr.tags_per_pass, 1, 1'000'000));
    tr.reads_per_tag = static_cast<std::uint32_t>(whole("reads_per_tag", tr.reads_per_tag, 2, 100'000));
    tr.rssi = static_cast<std::int8_t>(whole("rssi", tr.rssi, -128, 127));
    tr.tick_ms = whole("tick_ms", tr.tick_ms, 1, 60'000);
    tr.duration_ms = whole("duration_ms", 0, 0, 365LL * 86'400'000);
  }
  int n = 0;
  for (const auto& j : r.value("steps", json::array())) {
    ++n;
    try {
      const std::string kind = j.at("kind").get<std::string>();
      const std::int64_t at = j.value("at_ms", 0);
      Step st;
      st.at_ms = at;
      if (kind == "read" || kind == "stray" || kind == "burst") {
        st.reads = reads_of(j);
      } else if (kind == "pass") {
        expand_pass(j, at, &s.steps);
        continue;
      } else if (kind == "gpi") {
        st.kind = Step::Kind::gpi;
        st.gpi_port = j.value<std::uint16_t>("port", 1);
        st.gpi_high = j.value("high", true);
      } else if (kind == "disconnect") {
        st.kind = Step::Kind::disconnect;
        if (j.contains("backlog")) st.backlog = reads_of(j.at("backlog"));
      } else if (kind == "stall") {
        st.kind = Step::Kind::stall;
        st.duration_ms = j.value("duration_ms", 5000);
      } else if (kind == "error") {
        st.kind = Step::Kind::error;
        st.error_code = j.value<std::uint16_t>("code", 401);
        st.error_description = j.value("description", st.error_description);
        if (j.contains("description_hex")) {
          auto b = hex_bytes(j.at("description_hex").get<std::string>(), "description_hex");
          st.error_description.assign(b.begin(), b.end());
        }
      } else {
        throw Bad{"unknown kind \"" + kind + "\" (read, stray, burst, pass, gpi, disconnect, stall, error)"};
      }
      s.steps.push_back(std::move(st));
    } catch (const Bad& b) {
      throw Bad{"step " + std::to_string(n) + ": " + b.why};
    } catch (const json::exception& e) {
      throw Bad{"step " + std::to_string(n) + ": " + e.what()};
    }
  }
  std::stable_sort(s.steps.begin(), s.steps.end(), [](const Step& a, const Step& b) { return a.at_ms < b.at_ms; });
  return s;
}

}  // namespace

Result<Scenario> parse_scenario(const std::string& text) {
  Scenario sc;
  try {
    const json doc = json::parse(text);
    const json readers = doc.contains("readers") ? doc.at("readers") : json::array({doc});
    int n = 0;
    for (const auto& r : readers) {
      ++n;
      try {
        sc.readers.push_back(reader_of(r));
      } catch (const Bad& b) {
        return error(Errc::invalid_argument, "reader " + std::to_string(n) + ": " + b.why);
      } catch (const json::exception& e) {
        return error(Errc::invalid_argument, "reader " + std::to_string(n) + ": " + e.what());
      }
    }
  } catch (const json::exception& e) {
    return error(Errc::invalid_argument, e.what());
  }
  if (sc.readers.empty()) return error(Errc::invalid_argument, "no readers in the scenario");
  return sc;
}

Result<Scenario> load_scenario(const std::string& path) {
  std::ifstream in(path);
  if (!in) return error(Errc::io, "cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto r = parse_scenario(ss.str());
  if (!r) return error(r.status().code(), path + ": " + r.status().reason());
  return r;
}

}  // namespace jxc::hwsim::rfid
