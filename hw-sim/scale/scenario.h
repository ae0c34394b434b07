#pragma once
// The scales simulator's scenario file: slaves, their slots and scripted
// weight changes. Line-based text, one statement per line, '#' starts a
// comment:
//
//   model NAME key=value ...              a custom layout, keys as in [[scales.models]]
//   slot SLAVE CHANNEL MODEL grams=G [unit=U] [base=B] [noise=N]
//   reserved ADDRESS COUNT                registers every slave answers with exception 02
//                                         (Illegal Data Address), as reserved ones on many makes
//   at MS pick SLAVE CHANNEL UNITS        take whole units off (unit= of the slot)
//   at MS put SLAVE CHANNEL UNITS         put whole units on
//   at MS set SLAVE CHANNEL GRAMS
//   at MS drift SLAVE CHANNEL G_PER_S     slow drift from then on
//   at MS noise SLAVE CHANNEL GRAMS       +/- uniform noise from then on
//   at MS overload SLAVE CHANNEL on|off
//   at MS tare SLAVE CHANNEL on|off       the transmitter tares (reports net, tare bit set) or clears it
//   at MS silent SLAVE                    the slave stops answering
//   at MS answer SLAVE                    ... and answers again
//   at MS unplug DURATION_MS              (RTU) the serial line goes away for a while
//
// MS is milliseconds after start. Pure: text in, scenario or error out.

#include <cstdint>
#include <string>
#include <vector>

#include "edge/common/status.h"
#include "edge/config/scale.h"

namespace jxc::hwsim::scale {

struct SimSlot {
  int slave = 1;
  int channel = 0;
  std::string model;
  int base = 0;
  double grams = 0;
  double unit_g = 0;
  double noise_g = 0;
};

struct Step {
  std::int64_t at_ms = 0;
  std::string action;  // pick, put, set, drift, noise, overload, silent, answer, unplug
  int slave = 0, channel = 0;
  double value = 0;    // units, grams, g/s, 1/0 for overload, duration for unplug
};

struct Scenario {
  std::vector<config::ScaleModel> models;  // custom ones; shipped ones are known
  std::vector<SimSlot> slots;
  std::vector<Step> steps;  // in time order
  std::vector<std::pair<int, int>> reserved;  // [address, address + count): exception 02
  bool is_reserved(int address, int count) const;
  const config::ScaleModel* find_model(const std::string& id) const;
};

/// "line 3: ..." on error.
Result<Scenario> parse_scenario(const std::string& text);

}  // namespace jxc::hwsim::scale
