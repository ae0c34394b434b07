// Parses [scanners]: [[scanners.devices]] and [scanners.labels] (see
// scanners_section.h), and renders its keys for config::diff().
#include "edge/scan/scanners_section.h"

#include <set>

#include "edge/config/scanner.h"
#include "edge/scan/labels.h"

namespace jxc::scan {
namespace {

using namespace config;  // the parsing helpers of edge/config/section.h

const std::vector<std::string_view> kDeviceKeys = {
    "id",     "kind",   "path",          "baud", "data_bits", "parity", "stop_bits",
    "suffix", "gs_substitute", "mode",   "user", "ack",       "nak", "receipt_inspection"};
const std::vector<std::string_view> kLabelKeys = {
    "bin",        "receipt",   "pick_list",  "count", "mode_receive", "mode_pick",
    "mode_move",  "mode_count", "undo",      "finish", "quantity"};

Problem read_pattern(const Node& n, std::string* out) {
  if (auto p = read_string(n, "a pattern string", out)) return p;
  if (auto bad = check_pattern(*out)) return *bad;
  return std::nullopt;
}

// A command label: a pattern, or "" to have no such label.
Problem read_command(const Node& n, std::string* out) {
  if (auto p = read_string(n, "a label text (\"\" for none)", out)) return p;
  if (out->empty()) return std::nullopt;
  if (out->find('*') != std::string::npos) return "a command label is exact text, without '*'";
  return std::nullopt;
}

void read_patterns(const Node& n, const std::string& key, std::vector<std::string>* out,
                   SectionErrors& errors) {
  if (!n.is_array()) {
    errors.add(n, key, "expected an array of pattern strings, got " + kind_and_value(n));
    return;
  }
  out->clear();
  for (const Node& el : n.elements()) {
    std::string p;
    if (auto problem = read_pattern(el, &p)) errors.add(el, key, *problem);
    else out->push_back(std::move(p));
  }
}

void parse_labels(const Node& n, LabelPatterns& l, SectionErrors& errors) {
  if (!n.is_table()) {
    errors.add(n, "scanners.labels", "expected a table, got " + kind_and_value(n));
    return;
  }
  for (const Entry& e : n.entries()) {
    const Node& v = e.value;
    const std::string& name = e.key;
    const std::string key = "scanners.labels." + name;
    Problem p;
    if (name == "bin") read_patterns(v, key, &l.bin, errors);
    else if (name == "receipt") read_patterns(v, key, &l.receipt, errors);
    else if (name == "pick_list") read_patterns(v, key, &l.pick_list, errors);
    else if (name == "count") read_patterns(v, key, &l.count, errors);
    else if (name == "mode_receive") p = read_command(v, &l.mode_receive);
    else if (name == "mode_pick") p = read_command(v, &l.mode_pick);
    else if (name == "mode_move") p = read_command(v, &l.mode_move);
    else if (name == "mode_count") p = read_command(v, &l.mode_count);
    else if (name == "undo") p = read_command(v, &l.undo);
    else if (name == "finish") p = read_command(v, &l.finish);
    else if (name == "quantity") {
      p = read_pattern(v, &l.quantity);
      if (!p && l.quantity.find('*') == std::string::npos) p = "needs a '*' where the number goes";
    } else {
      errors.add(e.at(), key, "unknown key in [scanners.labels]; expected one of " + join(kLabelKeys, ", "));
    }
    if (p) errors.add(v, key, *p);
  }
}

void parse_device(const Node& t, int index, Scanners& out, SectionErrors& errors,
                  std::set<std::string>& ids) {
  ScannerDevice d;
  const std::string at = "scanners.devices[" + std::to_string(index) + "]";
  for (const Entry& e : t.entries()) {
    const Node& v = e.value;
    const std::string& name = e.key;
    const std::string key = at + "." + name;
    Problem p;
    std::string s;
    if (name == "id") {
      p = read_gateway_id(v, &d.id);
      if (!p && !ids.insert(d.id).second) p = "scanner id \"" + d.id + "\" is used twice";
    } else if (name == "kind") p = read_choice(v, {"serial", "hid"}, &d.kind);
    else if (name == "path") {
      p = read_string(v, "a device path", &d.path);
      // Absolute, since the daemon's working directory is / under systemd; not
      // necessarily under /dev (a simulator's link lives anywhere).
      if (!p && !d.path.starts_with("/")) p = "expected an absolute device path, got " + in_quotes(d.path);
    } else if (name == "baud") p = read_integer(v, 300, 4000000, &d.baud);
    else if (name == "data_bits") p = read_integer(v, 5, 8, &d.data_bits);
    else if (name == "parity") p = read_choice(v, {"none", "odd", "even"}, &d.parity);
    else if (name == "stop_bits") p = read_integer(v, 1, 2, &d.stop_bits);
    else if (name == "suffix") p = read_string(v, "a string (\"\" for CR or LF)", &d.suffix);
    else if (name == "gs_substitute") p = read_string(v, "a string (\"\" for none)", &d.gs_substitute);
    else if (name == "mode") {
      p = read_choice(v, {"receive", "pick", "move", "count"}, &s);
      if (!p) parse_mode(s, &d.mode);
    } else if (name == "user") p = read_string(v, "a user name", &d.user);
    else if (name == "ack") p = read_string(v, "a string of bytes", &d.ack);
    else if (name == "nak") p = read_string(v, "a string of bytes", &d.nak);
    else if (name == "receipt_inspection")
      p = read_choice(v, {"none", "accepted", "quarantine"}, &d.receipt_inspection);
    else {
      errors.add(e.at(), key, "unknown key in [[scanners.devices]]; expected one of " + join(kDeviceKeys, ", "));
      continue;
    }
    if (p) errors.add(v, key, *p);
  }
  for (const char* required : {"id", "kind", "path"})
    if (!t.contains(required))
      errors.add(t, at + "." + required, std::string("missing; every scanner needs ") + required);
  if (d.kind == "hid" && (!d.ack.empty() || !d.nak.empty()))
    errors.add(t, at + ".ack", "ack and nak need a serial scanner; a keyboard-wedge scanner has no way back");
  out.devices.push_back(std::move(d));
}

void parse_scanners(const Node& n, Config& config, SectionErrors& errors) {
  if (!n.is_table()) {
    errors.add(n, "scanners", "expected a table [scanners], got " + kind_and_value(n));
    return;
  }
  Scanners out;
  std::set<std::string> ids;
  for (const Entry& e : n.entries()) {
    const Node& v = e.value;
    const std::string& name = e.key;
    if (name == "labels") {
      parse_labels(v, out.labels, errors);
    } else if (name == "devices") {
      if (!v.is_array()) {
        errors.add(v, "scanners.devices", "expected [[scanners.devices]] tables, got " + kind_and_value(v));
        continue;
      }
      int i = 0;
      for (const Node& el : v.elements()) {
        if (el.is_table()) parse_device(el, i, out, errors, ids);
        else errors.add(el, "scanners.devices[" + std::to_string(i) + "]", "expected a table, got " + kind_and_value(el));
        ++i;
      }
    } else {
      errors.add(e.at(), "scanners." + name, "unknown key in [scanners]; expected devices or labels");
    }
  }
  config.scanners = std::move(out);
}

std::vector<std::string> keys() {
  std::vector<std::string> out;
  for (auto k : kLabelKeys) out.push_back("scanners.labels." + std::string(k));
  for (auto k : kDeviceKeys) out.push_back("scanners.devices[]." + std::string(k));
  return out;
}

std::string render_scanners(const Config& c, std::string_view key) {
  const Scanners& s = c.scanners;
  auto list = [](const std::vector<std::string>& v) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + in_quotes(v[i]);
    return out + "]";
  };
  const auto& l = s.labels;
  if (key == "scanners.labels.bin") return list(l.bin);
  if (key == "scanners.labels.receipt") return list(l.receipt);
  if (key == "scanners.labels.pick_list") return list(l.pick_list);
  if (key == "scanners.labels.count") return list(l.count);
  if (key == "scanners.labels.mode_receive") return in_quotes(l.mode_receive);
  if (key == "scanners.labels.mode_pick") return in_quotes(l.mode_pick);
  if (key == "scanners.labels.mode_move") return in_quotes(l.mode_move);
  if (key == "scanners.labels.mode_count") return in_quotes(l.mode_count);
  if (key == "scanners.labels.undo") return in_quotes(l.undo);
  if (key == "scanners.labels.finish") return in_quotes(l.finish);
  if (key == "scanners.labels.quantity") return in_quotes(l.quantity);
  const std::string prefix = "scanners.devices[].";
  if (!key.starts_with(prefix)) return {};
  const std::string field(key.substr(prefix.size()));
  std::string out = "[";
  for (std::size_t i = 0; i < s.devices.size(); ++i) {
    const auto& d = s.devices[i];
    std::string x;
    if (field == "id") x = in_quotes(d.id);
    else if (field == "kind") x = in_quotes(d.kind);
    else if (field == "path") x = in_quotes(d.path);
    else if (field == "baud") x = std::to_string(d.baud);
    else if (field == "data_bits") x = std::to_string(d.data_bits);
    else if (field == "parity") x = in_quotes(d.parity);
    else if (field == "stop_bits") x = std::to_string(d.stop_bits);
    else if (field == "suffix") x = in_quotes(d.suffix);
    else if (field == "gs_substitute") x = in_quotes(d.gs_substitute);
    else if (field == "mode") x = in_quotes(to_string(d.mode));
    else if (field == "user") x = in_quotes(d.user);
    else if (field == "ack") x = in_quotes(d.ack);
    else if (field == "nak") x = in_quotes(d.nak);
    else if (field == "receipt_inspection") x = in_quotes(d.receipt_inspection);
    out += (i ? ", " : "") + x;
  }
  return out + "]";
}

}  // namespace

config::Section scanners_section() {
  return config::Section{"scanners", parse_scanners, keys(), render_scanners};
}

}  // namespace jxc::scan
