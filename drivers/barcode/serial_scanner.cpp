#include "drivers/barcode/serial_scanner.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace jxc::barcode {

SerialScanner::SerialScanner(SerialScannerOptions opt, devices::HealthSink& health, ScanSink sink)
    : opt_(std::move(opt)),
      health_(health),
      sink_(std::move(sink)),
      restarter_(health_, opt_.id, kHealthKind, opt_.restart) {}

SerialScanner::~SerialScanner() { stop(); }

void SerialScanner::report(devices::DeviceState s, std::string detail) {
  health_.report(opt_.id, kHealthKind, s, std::move(detail));
}

void SerialScanner::start() {
  if (worker_.running()) return;
  report(devices::DeviceState::starting, "opening " + opt_.path);
  restarter_.rearm();
  // An exception from the sink or the loop closes the device, is reported,
  // and the loop opens it again after the back-off.
  if (std::string why = worker_.start([this] { restarter_.run([this] { run(); }); }); !why.empty())
    report(devices::DeviceState::offline, why);
}

void SerialScanner::stop() {
  restarter_.stop();
  if (worker_.stop()) report(devices::DeviceState::stopped, "stopped");
}

void SerialScanner::run() {
  std::string last_problem;
  while (!worker_.stopping()) {
    auto port = SerialPort::open(opt_.path, opt_.serial);
    if (!port) {
      // Repeated failures keep their first report's time; only the detail moves.
      std::string why = port.status().reason();
      if (why != last_problem) report(devices::DeviceState::offline, why + " (retrying)");
      last_problem = why;
      pollfd p{worker_.wake_fd(), POLLIN, 0};
      ::poll(&p, 1, static_cast<int>(opt_.retry.count()));
      continue;
    }
    last_problem.clear();
    report(devices::DeviceState::online,
           "reading " + (*port)->device() + (opt_.path != (*port)->device() ? " (" + opt_.path + ")" : "") +
               " via " + (*port)->via());
    std::string why = read_until_closed(**port);
    if (!worker_.stopping()) report(devices::DeviceState::offline, why + "; waiting for " + opt_.path);
  }
}

std::string SerialScanner::read_until_closed(SerialPort& port) {
  // A framer per connection: half a scan from before an unplug is not a scan.
  std::vector<std::string> scans;
  ScanFramer framer(opt_.framing, [&](std::string s) { scans.push_back(std::move(s)); });
  char buf[512];
  while (!worker_.stopping()) {
    pollfd p[2] = {{port.fd(), POLLIN, 0}, {worker_.wake_fd(), POLLIN, 0}};
    int r = ::poll(p, 2, -1);
    if (r < 0) {
      if (errno == EINTR) continue;
      return std::string("poll: ") + std::strerror(errno);
    }
    if (p[1].revents) return "stopping";
    if (p[0].revents & POLLIN) {
      ssize_t n = ::read(port.fd(), buf, sizeof buf);
      if (n > 0) {
        framer.feed(std::string_view(buf, static_cast<std::size_t>(n)));
        for (auto& scan : scans) {
          const bool ok = sink_(scan);
          const std::string& answer = ok ? opt_.ack : opt_.nak;
          if (!answer.empty()) [[maybe_unused]] auto w = ::write(port.fd(), answer.data(), answer.size());
        }
        scans.clear();
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      return port.device() + (n == 0 ? " closed" : std::string(": ") + std::strerror(errno));
    }
    if (p[0].revents & (POLLHUP | POLLERR | POLLNVAL)) return port.device() + " hung up";
  }
  return "stopping";
}

}  // namespace jxc::barcode
