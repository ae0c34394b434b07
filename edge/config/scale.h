#pragma once
// The [scales] section: Modbus buses of shelf weight transmitters, the
// register layouts (models) of those transmitters, and the slots that turn a
// channel's weight into a unit count of one item in one bin.
//
// Plain data: the Modbus driver (drivers/scale) and the weight-to-stock part
// (edge/weight) read it; neither is known here.

#include <cstdint>
#include <string>
#include <vector>

namespace jxc::config {

struct ScaleBus {
  std::string id;                  // device id, e.g. "shelf-bus-1"
  std::string transport = "tcp";   // "tcp" (Modbus TCP) or "rtu" (RS-485 serial)
  std::string host = "127.0.0.1";  // tcp
  std::int64_t port = 502;         // tcp
  std::string device;              // rtu: e.g. "/dev/ttyUSB0"
  std::int64_t baud = 9600;        // rtu
  std::string parity = "none";     // rtu: "none", "even", "odd"
  std::int64_t data_bits = 8;      // rtu
  std::int64_t stop_bits = 1;      // rtu
  std::int64_t inter_frame_delay_ms = 5;  // quiet time between two requests on the bus
  std::int64_t timeout_ms = 200;          // response timeout of one request
  std::int64_t retries = 1;               // further attempts of a failed request
  std::int64_t poll_interval_ms = 100;    // how often each slave is read
  std::int64_t offline_after = 3;         // failed polls before a slave is offline
  std::int64_t backoff_max_ms = 10000;    // longest wait between polls of an offline slave
  bool operator==(const ScaleBus&) const = default;
};

/// Where a transmitter keeps one channel's weight and status.
struct ScaleModel {
  std::string id;
  std::string registers = "holding";  // "holding" or "input"
  std::int64_t weight_offset = 0;     // first register of the weight, from the channel base
  std::string type = "int32";         // int16, uint16, int32, uint32, float32
  std::string byte_order = "big";     // within a register: "big" (AB) or "little" (BA)
  std::string word_order = "big";     // 32-bit values: "big" (high word first) or "little"
  double scale = 1;                   // grams = raw * scale / 10^decimals
  std::int64_t decimals = 0;
  std::int64_t status_offset = -1;    // status register from the channel base; -1: none
  std::int64_t stable_bit = -1;       // -1: the model has no such bit
  bool stable_when_set = true;        // false: the bit means "in motion"
  std::int64_t overload_bit = -1;
  std::int64_t underload_bit = -1;
  std::int64_t tare_done_bit = -1;
  std::int64_t channel_stride = 0;    // registers from one channel's base to the next
  // Weights and status words in blocks of their own (-1: not given, one block
  // per channel): channel c's weight is at base + weight_offset +
  // c * weight_stride, its status at base + status_offset + c * status_stride.
  std::int64_t weight_stride = -1;
  std::int64_t status_stride = -1;
  bool operator==(const ScaleModel&) const = default;

  bool separate_blocks() const { return weight_stride >= 0 || status_stride >= 0; }
  int weight_registers() const { return type == "int16" || type == "uint16" ? 1 : 2; }
};

/// What is wrong with a register layout, by key. The one check both
/// `check-config` (the section's parser) and the driver at start run, so
/// that neither passes what the other refuses.
struct ModelProblem {
  std::string key;
  std::string message;
};
std::vector<ModelProblem> check_scale_model(const ScaleModel& m);

/// Registers one Modbus read returns at most.
inline constexpr std::int64_t kMaxRegistersPerModbusRead = 125;

struct ScaleSlot {
  std::string id;
  std::string bus;
  std::int64_t slave = 1;    // Modbus unit id, 1 to 247
  std::int64_t channel = 0;  // channel of the transmitter (0-based)
  std::int64_t base = 0;     // register address of channel 0 (0-based protocol address)
  std::string model;         // a [[scales.models]] id or a shipped model
  std::string item;          // SKU held by the slot
  std::string bin;           // bin location code
  double tare_g = 0;         // weight of the empty slot (tray, box)
  double unit_weight_g = 0;  // 0: calibration, else the item's unit_weight_g
  double tolerance = 0.25;   // accepted remainder, as a fraction of the unit weight
  double band_g = 2;         // a reading is stable when it stays within this band ...
  std::int64_t window_ms = 1000;  // ... for this long (or the sensor says stable)
  bool operator==(const ScaleSlot&) const = default;
};

struct Scales {
  /// How long a count change waits for the ledger to explain it (a pick or
  /// putaway posted before or after) before it is a discrepancy.
  std::int64_t match_window_s = 120;
  /// Extra remainder, as a fraction of the unit weight, that a slot may drift
  /// before it leaves a count it holds (it enters one within `tolerance`).
  double hysteresis = 0.1;
  std::vector<ScaleBus> buses;
  std::vector<ScaleModel> models;
  std::vector<ScaleSlot> slots;
  bool operator==(const Scales&) const = default;

  /// The model a slot names: a custom one from `models`, else a shipped one.
  const ScaleModel* find_model(const std::string& id) const;
  const ScaleBus* find_bus(const std::string& id) const;
};

/// Register layouts shipped with the gateway (see scale.cpp for their sources).
const std::vector<ScaleModel>& shipped_scale_models();

}  // namespace jxc::config
