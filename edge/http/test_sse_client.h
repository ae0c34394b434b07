#pragma once
// Test support: a raw-socket client of a Server-Sent Event stream on
// loopback. It sends one GET, takes the response's headers, undoes the
// chunked transfer coding and splits the body into events and comments as
// the text/event-stream format defines them. Every wait has a deadline.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace jxc::http::testing {

struct SseEvent {
  std::string name;  // "message" when the event has no `event:` field
  std::string id;
  std::string data;
};

class SseClient {
 public:
  /// Connects and sends GET `path` with `headers` ("Name: value" each).
  SseClient(std::uint16_t port, const std::string& path, const std::vector<std::string>& headers);
  ~SseClient();
  SseClient(const SseClient&) = delete;
  SseClient& operator=(const SseClient&) = delete;

  /// Reads until `done` holds or `wait` passes; true when it held.
  bool read_until(const std::function<bool()>& done, std::chrono::milliseconds wait = std::chrono::seconds(10));
  /// Reads until an event named `name` has arrived (counting those before).
  bool wait_for_event(const std::string& name, std::chrono::milliseconds wait = std::chrono::seconds(10));
  /// Closes the socket (the client goes away).
  void close();

  int status() const { return status_; }
  const std::string& head() const { return head_; }
  const std::vector<SseEvent>& events() const { return events_; }
  const std::vector<std::string>& comments() const { return comments_; }
  /// The server sent the last chunk (a clean end of the body).
  bool ended() const { return ended_; }
  /// The server closed the connection.
  bool closed() const { return closed_; }
  std::size_t count(const std::string& name) const;
  std::string raw_debug() const { return raw_ + "|text:" + text_; }

 private:
  void take(const char* data, std::size_t n);
  void parse_stream();
  int fd_ = -1;
  std::string raw_;   // not yet decoded
  std::string text_;  // decoded body not yet split into events
  std::string head_;
  int status_ = 0;
  bool in_body_ = false, ended_ = false, closed_ = false;
  std::vector<SseEvent> events_;
  std::vector<std::string> comments_;
};

}  // namespace jxc::http::testing
