// Alert endpoints that misbehave, played by small servers on loopback: an
// HTTP endpoint that answers with a huge body or trickles its answer, an SMTP
// relay that answers slowly, with an endless line or endless continuations. Each delivery ends
// within its deadline having read a bounded amount; the dispatcher goes on,
// reports the channel failing, and clears it when the endpoint behaves again.

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

#include "edge/alerts/channels/dispatcher.h"
#include "edge/alerts/channels/transport.h"
#include "edge/inventory/test_store.h"

namespace jxc::alerts::channels {
namespace {

using namespace std::chrono_literals;

// Accepts connections on 127.0.0.1 one after another and hands each to
// `serve`, which plays the peer until it returns or the client goes.
class PeerServer {
 public:
  using Serve = std::function<void(int fd, PeerServer& self)>;
  explicit PeerServer(Serve serve) : serve_(std::move(serve)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    EXPECT_EQ(::listen(fd_, 8), 0);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      for (;;) {
        int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (c < 0) return;  // shut down
        {
          std::lock_guard lk(mu_);
          client_ = c;
        }
        serve_(c, *this);
        std::lock_guard lk(mu_);
        ::close(c);
        client_ = -1;
      }
    });
  }
  ~PeerServer() {
    stopping_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    {
      std::lock_guard lk(mu_);
      if (client_ >= 0) ::shutdown(client_, SHUT_RDWR);
    }
    thread_.join();
    ::close(fd_);
  }
  int port() const { return port_; }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  bool stopping() const { return stopping_; }

  // ---- what a peer does ----
  /// Reads what the client sent until `end` arrived (or the client went).
  static std::string read_until(int fd, const std::string& end) {
    std::string in;
    char buf[4096];
    while (in.find(end) == std::string::npos) {
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      in.append(buf, static_cast<std::size_t>(n));
    }
    return in;
  }
  /// False once the client has gone.
  static bool send_all(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
      ssize_t n = ::send(fd, text.data() + done, text.size() - done, MSG_NOSIGNAL);
      if (n <= 0) return false;
      done += static_cast<std::size_t>(n);
    }
    return true;
  }
  /// Waits up to `ms`; true when the client closed its end meanwhile.
  static bool client_closed_within(int fd, int ms) {
    pollfd p{fd, POLLIN | POLLRDHUP, 0};
    if (::poll(&p, 1, ms) <= 0) return false;
    char c;
    return ::recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) <= 0;
  }

 private:
  Serve serve_;
  int fd_ = -1, port_ = 0;
  std::mutex mu_;
  int client_ = -1;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

const std::string kOk = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";

