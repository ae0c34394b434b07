#pragma once
// What the TCP and RTU links share: a libmodbus context, its timeouts and
// the mapping of libmodbus errors to ours. Private to drivers/scale.

#include <modbus.h>

#include "drivers/scale/link.h"

namespace jxc::scale {

class ModbusSession : public Link {
 public:
  ModbusSession(modbus_t* ctx, std::string description, int timeout_ms);
  ~ModbusSession() override;

  const std::string& describe() const override { return description_; }
  Status open() override;
  void close() override;
  bool is_open() const override { return open_; }
  Status read(int slave, RegisterKind kind, int address, int count, std::uint16_t* out) override;

 private:
  modbus_t* ctx_;
  std::string description_;
  bool open_ = false;
};

}  // namespace jxc::scale
