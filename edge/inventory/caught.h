#pragma once
// What an exception caught at a thread's or a job's edge says, for its error
// and the log.

#include <string>

namespace jxc::inventory {

/// Inside a catch block: the current exception's what(), or that it is of a
/// type that has none.
std::string caught_exception_text();

}  // namespace jxc::inventory
