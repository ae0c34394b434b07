#pragma once
// Who an actor string names. The trail records how someone acted
// ("user:alice" through a session, "token:7:alice" through an API token,
// "unix:alice" or "cli:alice" on the box, "central:alice" for a decision the
// central system sent, a bare name given on the command line); rules about
// people, such as four-eyes, compare the person behind it.

#include <string>
#include <string_view>

namespace jxc::inventory {

/// "user:alice", "token:7:alice", "unix:alice", "cli:alice", "central:alice" and "alice" all
/// give "alice"; anything else ("scanner:SC-1") is returned as it is.
std::string person_of(std::string_view actor);

}  // namespace jxc::inventory
