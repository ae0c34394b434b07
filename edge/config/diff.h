#pragma once
// What differs between two configurations, key by key. The service calls this
// on SIGHUP (on its loop thread) to decide what it can apply live and what
// needs a restart; it is a pure function, safe from any thread.

#include <string>
#include <vector>

#include "edge/config/config.h"

namespace jxc::config {

/// One setting whose effective value differs.
struct KeyChange {
  std::string key;     // dotted, as in the file: "inventory.max_batch"
  std::string before;  // rendered as TOML would show it: "\"info\"", "1024"
  std::string after;
};

/// Every key of known_keys(sections) whose effective value differs between
/// `before` and `after`, in that order. The core tables are rendered here,
/// each section's keys by its Section::render. store.path compares the path
/// with the default applied, so writing out the default path is not a change.
/// Values are compared as they are and shown with the credentials in URLs
/// masked (redact.h): a changed robot token is a change showing "***".
std::vector<KeyChange> diff(const Config& before, const Config& after, const Sections& sections);

}  // namespace jxc::config
