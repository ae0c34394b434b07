#pragma once
// A response body produced piece by piece for as long as the client stays
// (Server-Sent Events). The connection sends the response's headers, then
// each piece next() yields as one chunk (chunked transfer coding), and the
// last chunk when next() yields nothing; then it closes the connection.
// Internal to the server and the streams' handlers: needs coroutines.

#include <optional>
#include <string>
#include <utility>  // boost/asio/awaitable.hpp (1.74) uses std::exchange without it

#include <boost/asio/awaitable.hpp>

namespace jxc::http {

class StreamBody {
 public:
  virtual ~StreamBody() = default;
  /// The next piece, awaited on the connection's strand; nullopt ends the
  /// body. May wait as long as it likes: the connection has no deadline
  /// while it waits, only while it writes a piece.
  virtual boost::asio::awaitable<std::optional<std::string>> next() = 0;
  /// The client has gone (or sent something, which a stream's client never
  /// does): next() should end soon. Called on the connection's strand.
  virtual void cancel() = 0;
};

}  // namespace jxc::http
