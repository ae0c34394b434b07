#include "drivers/barcode/hid_scanner.h"

#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "drivers/barcode/keymap.h"

namespace jxc::barcode {

HidScanner::HidScanner(HidScannerOptions opt, devices::HealthSink& health, ScanSink sink)
    : opt_(std::move(opt)),
      health_(health),
      sink_(std::move(sink)),
      restarter_(health_, opt_.id, kHealthKind, opt_.restart) {}

HidScanner::~HidScanner() { stop(); }

void HidScanner::report(devices::DeviceState s, std::string detail) {
  health_.report(opt_.id, kHealthKind, s, std::move(detail));
}

void HidScanner::start() {
  if (worker_.running()) return;
  report(devices::DeviceState::starting, "opening " + opt_.path);
  restarter_.rearm();
  // An exception from the sink or the loop closes the device, is reported,
  // and the loop opens it again after the back-off.
  if (std::string why = worker_.start([this] { restarter_.run([this] { run(); }); }); !why.empty())
    report(devices::DeviceState::offline, why);
}

void HidScanner::stop() {
  restarter_.stop();
  if (worker_.stop()) report(devices::DeviceState::stopped, "stopped");
}

void HidScanner::run() {
  std::string last_problem;
  while (!worker_.stopping()) {
    int fd = ::open(opt_.path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    std::string problem;
    if (fd < 0) {
      problem = opt_.path + ": " + std::strerror(errno);
    } else if (::ioctl(fd, EVIOCGRAB, 1) != 0) {
      // Without the grab every scan would also be typed into the console.
      problem = opt_.path + ": exclusive grab refused: " + std::strerror(errno);
      ::close(fd);
      fd = -1;
    }
    if (fd < 0) {
      if (problem != last_problem) report(devices::DeviceState::offline, problem + " (retrying)");
      last_problem = problem;
      pollfd p{worker_.wake_fd(), POLLIN, 0};
      ::poll(&p, 1, static_cast<int>(opt_.retry.count()));
      continue;
    }
    last_problem.clear();
    // Released and closed however the loop ends, an exception included:
    // a grab left behind would refuse the next open.
    struct Grabbed {
      int fd;
      ~Grabbed() {
        ::ioctl(fd, EVIOCGRAB, 0);
        ::close(fd);
      }
    } grabbed{fd};
    report(devices::DeviceState::online, "reading " + opt_.path + " (grabbed)");
    std::string why = read_until_gone(fd);
    if (!worker_.stopping()) report(devices::DeviceState::offline, why + "; waiting for " + opt_.path);
  }
}

std::string HidScanner::read_until_gone(int fd) {
  std::vector<std::string> scans;
  ScanFramer framer(opt_.framing, [&](std::string s) { scans.push_back(std::move(s)); });
  KeymapDecoder keys;
  input_event evs[64];
  while (!worker_.stopping()) {
    pollfd p[2] = {{fd, POLLIN, 0}, {worker_.wake_fd(), POLLIN, 0}};
    if (::poll(p, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return std::string("poll: ") + std::strerror(errno);
    }
    if (p[1].revents) return "stopping";
    ssize_t n = ::read(fd, evs, sizeof evs);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return opt_.path + ": " + std::strerror(errno);  // ENODEV when unplugged
    }
    if (n == 0) return opt_.path + " closed";
    std::string bytes;
    for (std::size_t i = 0; i < static_cast<std::size_t>(n) / sizeof(input_event); ++i)
      keys.feed({evs[i].type, evs[i].code, evs[i].value}, bytes);
    framer.feed(bytes);
    for (auto& s : scans) sink_(s);
    scans.clear();
  }
  return "stopping";
}

}  // namespace jxc::barcode
