// The HTTP server on loopback against a real store, with curl and a raw
// socket as clients: health, readiness and metrics; each error class the
// server itself answers; limits; slow and broken clients; TLS with a
// certificate made here.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <sched.h>
#include <sys/resource.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <chrono>
#include <future>
#include <thread>

#include "edge/http/http_service.h"
#include "edge/http/server.h"
#include "edge/http/test_api.h"
#include "edge/inventory/stock_cache.h"
#include "tests/child_process.h"

namespace jxc::http {
namespace {

using testing::curl;
using testing::expect_problem;
using testing::raw_exchange;

// The server's own behaviour; no user is needed for any of it.
class ServerTest : public testing::ApiTest {
 protected:
  void start() {
    ApiTest::start();
    service_->set_ready(false);
  }
};

TEST_F(ServerTest, HealthzAnswersAndReadyzWaitsForTheDevices) {
  start();
  auto health = curl(url("/healthz"));
  EXPECT_EQ(health.status, 200) << health.error;
  EXPECT_EQ(health.json()["status"], "ok");
  auto before = curl(url("/readyz"));
  EXPECT_EQ(before.status, 503);
  EXPECT_EQ(before.json()["devices"], "starting");
  EXPECT_EQ(before.json()["store"], "open");
  service_->set_ready(true);
  auto after = curl(url("/readyz"));
  EXPECT_EQ(after.status, 200);
  EXPECT_EQ(after.json()["status"], "ready");
}

TEST_F(ServerTest, MetricsServeTheRegistryAndTheRequestFigures) {
  metrics_.counter("jxc_test_reads_total", "reads").inc(7);
  start();
  ASSERT_EQ(curl(url("/healthz")).status, 200);
  ASSERT_EQ(curl(url("/nowhere")).status, 404);
  auto m = curl(url("/metrics"));
  ASSERT_EQ(m.status, 200);
  EXPECT_EQ(m.header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(m.body.find("jxc_test_reads_total 7\n"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("jxc_http_requests_total{code=\"200\",method=\"GET\",route=\"/healthz\"} 1\n"),
            std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find("jxc_http_requests_total{code=\"404\",method=\"GET\",route=\"unmatched\"} 1\n"),
            std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find("# TYPE jxc_http_request_duration_seconds histogram\n"), std::string::npos);
  EXPECT_NE(m.body.find("jxc_http_request_duration_seconds_bucket{le=\"+Inf\",route=\"/healthz\"} 1\n"),
            std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find("jxc_http_request_duration_seconds_count{route=\"/healthz\"} 1\n"), std::string::npos);
}

TEST_F(ServerTest, UnknownPathsAndMethodsAreProblems) {
  start();
  expect_problem(curl(url("/api/v1/nothing")), 404, "not_found");
  auto wrong = curl(url("/healthz"), {"-X", "DELETE"});
  expect_problem(wrong, 405, "method_not_allowed");
  EXPECT_EQ(wrong.header("Allow"), "GET, HEAD");
  expect_problem(curl(url("/healthz%zz")), 400, "bad_request");
}

TEST_F(ServerTest, HeadIsAnsweredAsGetWithoutTheBody) {
  start();
  const auto get = curl(url("/healthz"));
  ASSERT_EQ(get.status, 200) << get.error;
  // Pipelined: the HEAD's answer is its headers alone, saying how long the
  // body would be, and the GET after it on the same connection is answered.
  auto r = raw_exchange(service_->port(),
                        "HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                        "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(r.closed);
  const auto end_of_head = r.received.find("\r\n\r\n");
  ASSERT_NE(end_of_head, std::string::npos) << r.received;
  const std::string head = r.received.substr(0, end_of_head + 4);
  EXPECT_EQ(head.rfind("HTTP/1.1 200", 0), 0u) << head;
  EXPECT_NE(head.find("Content-Length: " + std::to_string(get.body.size()) + "\r\n"), std::string::npos) << head;
  EXPECT_EQ(r.received.substr(end_of_head + 4).rfind("HTTP/1.1 200", 0), 0u) << "a body followed the HEAD answer";
  EXPECT_EQ(r.received.substr(r.received.size() - get.body.size()), get.body);
  // A route without GET has no HEAD either.
  const auto post_only = curl(url("/api/v1/counts/CNT-1/recount"), {"-I"});
  EXPECT_EQ(post_only.status, 405);
  EXPECT_EQ(post_only.header("Allow"), "POST");
}

TEST_F(ServerTest, OversizedHeadersAndBodiesAreRefused) {
  start();
  expect_problem(curl(url("/healthz"), {"-H", "X-Big: " + std::string(2000, 'a')}), 431, "header_too_large");
  expect_problem(curl(url("/healthz"), {"-X", "POST", "-H", "Content-Type: application/json", "--data-binary",
                                        std::string(2000, ' ')}),
                 413, "body_too_large");
  EXPECT_TRUE(still_answers());
}

TEST_F(ServerTest, ASlowClientIsDroppedAndOthersAreServed) {
  start();
  // Half a request line, then nothing: the request timeout (1 s) ends it
  // with no answer at all.
  auto r = raw_exchange(service_->port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n");
  EXPECT_TRUE(r.closed);
  EXPECT_EQ(r.received, "");
  EXPECT_TRUE(still_answers());
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  start();
  auto r = raw_exchange(service_->port(),
                        "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                        "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"
                        "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(r.closed);
  EXPECT_EQ(std::count(r.received.begin(), r.received.end(), '\n') > 0, true);
  auto count = [&](const std::string& s) {
    std::size_t n = 0;
    for (auto p = r.received.find(s); p != std::string::npos; p = r.received.find(s, p + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("HTTP/1.1 200 OK"), 2u) << r.received;
  EXPECT_EQ(count("HTTP/1.1 404 Not Found"), 1u) << r.received;
}

int connect_loopback(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  return fd;
}

TEST_F(ServerTest, ConnectionsAboveTheLimitAreClosedAtAccept) {
  config_.http.max_connections = 2;
  start();
  int a = connect_loopback(service_->port()), b = connect_loopback(service_->port());
  auto third = raw_exchange(service_->port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(third.closed);
  EXPECT_EQ(third.received, "");
  ::close(a);
  ::close(b);
  // The two are counted out once the server has seen them close.
  bool served = false;
  for (int i = 0; i < 50 && !served; ++i) served = still_answers();
  EXPECT_TRUE(served);
  EXPECT_GE(metrics_.counter("jxc_http_refused_connections_total", "").value(), 1u);
}

TEST_F(ServerTest, BrokenRequestsNeverStopTheServer) {
  start();
  // Each is refused (4xx, or closed without an answer) except where noted.
  struct Case {
    std::string bytes;
    bool may_succeed = false;  // well-formed enough that answering it is right too
  };
  const std::string close = "Connection: close\r\n";
  const std::vector<Case> corpus = {
      {"GET /healthz HTTP/1.1\r\nHost"},  // truncated, then closed
      {"POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n"},
      {"POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabc"},  // cut short
      {"GET /\xff\xfe\x80 HTTP/1.1\r\nHost: x\r\n" + close + "\r\n"},  // invalid UTF-8 in the target
      // Field values are opaque bytes to HTTP: invalid UTF-8 in one is no reason to refuse.
      {"GET /healthz HTTP/1.1\r\nX-Name: \xc3\x28\r\nHost: x\r\n" + close + "\r\n", true},
      {"GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n"},  // unknown version
      {"GET /healthz HTTP/1.1\r\nno colon here\r\n\r\n"},
      {"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"},
      {"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n"},
      {"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcde"},
      {std::string("\x00\x01\x02\x03\r\n\r\n", 8)},  // binary noise
      {"GET http://elsewhere/healthz HTTP/1.1\r\nHost: x\r\n" + close + "\r\n"},  // absolute-form target
      {"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + close +
       "Content-Length: 1000\r\n\r\n" + std::string(1000, '[')},  // deep JSON
  };
  for (const auto& c : corpus) {
    auto r = raw_exchange(service_->port(), c.bytes, std::chrono::seconds(5));
    const bool refused = r.received.empty() || r.received.starts_with("HTTP/1.1 4");
    EXPECT_TRUE(refused || (c.may_succeed && r.received.starts_with("HTTP/1.1 2")))
        << "answer to " << ::testing::PrintToString(c.bytes) << ":\n" << r.received;
    EXPECT_EQ(r.received.find("HTTP/1.1 5"), std::string::npos) << r.received;
    EXPECT_TRUE(r.closed) << "the connection was left open after " << ::testing::PrintToString(c.bytes);
    EXPECT_TRUE(still_answers()) << "after " << ::testing::PrintToString(c.bytes);
  }
}

// A write waits while the store's writer makes it durable; that wait is on
// the write threads, so the thread reading the connections goes on answering
// lookups. Here one thread reads every connection and the writer is held
// busy: the lookup must be answered while the receipt still waits. While a
// write is being answered, lookups go to the read threads (which [http] nice
// may lower); a kept answer is still given from memory there.
TEST_F(ServerTest, AWriteWaitingForTheStoreHoldsUpNoLookup) {
  seed();
  add_user("clerk", inventory::Role::operator_, "clerk password");
  config_.http.threads = 1;
  start();
  const std::string auth = "Authorization: Bearer " + token_for("clerk");
  auto& cache = engine_->stock_cache();
  const std::string milk = url("/api/v1/stock?sku=MILK-1");
  ASSERT_EQ(curl(milk, {"-H", auth}).status, 200);
  ASSERT_EQ(curl(milk, {"-H", auth}).status, 200);
  const auto hits = cache.stats().hits;
  ASSERT_GE(hits, 1u);

  std::promise<void> holding, release;
  std::shared_future<void> released = release.get_future().share();
  engine_->submit_async<int>(
      [&holding, released](inventory::Tx&) -> Result<int> {
        holding.set_value();
        released.wait();
        return 0;
      },
      [](Result<int>) {});
  holding.get_future().wait();

  auto posting = std::async(std::launch::async, [&] {
    return curl(url("/api/v1/documents"),
                {"-X", "POST", "-H", auth, "-H", "Content-Type: application/json", "--data-binary",
                 R"({"type":"receipt","to":"A-02","post":true,"lines":[{"sku":"TEA-500","qty":1}]})"});
  });
  // The receipt has reached the engine and waits behind the busy writer.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (engine_->stats().queued == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_EQ(engine_->stats().queued, 1u);

  auto lookup = curl(url("/api/v1/stock?sku=TEA-500"), {"-H", auth, "--max-time", "20"});
  EXPECT_EQ(lookup.status, 200) << lookup.error;
  auto kept = curl(milk, {"-H", auth, "--max-time", "20"});
  EXPECT_EQ(kept.status, 200) << kept.error;
  EXPECT_EQ(cache.stats().hits, hits + 1) << "a kept lookup was not given from memory during a write";
  EXPECT_EQ(posting.wait_for(std::chrono::seconds(0)), std::future_status::timeout)
      << "the receipt was answered while the writer was held";

  release.set_value();
  auto posted = posting.get();
  EXPECT_EQ(posted.status, 201) << posted.body;
  EXPECT_EQ(curl(milk, {"-H", auth}).body, kept.body);
  EXPECT_EQ(cache.stats().hits, hits + 2);
}

// The scheduling of the server's reading threads (named jxc-http-read), by
// thread id, once each has set it: its policy and nice value.
std::vector<std::pair<int, int>> read_thread_scheduling(std::size_t expected) {
  std::vector<std::pair<int, int>> found;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    found.clear();
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
      std::ifstream comm(task.path() / "comm");
      std::string name;
      std::getline(comm, name);
      if (name != "jxc-http-read") continue;
      const int tid = std::stoi(task.path().filename().string());
      found.emplace_back(sched_getscheduler(tid), getpriority(PRIO_PROCESS, static_cast<id_t>(tid)));
    }
    const bool settled = found.size() == expected && std::all_of(found.begin(), found.end(), [](auto p) {
      return p.first == SCHED_IDLE || p.second != 0;
    });
    if (settled || std::chrono::steady_clock::now() > deadline) return found;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// [http] nice lowers the reading threads' priority; idle_reads runs them
// under SCHED_IDLE instead. The connections' threads keep the process's.
TEST_F(ServerTest, ReadingThreadsYieldAsConfigured) {
  config_.http.read_threads = 2;
  config_.http.nice = 7;
  start();
  auto niced = read_thread_scheduling(2);
  ASSERT_EQ(niced.size(), 2u);
  for (auto [policy, nice] : niced) {
    EXPECT_EQ(policy, SCHED_OTHER);
    EXPECT_EQ(nice, 7);
  }
  EXPECT_EQ(getpriority(PRIO_PROCESS, 0), 0);
  service_->stop();
  service_.reset();

  config_.http.idle_reads = true;
  start();
  auto idle = read_thread_scheduling(2);
  ASSERT_EQ(idle.size(), 2u);
  for (auto [policy, nice] : idle) EXPECT_EQ(policy, SCHED_IDLE);
  EXPECT_EQ(curl(url("/healthz")).status, 200);
}

TEST_F(ServerTest, PlainHttpOnTheNetworkIsRefusedAtStart) {
  config_.http.address = "0.0.0.0";
  auto s = HttpService::start(config_, *engine_, health_, metrics_, clock_);
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.status().code(), Errc::config);
}

TEST_F(ServerTest, ServesHttpsWithTheConfiguredCertificate) {
  jxc::testing::TempDir dir;
  auto made = jxc::testing::run_to_exit(
      {{"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
        "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", dir / "key.pem", "-out",
        dir / "cert.pem"}});
  ASSERT_TRUE(made.exited_with(0)) << made.output;
  config_.http.tls.cert_file = dir / "cert.pem";
  config_.http.tls.key_file = dir / "key.pem";
  start();
  auto ok = curl(url("/healthz"), {"--cacert", dir / "cert.pem"});
  EXPECT_EQ(ok.status, 200) << ok.error;
  // Plain HTTP to the TLS port gets no HTTP answer.
  auto plain = curl("http://127.0.0.1:" + std::to_string(service_->port()) + "/healthz");
  EXPECT_NE(plain.status, 200);
  // A certificate the client does not trust is refused by the client.
  EXPECT_EQ(curl(url("/healthz")).status, 0);
  EXPECT_TRUE(curl(url("/healthz"), {"--cacert", dir / "cert.pem"}).status == 200);
}

TEST_F(ServerTest, TlsFilesThatCannotBeLoadedFailTheStart) {
  config_.http.tls.cert_file = "/nonexistent/cert.pem";
  config_.http.tls.key_file = "/nonexistent/key.pem";
  auto s = HttpService::start(config_, *engine_, health_, metrics_, clock_);
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.status().code(), Errc::config);
}

}  // namespace
}  // namespace jxc::http
