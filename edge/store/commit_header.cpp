#include "edge/store/commit_header.h"

#include <iterator>
#include <cstdint>
#include <cstring>

namespace jxc::store {
namespace {

// The index's header: two copies of the 48-byte header, then checkpoint
// information this reader leaves alone. In the header: the index format's
// version (a native-order u32 at 0) and isInit (a byte at 12, set once the
// index describes the log).
constexpr std::size_t kCopy = std::tuple_size_v<CommitHeader>;
constexpr std::uint32_t kIndexVersion = 3007000;
constexpr std::size_t kChange = 8;  // u32 iChange
constexpr std::size_t kIsInit = 12;

// One copy of the header, a 32-bit word at a time with acquire loads: no
// later load (the next word, the other copy) is made before an earlier one.
void load_copy(const unsigned char* from, CommitHeader& to) {
  std::uint32_t words[kCopy / sizeof(std::uint32_t)];
  const auto* in = reinterpret_cast<const std::uint32_t*>(from);
  for (std::size_t i = 0; i < std::size(words); ++i) words[i] = __atomic_load_n(in + i, __ATOMIC_ACQUIRE);
  std::memcpy(to.data(), words, kCopy);
}

}  // namespace

std::uint32_t commit_count(const CommitHeader& h) {
  std::uint32_t n;
  std::memcpy(&n, h.data() + kChange, sizeof n);
  return n;
}

std::optional<CommitHeader> read_commit_header(const unsigned char* index) {
  // The first copy, then the second: the order a writer's updates are read
  // safely in (it writes the second copy first).
  CommitHeader first, second;
  load_copy(index, first);
  load_copy(index + kCopy, second);
  if (first != second) return std::nullopt;  // being published
  std::uint32_t version;
  std::memcpy(&version, first.data(), sizeof version);
  if (version != kIndexVersion || first[kIsInit] == 0) return std::nullopt;
  return first;
}

}  // namespace jxc::store
