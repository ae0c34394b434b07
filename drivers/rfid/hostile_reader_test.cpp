// The LLRP client against "readers" that misbehave as no standard allows: a
// peer that sends garbage, one that announces a frame far above the cap and
// sends it a byte at a time, and one that accepts the connection and says
// nothing. Each is a small TCP server in this test on loopback. The link
// must report the reader offline with a reason, never buffer the huge frame,
// and keep reconnecting; the process stays up.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "drivers/rfid/reader_link.h"
#include "drivers/rfid/test_support.h"

namespace jxc::llrp {
namespace {

using namespace testing;
using namespace std::chrono_literals;
using devices::DeviceState;

/// Accepts connections one after another and plays `behave` on each.
class HostilePeer {
 public:
  explicit HostilePeer(std::function<void(int fd, const std::atomic<bool>& stop)> behave)
      : behave_(std::move(behave)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    EXPECT_EQ(::listen(listen_fd_, 4), 0);
    socklen_t len = sizeof a;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      while (!stop_) {
        int fd = ::accept(listen_fd_, nullptr, nullptr);
        if (fd < 0) break;
        ++accepted_;
        behave_(fd, stop_);
        ::close(fd);
      }
    });
  }
  ~HostilePeer() {
    stop_ = true;
    ::shutdown(listen_fd_, SHUT_RDWR);
    ::close(listen_fd_);
    thread_.join();
  }
  std::uint16_t port() const { return port_; }
  int accepted() const { return accepted_; }

 private:
  std::function<void(int, const std::atomic<bool>&)> behave_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

ReaderOptions options(std::uint16_t port) {
  ReaderOptions o;
  o.id = "hostile";
  o.host = "127.0.0.1";
  o.port = port;
  o.antennas = {1};
  o.keepalive_ms = 500;
  o.reconnect_min = std::chrono::milliseconds(50);
  o.reconnect_max = std::chrono::milliseconds(200);
  return o;
}

// Holds the connection until the link closes it or the test ends.
void hold(int fd, const std::atomic<bool>& stop) {
  char b[256];
  while (!stop) {
    timeval tv{0, 50'000};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ssize_t n = ::recv(fd, b, sizeof b, 0);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) return;
  }
}

void expect_offline_and_reconnecting(HostilePeer& peer, RecordingHealth& health, const std::string& why,
                                     int connections = 3) {
  ASSERT_TRUE(health.wait_for(DeviceState::offline, why, 0, 30s)) << health.dump();
  const auto end = std::chrono::steady_clock::now() + 30s;
  while (peer.accepted() < connections && std::chrono::steady_clock::now() < end)
    std::this_thread::sleep_for(20ms);
  EXPECT_GE(peer.accepted(), connections) << "the link stopped reconnecting\n" << health.dump();
}

TEST(HostileReader, GarbageIsAFrameErrorAndTheLinkReconnects) {
  HostilePeer peer([](int fd, const std::atomic<bool>& stop) {
    // Version 7, type 1023, a length below the header's own 10 bytes.
    const std::uint8_t junk[] = {0xFF, 0xFF, 0, 0, 0, 3, 0xDE, 0xAD, 0xBE, 0xEF, 0x00, 0x01, 0x02};
    ::send(fd, junk, sizeof junk, MSG_NOSIGNAL);
    hold(fd, stop);
  });
  RecordingSink sink;
  RecordingHealth health;
  ReaderLink link(options(peer.port()), health, sink);
  link.start();
  expect_offline_and_reconnecting(peer, health, "bad frame from reader: byte 0");
  link.stop();
  EXPECT_TRUE(sink.epcs.empty());
}

TEST(HostileReader, AFrameAboveTheCapSentByteByByteIsRefusedFromItsHeader) {
  std::atomic<std::size_t> sent{0};
  HostilePeer peer([&sent](int fd, const std::atomic<bool>& stop) {
    // A READER_EVENT_NOTIFICATION (type 63) announcing 16 MiB, then its body a byte at a time.
    std::vector<std::uint8_t> frame = {0x04, 0x3F, 0x01, 0x00, 0x00, 0x00, 0, 0, 0, 1};
    frame.resize(frame.size() + 4096, 0xAB);
    for (std::uint8_t b : frame) {
      if (stop || ::send(fd, &b, 1, MSG_NOSIGNAL) != 1) return;
      ++sent;
      std::this_thread::sleep_for(1ms);
    }
    hold(fd, stop);
  });
  RecordingSink sink;
  RecordingHealth health;
  ReaderLink link(options(peer.port()), health, sink);
  link.start();
  expect_offline_and_reconnecting(peer, health, "exceeds the limit of 1048576 bytes");
  link.stop();
  // Refused once the header was in: nowhere near the announced size was read.
  EXPECT_LT(sent.load(), 3u * 4106u);
}

TEST(HostileReader, APeerThatNeverSpeaksIsDeclaredDeadAndLeft) {
  HostilePeer peer(hold);
  RecordingSink sink;
  RecordingHealth health;
  ReaderLink link(options(peer.port()), health, sink);
  link.start();
  // Before the set-up, no keepalive is agreed: the link gives a silent peer
  // its set-up time, then drops it and tries again.
  expect_offline_and_reconnecting(peer, health, "nothing from the reader", 2);
  link.stop();
}

}  // namespace
}  // namespace jxc::llrp
