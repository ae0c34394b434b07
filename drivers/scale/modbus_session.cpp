#include "drivers/scale/modbus_session.h"

#include <cerrno>
#include <cstdio>

namespace jxc::scale {
namespace {

// Errors after which the link is no use until it is reopened.
bool link_lost(int e) {
  switch (e) {
    case ECONNRESET: case EPIPE: case ENOTCONN: case EBADF: case EIO: case ENXIO:
    case ENODEV: case ECONNREFUSED: case ECONNABORTED: case ENETDOWN: case ENETUNREACH:
      return true;
    default:
      return false;
  }
}

}  // namespace

ModbusSession::ModbusSession(modbus_t* ctx, std::string description, int timeout_ms)
    : ctx_(ctx), description_(std::move(description)) {
  if (!ctx_) return;
  modbus_set_response_timeout(ctx_, static_cast<uint32_t>(timeout_ms / 1000),
                              static_cast<uint32_t>((timeout_ms % 1000) * 1000));
  // A reply that starts must finish within the same time.
  modbus_set_byte_timeout(ctx_, static_cast<uint32_t>(timeout_ms / 1000),
                          static_cast<uint32_t>((timeout_ms % 1000) * 1000));
  modbus_set_error_recovery(ctx_, MODBUS_ERROR_RECOVERY_NONE);
}

ModbusSession::~ModbusSession() {
  close();
  if (ctx_) modbus_free(ctx_);
}

Status ModbusSession::open() {
  if (!ctx_) return error(Errc::unavailable, description_ + ": invalid settings");
  if (open_) return Status::ok();
  if (modbus_connect(ctx_) != 0)
    return error(Errc::unavailable, description_ + ": " + modbus_strerror(errno));
  open_ = true;
  return Status::ok();
}

void ModbusSession::close() {
  if (open_ && ctx_) modbus_close(ctx_);
  open_ = false;
}

Status ModbusSession::read(int slave, RegisterKind kind, int address, int count, std::uint16_t* out) {
  if (!open_) return error(Errc::unavailable, description_ + ": not open");
  modbus_set_slave(ctx_, slave);
  int rc = kind == RegisterKind::holding ? modbus_read_registers(ctx_, address, count, out)
                                         : modbus_read_input_registers(ctx_, address, count, out);
  if (rc == count) return Status::ok();
  int e = rc < 0 ? errno : EMBBADDATA;
  std::string why = modbus_strerror(e);
  // An exception reply is an answer: the slave is there and refuses the
  // request. Its code says why (02: the registers do not exist on it).
  if (e >= EMBXILFUN && e <= EMBXGTAR) {
    char code[4];
    std::snprintf(code, sizeof code, "%02d", e - MODBUS_ENOBASE);
    why = std::string("Modbus exception ") + code + " (" + why + ") reading " +
          (kind == RegisterKind::holding ? "holding" : "input") + " registers " + std::to_string(address) + "-" +
          std::to_string(address + count - 1);
  }
  if (link_lost(e)) return error(Errc::unavailable, description_ + ": slave " + std::to_string(slave) + ": " + why);
  if (e >= EMBXILFUN && e <= EMBXGTAR) return error(Errc::invalid_argument, why);
  // A late answer to this request must not be taken for the next one's.
  modbus_flush(ctx_);
  return error(Errc::io, why);
}

std::unique_ptr<Link> make_link(const config::ScaleBus& bus) {
  return bus.transport == "rtu" ? make_rtu_link(bus) : make_tcp_link(bus);
}

}  // namespace jxc::scale
