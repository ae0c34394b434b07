#include "drivers/barcode/serial_port.h"

#include <fcntl.h>
#include <libserialport.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

namespace jxc::barcode {
namespace {

std::string sp_error() {
  char* msg = sp_last_error_message();
  std::string out = msg ? msg : "unknown error";
  sp_free_error_message(msg);
  return out;
}

speed_t speed_of(int baud) {
  switch (baud) {
    case 300: return B300;
    case 1200: return B1200;
    case 2400: return B2400;
    case 4800: return B4800;
    case 9600: return B9600;
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
    case 115200: return B115200;
    case 230400: return B230400;
    case 460800: return B460800;
    case 921600: return B921600;
    default: return 0;
  }
}

Status configure_termios(int fd, const SerialSettings& s) {
  termios t{};
  if (::tcgetattr(fd, &t) != 0) return error(Errc::io, std::string("tcgetattr: ") + std::strerror(errno));
  ::cfmakeraw(&t);
  t.c_cflag |= CLOCAL | CREAD;
  t.c_cflag &= ~(CSIZE | PARENB | PARODD | CSTOPB | CRTSCTS);
  t.c_cflag |= s.data_bits == 5 ? CS5 : s.data_bits == 6 ? CS6 : s.data_bits == 7 ? CS7 : CS8;
  if (s.parity != 'N') t.c_cflag |= PARENB | (s.parity == 'O' ? PARODD : 0);
  if (s.stop_bits == 2) t.c_cflag |= CSTOPB;
  t.c_iflag &= ~(IXON | IXOFF | IXANY);
  if (speed_t sp = speed_of(s.baud)) {
    ::cfsetispeed(&t, sp);
    ::cfsetospeed(&t, sp);
  }
  if (::tcsetattr(fd, TCSANOW, &t) != 0) return error(Errc::io, std::string("tcsetattr: ") + std::strerror(errno));
  return Status::ok();
}

}  // namespace

Result<std::unique_ptr<SerialPort>> SerialPort::open(const std::string& path, const SerialSettings& s) {
  char real[PATH_MAX];
  if (!::realpath(path.c_str(), real))
    return error(Errc::io, path + ": " + std::strerror(errno));
  std::unique_ptr<SerialPort> p(new SerialPort());
  p->device_ = real;

  sp_port* port = nullptr;
  if (sp_get_port_by_name(real, &port) == SP_OK) {
    p->port_ = port;
    if (sp_open(port, SP_MODE_READ_WRITE) != SP_OK)
      return error(Errc::io, p->device_ + ": open: " + sp_error());
    sp_port_config* cfg = nullptr;
    bool ok = sp_new_config(&cfg) == SP_OK;
    ok = ok && sp_set_config_baudrate(cfg, s.baud) == SP_OK &&
         sp_set_config_bits(cfg, s.data_bits) == SP_OK &&
         sp_set_config_parity(cfg, s.parity == 'N'   ? SP_PARITY_NONE
                                   : s.parity == 'O' ? SP_PARITY_ODD
                                                     : SP_PARITY_EVEN) == SP_OK &&
         sp_set_config_stopbits(cfg, s.stop_bits) == SP_OK &&
         sp_set_config_flowcontrol(cfg, SP_FLOWCONTROL_NONE) == SP_OK &&
         sp_set_config(port, cfg) == SP_OK;
    if (cfg) sp_free_config(cfg);
    if (!ok) return error(Errc::io, p->device_ + ": configure: " + sp_error());
    if (sp_get_port_handle(port, &p->fd_) != SP_OK)
      return error(Errc::io, p->device_ + ": " + sp_error());
    // libserialport opens blocking; reads here are driven by poll.
    ::fcntl(p->fd_, F_SETFL, ::fcntl(p->fd_, F_GETFL) | O_NONBLOCK);
    return p;
  }

  // No sysfs description (a pseudo-terminal): plain termios.
  p->fd_ = ::open(real, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (p->fd_ < 0) return error(Errc::io, p->device_ + ": open: " + std::strerror(errno));
  if (!::isatty(p->fd_)) return error(Errc::io, p->device_ + " is not a terminal");
  JXC_TRY(configure_termios(p->fd_, s));
  return p;
}

SerialPort::~SerialPort() {
  if (port_) {
    sp_close(port_);  // closes fd_
    sp_free_port(port_);
  } else if (fd_ >= 0) {
    ::close(fd_);
  }
}

}  // namespace jxc::barcode
