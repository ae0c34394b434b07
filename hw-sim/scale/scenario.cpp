#include "hw-sim/scale/scenario.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

namespace jxc::hwsim::scale {
namespace {

bool to_int(const std::string& s, std::int64_t* out) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool to_double(const std::string& s, double* out) {
  try {
    std::size_t used = 0;
    *out = std::stod(s, &used);
    return used == s.size() && std::isfinite(*out);
  } catch (...) {
    return false;
  }
}

Status model_key(config::ScaleModel& m, const std::string& key, const std::string& v) {
  std::int64_t i = 0;
  double d = 0;
  auto need_int = [&](std::int64_t* out, std::int64_t lo, std::int64_t hi) -> Status {
    if (!to_int(v, &i) || i < lo || i > hi)
      return error(Errc::invalid_argument, key + " expects an integer " + std::to_string(lo) + " to " +
                                               std::to_string(hi) + ", got \"" + v + "\"");
    *out = i;
    return Status::ok();
  };
  auto need_choice = [&](std::string* out, std::initializer_list<const char*> choices) -> Status {
    for (const char* c : choices)
      if (v == c) {
        *out = v;
        return Status::ok();
      }
    return error(Errc::invalid_argument, key + ": unexpected \"" + v + "\"");
  };
  if (key == "registers") return need_choice(&m.registers, {"holding", "input"});
  if (key == "type") return need_choice(&m.type, {"int16", "uint16", "int32", "uint32", "float32"});
  if (key == "byte_order") return need_choice(&m.byte_order, {"big", "little"});
  if (key == "word_order") return need_choice(&m.word_order, {"big", "little"});
  if (key == "weight_offset") return need_int(&m.weight_offset, 0, 65535);
  if (key == "decimals") return need_int(&m.decimals, 0, 9);
  if (key == "status_offset") return need_int(&m.status_offset, -1, 65535);
  if (key == "stable_bit") return need_int(&m.stable_bit, -1, 15);
  if (key == "overload_bit") return need_int(&m.overload_bit, -1, 15);
  if (key == "underload_bit") return need_int(&m.underload_bit, -1, 15);
  if (key == "tare_done_bit") return need_int(&m.tare_done_bit, -1, 15);
  if (key == "channel_stride") return need_int(&m.channel_stride, 0, 1000);
  if (key == "weight_stride") return need_int(&m.weight_stride, 0, 1000);
  if (key == "status_stride") return need_int(&m.status_stride, 0, 1000);
  if (key == "stable_when_set") {
    if (v != "true" && v != "false") return error(Errc::invalid_argument, key + " expects true or false");
    m.stable_when_set = v == "true";
    return Status::ok();
  }
  if (key == "scale") {
    if (!to_double(v, &d) || d <= 0) return error(Errc::invalid_argument, "scale expects a positive number");
    m.scale = d;
    return Status::ok();
  }
  return error(Errc::invalid_argument, "unknown model key \"" + key + "\"");
}

}  // namespace

const config::ScaleModel* Scenario::find_model(const std::string& id) const {
  for (const auto& m : models)
    if (m.id == id) return &m;
  for (const auto& m : config::shipped_scale_models())
    if (m.id == id) return &m;
  return nullptr;
}

Result<Scenario> parse_scenario(const std::string& text) {
  Scenario sc;
  std::istringstream in(text);
  std::string raw;
  int n = 0;
  while (std::getline(in, raw)) {
    ++n;
    auto fail = [&](const std::string& why) {
      return error(Errc::invalid_argument, "line " + std::to_string(n) + ": " + why);
    };
    if (auto hash = raw.find('#'); hash != std::string::npos) raw.resize(hash);
    std::istringstream words(raw);
    std::vector<std::string> w;
    for (std::string s; words >> s;) w.push_back(s);
    if (w.empty()) continue;
    std::int64_t a = 0, b = 0;
    if (w[0] == "model") {
      if (w.size() < 2) return fail("model needs a name");
      config::ScaleModel m;
      m.id = w[1];
      for (std::size_t i = 2; i < w.size(); ++i) {
        auto eq = w[i].find('=');
        if (eq == std::string::npos) return fail("expected key=value, got \"" + w[i] + "\"");
        if (Status s = model_key(m, w[i].substr(0, eq), w[i].substr(eq + 1)); !s) return fail(s.reason());
      }
      sc.models.push_back(m);
    } else if (w[0] == "slot") {
      if (w.size() < 4) return fail("slot needs SLAVE CHANNEL MODEL");
      if (!to_int(w[1], &a) || a < 1 || a > 247) return fail("slave must be 1 to 247");
      if (!to_int(w[2], &b) || b < 0 || b > 255) return fail("channel must be 0 to 255");
      SimSlot s;
      s.slave = static_cast<int>(a);
      s.channel = static_cast<int>(b);
      s.model = w[3];
      if (!sc.find_model(s.model)) return fail("unknown model \"" + s.model + "\"");
      for (std::size_t i = 4; i < w.size(); ++i) {
        auto eq = w[i].find('=');
        double v = 0;
        if (eq == std::string::npos || !to_double(w[i].substr(eq + 1), &v))
          return fail("expected key=number, got \"" + w[i] + "\"");
        std::string key = w[i].substr(0, eq);
        if (key == "grams") s.grams = v;
        else if (key == "unit") s.unit_g = v;
        else if (key == "noise") s.noise_g = std::fabs(v);
        else if (key == "base" && v >= 0 && v < 65536) s.base = static_cast<int>(v);
        else return fail("unknown slot key \"" + key + "\"");
      }
      sc.slots.push_back(s);
    } else if (w[0] == "reserved") {
      if (w.size() != 3 || !to_int(w[1], &a) || a < 0 || a > 65535 || !to_int(w[2], &b) || b < 1 || a + b > 65536)
        return fail("reserved needs ADDRESS COUNT within 0 to 65535");
      sc.reserved.emplace_back(static_cast<int>(a), static_cast<int>(b));
    } else if (w[0] == "at") {
      if (w.size() < 3 || !to_int(w[1], &a) || a < 0) return fail("expected: at MS ACTION ...");
      Step st;
      st.at_ms = a;
      st.action = w[2];
      const std::string& act = st.action;
      auto slave_of = [&](std::size_t i) -> bool {
        return i < w.size() && to_int(w[i], &b) && b >= 1 && b <= 247 && (st.slave = static_cast<int>(b), true);
      };
      if (act == "silent" || act == "answer") {
        if (w.size() != 4 || !slave_of(3)) return fail(act + " needs SLAVE");
      } else if (act == "unplug") {
        if (w.size() != 4 || !to_double(w[3], &st.value) || st.value < 0) return fail("unplug needs DURATION_MS");
      } else if (act == "pick" || act == "put" || act == "set" || act == "drift" || act == "noise" ||
                 act == "overload" || act == "tare") {
        if (w.size() != 6 || !slave_of(3) || !to_int(w[4], &b) || b < 0 || b > 255)
          return fail(act + " needs SLAVE CHANNEL VALUE");
        st.channel = static_cast<int>(b);
        if (act == "overload" || act == "tare") {
          if (w[5] != "on" && w[5] != "off") return fail(act + " takes on or off");
          st.value = w[5] == "on" ? 1 : 0;
        } else if (!to_double(w[5], &st.value)) {
          return fail("\"" + w[5] + "\" is not a number");
        }
        bool known = std::any_of(sc.slots.begin(), sc.slots.end(), [&](const SimSlot& s) {
          return s.slave == st.slave && s.channel == st.channel;
        });
        if (!known) return fail("no slot declared for slave " + std::to_string(st.slave) + " channel " + w[4]);
      } else {
        return fail("unknown action \"" + act + "\"");
      }
      sc.steps.push_back(st);
    } else {
      return fail("unknown statement \"" + w[0] + "\"; expected model, slot or at");
    }
  }
  if (sc.slots.empty()) return error(Errc::invalid_argument, "the scenario declares no slot");
  std::stable_sort(sc.steps.begin(), sc.steps.end(),
                   [](const Step& x, const Step& y) { return x.at_ms < y.at_ms; });
  return sc;
}

bool Scenario::is_reserved(int address, int count) const {
  for (const auto& [from, n] : reserved)
    if (address < from + n && from < address + count) return true;
  return false;
}

}  // namespace jxc::hwsim::scale
