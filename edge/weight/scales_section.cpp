// Parser of the [scales] section (config::Scales, edge/config/scale.h). Every
// problem is reported at the node it is about; cross-references (a slot's bus
// and model) are checked after the tables are read.
#include "edge/weight/scales_section.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <type_traits>

#include "edge/config/scale.h"

namespace jxc::weight {
namespace {

using namespace config;  // the parsing helpers of edge/config/section.h

using Reader = std::function<Problem(const Node&)>;

// Reads the keys of one table of an array through `readers`; unknown keys and
// bad values are reported with the dotted key `prefix.key`.
void read_table(const Node& t, const std::string& prefix,
                const std::map<std::string, Reader>& readers, SectionErrors& errors) {
  for (const Entry& e : t.entries()) {
    const std::string& name = e.key;
    auto it = readers.find(name);
    if (it == readers.end()) {
      std::vector<std::string_view> names;
      for (const auto& [k, _] : readers) names.push_back(k);
      errors.add(e.at(), prefix + "." + name, "unknown key; expected one of " + join(names, ", "));
      continue;
    }
    if (auto p = it->second(e.value)) errors.add(e.value, prefix + "." + name, *p);
  }
}

Reader text(std::string* out) {
  return [out](const Node& n) { return read_string(n, "a string", out); };
}
Reader nonempty_text(std::string* out) {
  return [out](const Node& n) -> Problem {
    if (auto p = read_string(n, "a string", out)) return p;
    if (out->empty()) return std::string("must not be empty");
    return std::nullopt;
  };
}
Reader id_text(std::string* out) {
  return [out](const Node& n) { return read_gateway_id(n, out); };
}
Reader choice(std::vector<std::string_view> choices, std::string* out) {
  return [choices, out](const Node& n) { return read_choice(n, choices, out); };
}
Reader integer(std::int64_t min, std::int64_t max, std::int64_t* out) {
  return [=](const Node& n) { return read_integer(n, min, max, out); };
}
Reader number(double min, double max, std::string_view unit, double* out) {
  return [=](const Node& n) { return read_number(n, min, max, unit, out); };
}
Reader boolean(bool* out) {
  return [out](const Node& n) { return read_bool(n, out); };
}

std::map<std::string, Reader> bus_readers(ScaleBus& b) {
  return {
      {"id", id_text(&b.id)},
      {"transport", choice({"tcp", "rtu"}, &b.transport)},
      {"host", text(&b.host)},
      {"port", integer(1, 65535, &b.port)},
      {"device", nonempty_text(&b.device)},
      {"baud", integer(300, 921600, &b.baud)},
      {"parity", choice({"none", "even", "odd"}, &b.parity)},
      {"data_bits", integer(5, 8, &b.data_bits)},
      {"stop_bits", integer(1, 2, &b.stop_bits)},
      {"inter_frame_delay_ms", integer(0, 1000, &b.inter_frame_delay_ms)},
      {"timeout_ms", integer(10, 10000, &b.timeout_ms)},
      {"retries", integer(0, 10, &b.retries)},
      {"poll_interval_ms", integer(10, 3600000, &b.poll_interval_ms)},
      {"offline_after", integer(1, 100, &b.offline_after)},
      {"backoff_max_ms", integer(10, 3600000, &b.backoff_max_ms)},
  };
}

// -1: the model has no such bit (or no status register).
Reader bit(std::int64_t* out) { return integer(-1, 15, out); }

std::map<std::string, Reader> model_readers(ScaleModel& m) {
  return {
      {"id", id_text(&m.id)},
      {"registers", choice({"holding", "input"}, &m.registers)},
      {"weight_offset", integer(0, 65535, &m.weight_offset)},
      {"type", choice({"int16", "uint16", "int32", "uint32", "float32"}, &m.type)},
      {"byte_order", choice({"big", "little"}, &m.byte_order)},
      {"word_order", choice({"big", "little"}, &m.word_order)},
      {"scale", number(1e-9, 1e9, "", &m.scale)},
      {"decimals", integer(0, 9, &m.decimals)},
      {"status_offset", integer(-1, 65535, &m.status_offset)},
      {"stable_bit", bit(&m.stable_bit)},
      {"stable_when_set", boolean(&m.stable_when_set)},
      {"overload_bit", bit(&m.overload_bit)},
      {"underload_bit", bit(&m.underload_bit)},
      {"tare_done_bit", bit(&m.tare_done_bit)},
      {"channel_stride", integer(0, 1000, &m.channel_stride)},
      {"weight_stride", integer(0, 1000, &m.weight_stride)},
      {"status_stride", integer(0, 1000, &m.status_stride)},
  };
}

std::map<std::string, Reader> slot_readers(ScaleSlot& s) {
  return {
      {"id", id_text(&s.id)},
      {"bus", nonempty_text(&s.bus)},
      {"slave", integer(1, 247, &s.slave)},
      {"channel", integer(0, 255, &s.channel)},
      {"base", integer(0, 65535, &s.base)},
      {"model", nonempty_text(&s.model)},
      {"item", nonempty_text(&s.item)},
      {"bin", nonempty_text(&s.bin)},
      {"tare_g", number(0, 1e9, "g", &s.tare_g)},
      {"unit_weight_g", number(0, 1e9, "g", &s.unit_weight_g)},
      {"tolerance", number(0.01, 0.49, "of a unit", &s.tolerance)},
      {"band_g", number(0, 1e6, "g", &s.band_g)},
      {"window_ms", integer(0, 600000, &s.window_ms)},
  };
}

// Reads `[[scales.<name>]]` into `out`; `required` keys must be present.
template <typename T>
void read_array(const Node& node, const std::string& name,
                std::map<std::string, Reader> (*readers)(T&), const std::vector<std::string>& required,
                std::vector<T>* out, std::vector<Node>* nodes, SectionErrors& errors) {
  std::string key = "scales." + name;
  if (!node.is_array()) {
    errors.add(node, key, "expected an array of tables [[" + key + "]], got " + kind_and_value(node));
    return;
  }
  const std::vector<Node> elements = node.elements();
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const Node& el = elements[i];
    std::string prefix = key + "[" + std::to_string(i) + "]";
    if (!el.is_table()) {
      errors.add(el, prefix, "expected a table, got " + kind_and_value(el));
      continue;
    }
    T value;
    read_table(el, prefix, readers(value), errors);
    for (const auto& r : required)
      if (!el.contains(r)) errors.add(el, prefix + "." + r, "missing; it is required");
    out->push_back(std::move(value));
    nodes->push_back(el);
  }
}

void check_references(Scales& s, const std::vector<Node>& bus_nodes,
                      const std::vector<Node>& model_nodes,
                      const std::vector<Node>& slot_nodes, SectionErrors& errors) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < s.buses.size(); ++i) {
    const auto& b = s.buses[i];
    std::string prefix = "scales.buses[" + std::to_string(i) + "]";
    if (!b.id.empty() && !seen.insert(b.id).second)
      errors.add(bus_nodes[i], prefix + ".id", "duplicate bus id " + in_quotes(b.id));
    if (b.transport == "rtu" && b.device.empty())
      errors.add(bus_nodes[i], prefix + ".device", "an rtu bus needs its serial device");
  }
  seen.clear();
  for (std::size_t i = 0; i < s.models.size(); ++i) {
    const auto& m = s.models[i];
    std::string prefix = "scales.models[" + std::to_string(i) + "]";
    if (!m.id.empty() && !seen.insert(m.id).second)
      errors.add(model_nodes[i], prefix + ".id", "duplicate model id " + in_quotes(m.id));
    // The driver refuses at start exactly what this refuses (the same check).
    for (const auto& p : check_scale_model(m)) {
      Position at = model_nodes[i].at();
      for (const auto& e : model_nodes[i].entries())
        if (e.key == p.key) at = e.at();
      errors.add(at, prefix + "." + p.key, p.message);
    }
  }
  seen.clear();
  for (std::size_t i = 0; i < s.slots.size(); ++i) {
    const auto& sl = s.slots[i];
    std::string prefix = "scales.slots[" + std::to_string(i) + "]";
    if (!sl.id.empty() && !seen.insert(sl.id).second)
      errors.add(slot_nodes[i], prefix + ".id", "duplicate slot id " + in_quotes(sl.id));
    if (!sl.bus.empty() && !s.find_bus(sl.bus))
      errors.add(slot_nodes[i], prefix + ".bus", "no [[scales.buses]] has id " + in_quotes(sl.bus));
    if (!sl.model.empty() && !s.find_model(sl.model)) {
      std::vector<std::string_view> names;
      for (const auto& m : s.models) names.push_back(m.id);
      for (const auto& m : shipped_scale_models()) names.push_back(m.id);
      errors.add(slot_nodes[i], prefix + ".model",
                 "unknown model " + in_quotes(sl.model) + "; expected one of " + join(names, ", "));
    }
  }
}

