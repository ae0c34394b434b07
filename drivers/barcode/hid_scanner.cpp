#include "drivers/barcode/hid_scanner.h"

#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
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
    bool grab = false;
    if (fd < 0) {
      problem = opt_.path + ": " + std::strerror(errno);
    } else {
      // An event device is grabbed: without the grab every scan would also
      // be typed into the console. A FIFO of recorded events (a replay) is
      // read by nobody else and has nothing to grab.
      struct stat st {};
      grab = ::fstat(fd, &st) == 0 && S_ISCHR(st.st_mode);
      if (grab && ::ioctl(fd, EVIOCGRAB, 1) != 0) {
        problem = opt_.path + ": exclusive grab refused: " + std::strerror(errno);
        ::close(fd);
        fd = -1;
      }
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
    struct Opened {
      int fd;
      bool grabbed;
      ~Opened() {
        if (grabbed) ::ioctl(fd, EVIOCGRAB, 0);
        ::close(fd);
      }
    } opened{fd, grab};
    report(devices::DeviceState::online, "reading " + opt_.path + (grab ? " (grabbed)" : ""));
    std::string why = read_until_gone(fd);
    if (!worker_.stopping()) report(devices::DeviceState::offline, why + "; waiting for " + opt_.path);
  }
}

std::string HidScanner::read_until_gone(int fd) {
  std::vector<std::string> scans;
  ScanFramer framer(opt_.framing, [&](std::string s) { scans.push_back(std::move(s)); });
  KeymapDecoder keys;
  // The device hands over whole records, but a pipe may cut one in two: the
  // bytes of a record not yet complete wait here for the rest.
  constexpr std::size_t kRecord = sizeof(input_event);
  unsigned char buf[64 * kRecord];
  std::size_t held = 0;
  // Why the device ended, with what it leaves unfinished: the characters of
  // a scan that never got its end (not handed on, since a cut-off barcode
  // may still parse as a different one) and the bytes of a cut-off record.
  const auto gone = [&](std::string why) {
    if (framer.pending() > 0)
      why += "; an unfinished scan of " + std::to_string(framer.pending()) + " characters dropped";
    if (held > 0) why += "; " + std::to_string(held) + " bytes of an incomplete event dropped";
    return why;
  };
  while (!worker_.stopping()) {
    pollfd p[2] = {{fd, POLLIN, 0}, {worker_.wake_fd(), POLLIN, 0}};
    if (::poll(p, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return gone(std::string("poll: ") + std::strerror(errno));
    }
    if (p[1].revents) return "stopping";
    ssize_t n = ::read(fd, buf + held, sizeof buf - held);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return gone(opt_.path + ": " + std::strerror(errno));  // ENODEV when unplugged
    }
    if (n == 0) return gone(opt_.path + " closed");
    held += static_cast<std::size_t>(n);
    const std::size_t whole = held / kRecord * kRecord;
    std::string bytes;
    for (std::size_t at = 0; at < whole; at += kRecord) {
      input_event ev;
      std::memcpy(&ev, buf + at, kRecord);
      keys.feed({ev.type, ev.code, ev.value}, bytes);
    }
    std::memmove(buf, buf + whole, held - whole);
    held -= whole;
    framer.feed(bytes);
    for (auto& s : scans) sink_(s);
    scans.clear();
  }
  return "stopping";
}

}  // namespace jxc::barcode