// A body far above what a webhook answers: the client stops reading at its
// limit and fails the delivery.
void huge_body(int fd, PeerServer&) {
  PeerServer::read_until(fd, "\r\n\r\n");
  if (!PeerServer::send_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\n\r\n")) return;
  const std::string chunk(64 * 1024, 'x');
  for (int i = 0; i < 16; ++i)
    if (!PeerServer::send_all(fd, chunk)) return;
}

// A header, then one byte of body now and then, never the end.
void trickle(int fd, PeerServer& self) {
  PeerServer::read_until(fd, "\r\n\r\n");
  if (!PeerServer::send_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")) return;
  while (!self.stopping() && !PeerServer::client_closed_within(fd, 50))
    if (!PeerServer::send_all(fd, "x")) return;
}

TEST(HostilePeers, AnHttpReplyWithAHugeBodyFailsTheDeliveryAtTheLimit) {
  PeerServer server(huge_body);
  auto url = parse_url(server.url("/hook"));
  ASSERT_TRUE(url.is_ok());
  auto r = http_post(*url, "{}", {}, 10s);
  ASSERT_FALSE(r.is_ok()) << r->status << " " << r->body.size() << " " << r->body.substr(0, 100);
  EXPECT_EQ(r.status().reason(), "receive: the reply body is larger than 64 KiB");
}

// Chunked, so no length announces it: cut once the body read passes the limit.
TEST(HostilePeers, AChunkedHttpReplyWithoutEndIsCutAtTheLimit) {
  PeerServer server([](int fd, PeerServer&) {
    PeerServer::read_until(fd, "\r\n\r\n");
    if (!PeerServer::send_all(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")) return;
    const std::string chunk = "4000\r\n" + std::string(0x4000, 'x') + "\r\n";
    for (int i = 0; i < 1000; ++i)
      if (!PeerServer::send_all(fd, chunk)) return;
  });
  auto url = parse_url(server.url("/hook"));
  ASSERT_TRUE(url.is_ok());
  auto r = http_post(*url, "{}", {}, 10s);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().reason(), "receive: the reply body is larger than 64 KiB");
}

TEST(HostilePeers, AnHttpReplyThatTricklesEndsAtTheDeadline) {
  PeerServer server(trickle);
  auto url = parse_url(server.url("/hook"));
  ASSERT_TRUE(url.is_ok());
  auto r = http_post(*url, "{}", {}, 600ms);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().reason(), "receive: timed out");
}

TEST(HostilePeers, AnSmtpRelayThatSaysNothingEndsAtTheDeadline) {
  PeerServer server([](int fd, PeerServer& self) {
    while (!self.stopping() && !PeerServer::client_closed_within(fd, 50)) {
    }
  });
  SmtpMessage m;
  m.host = "127.0.0.1";
  m.port = server.port();
  m.from = "gw@example.com";
  m.to = {"ops@example.com"};
  m.data = "Subject: x\r\n\r\nbody\r\n";
  Status s = smtp_send(m, 600ms);
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.reason(), "greeting: timed out");
}

TEST(HostilePeers, AnSmtpReplyLineWithoutEndIsCutAtItsLimit) {
  PeerServer server([](int fd, PeerServer& self) {
    if (!PeerServer::send_all(fd, "220-" + std::string(1 << 20, 'x'))) return;
    while (!self.stopping() && !PeerServer::client_closed_within(fd, 50)) {
    }
  });
  SmtpMessage m;
  m.host = "127.0.0.1";
  m.port = server.port();
  m.from = "gw@example.com";
  m.to = {"ops@example.com"};
  m.data = "Subject: x\r\n\r\nbody\r\n";
  Status s = smtp_send(m, 20s);
  ASSERT_FALSE(s.is_ok());
  // libcurl keeps at most 300 KiB of a reply and fails the session there.
  EXPECT_EQ(s.reason().rfind("greeting: Too large response", 0), 0u) << s.reason();
}

TEST(HostilePeers, AnSmtpReplyOfEndlessContinuationLinesIsCut) {
  PeerServer server([](int fd, PeerServer& self) {
    for (int i = 0; i < 10'000 && !self.stopping(); ++i)
      if (!PeerServer::send_all(fd, "220-still greeting\r\n")) return;
  });
  SmtpMessage m;
  m.host = "127.0.0.1";
  m.port = server.port();
  m.from = "gw@example.com";
  m.to = {"ops@example.com"};
  Status s = smtp_send(m, 20s);
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.reason(), "greeting: a reply of more than 100 lines");
}

// A peer that takes the connection and never answers the TLS handshake: the
// connect phase's own timeout ends it, long before the whole transfer's.
TEST(HostilePeers, APeerThatNeverAnswersTheTlsHandshakeEndsAtTheConnectTimeout) {
  PeerServer server([](int fd, PeerServer& self) {
    while (!self.stopping() && !PeerServer::client_closed_within(fd, 50)) {
    }
  });
  auto url = parse_url("https://127.0.0.1:" + std::to_string(server.port()) + "/hook");
  ASSERT_TRUE(url.is_ok());
  auto r = http_post(*url, "{}", {}, TransferOptions{300ms, 60s, {}});
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().reason(), "TLS handshake: timed out");
  SmtpMessage m;
  m.host = "127.0.0.1";
  m.port = server.port();
  m.tls = SmtpTls::implicit;
  m.from = "gw@example.com";
  m.to = {"ops@example.com"};
  Status s = smtp_send(m, TransferOptions{300ms, 60s, {}});
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.reason(), "TLS handshake: timed out");
}

// Through the dispatcher: the channel is reported failing while the endpoint
// misbehaves, the thread goes on, and the next good answer clears it. A
// robot's refusal that quotes its URL reaches neither the log nor the
// delivery record with the token.
class HostileChannelTest : public inventory::testing::StoreTest {};