void parse_scales(const Node& node, Config& config, SectionErrors& errors) {
  if (!node.is_table()) {
    errors.add(node, "scales", "expected a table [scales], got " + kind_and_value(node));
    return;
  }
  Scales& s = config.scales;
  std::vector<Node> bus_nodes, model_nodes, slot_nodes;
  for (const Entry& e : node.entries()) {
    const std::string& name = e.key;
    const Node& value = e.value;
    if (name == "match_window_s") {
      if (auto p = read_integer(value, 1, 86400, &s.match_window_s)) errors.add(value, "scales." + name, *p);
    } else if (name == "hysteresis") {
      if (auto p = read_number(value, 0, 0.4, "of a unit", &s.hysteresis)) errors.add(value, "scales." + name, *p);
    } else if (name == "buses") {
      read_array<ScaleBus>(value, name, bus_readers, {"id"}, &s.buses, &bus_nodes, errors);
    } else if (name == "models") {
      read_array<ScaleModel>(value, name, model_readers, {"id"}, &s.models, &model_nodes, errors);
    } else if (name == "slots") {
      read_array<ScaleSlot>(value, name, slot_readers, {"id", "bus", "model", "item", "bin"},
                            &s.slots, &slot_nodes, errors);
    } else {
      errors.add(e.at(), "scales." + name,
                 "unknown key in [scales]; expected one of match_window_s, hysteresis, buses, "
                 "models, slots");
    }
  }
  check_references(s, bus_nodes, model_nodes, slot_nodes, errors);
}

