// Test support: one delivery attempt through the channels' transport
// (transport.h), for tests that run it where the test process cannot go, such
// as a network namespace of its own (`unshare -rn`). Prints "ok HTTP <status>"
// or the failure's words with its class, and exits 0 or 1.
//
//   alert_send_probe https URL
//   alert_send_probe smtp HOST PORT
#include <chrono>
#include <iostream>
#include <string>

#include "edge/alerts/channels/transport.h"

int main(int argc, char** argv) {
  using namespace jxc::alerts::channels;
  const std::string what = argc > 1 ? argv[1] : "";
  const TransferOptions options{std::chrono::seconds(5), std::chrono::seconds(10), ""};
  if (what == "https" && argc == 3) {
    auto url = parse_url(argv[2]);
    if (!url) {
      std::cout << url.status().reason() << "\n";
      return 1;
    }
    auto res = http_post(*url, "{}", {}, options);
    if (!res) {
      std::cout << res.status().reason() << "\n";
      return 1;
    }
    std::cout << "ok HTTP " << res->status << "\n";
    return 0;
  }
  if (what == "smtp" && argc == 4) {
    SmtpMessage m;
    m.host = argv[2];
    m.port = std::stoi(argv[3]);
    m.tls = m.port == 465 ? SmtpTls::implicit : SmtpTls::starttls;
    m.from = "probe@jxc-edge.invalid";
    m.to = {"nobody@jxc-edge.invalid"};
    m.data = "Subject: probe\r\n\r\nprobe\r\n";
    if (auto s = smtp_send(m, options); !s) {
      std::cout << s.reason() << "\n";
      return 1;
    }
    std::cout << "ok\n";
    return 0;
  }
  std::cerr << "usage: alert_send_probe https URL | smtp HOST PORT\n";
  return 2;
}