TEST_F(HostileChannelTest, AMisbehavingEndpointIsReportedFailingAndRecovers) {
  std::atomic<int> mode{0};  // 0: huge body, 1: trickle, 2: robot refusal quoting its URL, 3: ok
  PeerServer server([&](int fd, PeerServer& self) {
    switch (mode.load()) {
      case 0: return huge_body(fd, self);
      case 1: return trickle(fd, self);
      case 2: {
        PeerServer::read_until(fd, "\r\n\r\n");
        const std::string body =
            R"({"errcode":300001,"errmsg":"bad token http://127.0.0.1/send?access_token=SECRETTOKEN"})";
        PeerServer::send_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) +
                                     "\r\nConnection: close\r\n\r\n" + body);
        return;
      }
      default:
        PeerServer::read_until(fd, "\r\n\r\n");
        PeerServer::send_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"errcode\":0}");
    }
  });
  std::mutex mu;
  std::vector<Alert> raised;
  std::vector<Key> cleared;
  ChannelHealth health{[&](Alert a) {
                         std::lock_guard lk(mu);
                         raised.push_back(std::move(a));
                       },
                       [&](const Key& k) {
                         std::lock_guard lk(mu);
                         cleared.push_back(k);
                       }};
  config::AlertChannel c;
  c.name = "ding";
  c.kind = "dingtalk";
  c.url = server.url("/robot/send?access_token=SECRETTOKEN");
  DispatchOptions o;
  o.retry_max = 1;
  o.failures_alert = 3;
  o.timeout = 1s;
  devices::HealthRegistry devices;
  auto d = Dispatcher::create({c}, o, *engine_, clock_, health, &devices);
  ASSERT_TRUE(d.is_ok()) << d.status().to_string();
  (*d)->start();
  Alert a;
  a.id = 7;
  a.key = {Kind::low_stock, "TEA-500", "A-01", "", ""};
  a.detail = "low";
  auto settle = [&](std::uint64_t n) {
    auto deadline = std::chrono::steady_clock::now() + 30s;
    while ((*d)->settled() < n && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(10ms);  // polling a condition, bounded
    return (*d)->settled() >= n;
  };
  for (int m = 0; m < 3; ++m) {
    mode = m;
    (*d)->notify(a, "raised");
    ASSERT_TRUE(settle(static_cast<std::uint64_t>(m) + 1)) << "mode " << m;
  }
  EXPECT_EQ((*d)->succeeded(), 0u);
  {
    std::lock_guard lk(mu);
    ASSERT_EQ(raised.size(), 1u);
    EXPECT_EQ(raised[0].key.kind, Kind::channel_failing);
    EXPECT_EQ(raised[0].key.subject, "ding");
    EXPECT_EQ(raised[0].detail.find("SECRETTOKEN"), std::string::npos) << raised[0].detail;
  }
  devices::DeviceHealth h;
  EXPECT_FALSE(devices.get("alerts-dispatcher", &h)) << "no exception on the dispatcher's thread";

  mode = 3;
  (*d)->notify(a, "cleared");
  ASSERT_TRUE(settle(4));
  EXPECT_EQ((*d)->succeeded(), 1u);
  {
    std::lock_guard lk(mu);
    ASSERT_EQ(cleared.size(), 1u);
    EXPECT_EQ(cleared[0].subject, "ding");
  }
  (*d)->stop();
  // Each attempt is recorded by a request of its own on the engine.
  auto recorded = [&] {
    auto n = inventory::testing::query_int(q(), "SELECT count(*) FROM alert_deliveries");
    return n.is_ok() ? *n : 0;
  };
  for (auto deadline = std::chrono::steady_clock::now() + 20s;
       recorded() < 4 && std::chrono::steady_clock::now() < deadline;)
    std::this_thread::sleep_for(10ms);  // polling a condition, bounded
  ASSERT_EQ(recorded(), 4);
  auto leaked = inventory::testing::query_int(q(), "SELECT count(*) FROM alert_deliveries WHERE detail LIKE '%SECRETTOKEN%'");
  ASSERT_TRUE(leaked.is_ok()) << leaked.status().to_string();
  EXPECT_EQ(*leaked, 0);
  auto masked = inventory::testing::query_int(q(), "SELECT count(*) FROM alert_deliveries WHERE detail LIKE '%access_token=***%'");
  ASSERT_TRUE(masked.is_ok());
  EXPECT_EQ(*masked, 1);
}

}  // namespace
}  // namespace jxc::alerts::channels