std::vector<std::string> scale_keys() {
  std::vector<std::string> keys = {"scales.match_window_s", "scales.hysteresis"};
  ScaleBus b;
  for (const auto& [k, _] : bus_readers(b)) keys.push_back("scales.buses[]." + k);
  ScaleModel m;
  for (const auto& [k, _] : model_readers(m)) keys.push_back("scales.models[]." + k);
  ScaleSlot sl;
  for (const auto& [k, _] : slot_readers(sl)) keys.push_back("scales.slots[]." + k);
  return keys;
}

template <typename... F>
std::string fields(const F&... f) {
  std::string out;
  auto one = [&out](const auto& v) {
    if (!out.empty()) out += ",";
    if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>) out += in_quotes(v);
    else if constexpr (std::is_same_v<std::decay_t<decltype(v)>, bool>) out += v ? "true" : "false";
    else if constexpr (std::is_floating_point_v<std::decay_t<decltype(v)>>) out += format_double(v);
    else out += std::to_string(v);
  };
  (one(f), ...);
  return "{" + out + "}";
}

std::string text_of(const ScaleBus& b) {
  return fields(b.id, b.transport, b.host, b.port, b.device, b.baud, b.parity, b.data_bits,
                b.stop_bits, b.inter_frame_delay_ms, b.timeout_ms, b.retries, b.poll_interval_ms,
                b.offline_after, b.backoff_max_ms);
}
std::string text_of(const ScaleModel& m) {
  return fields(m.id, m.registers, m.weight_offset, m.type, m.byte_order, m.word_order, m.scale,
                m.decimals, m.status_offset, m.stable_bit, m.stable_when_set, m.overload_bit,
                m.underload_bit, m.tare_done_bit, m.channel_stride, m.weight_stride, m.status_stride);
}
std::string text_of(const ScaleSlot& s) {
  return fields(s.id, s.bus, s.slave, s.channel, s.base, s.model, s.item, s.bin, s.tare_g,
                s.unit_weight_g, s.tolerance, s.band_g, s.window_ms);
}
template <typename T>
std::string list_text(const std::vector<T>& v) {
  std::string out = "[";
  for (const auto& e : v) out += (out.size() > 1 ? "," : "") + text_of(e);
  return out + "]";
}

std::string render_scales(const Config& c, std::string_view key) {
  const Scales& s = c.scales;
  if (key == "scales.match_window_s") return std::to_string(s.match_window_s);
  if (key == "scales.hysteresis") return format_double(s.hysteresis);
  // Arrays of tables change as a whole: every key of the array shows the
  // array's new contents.
  if (key.starts_with("scales.buses[].")) return list_text(s.buses);
  if (key.starts_with("scales.models[].")) return list_text(s.models);
  if (key.starts_with("scales.slots[].")) return list_text(s.slots);
  return {};
}

}  // namespace

config::Section scales_section() {
  return config::Section{"scales", parse_scales, scale_keys(), render_scales};
}

}  // namespace jxc::weight
