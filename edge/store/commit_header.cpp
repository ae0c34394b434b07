#include "edge/store/commit_header.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

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
constexpr std::size_t kIsInit = 12;
constexpr std::size_t kMapped = 4096;

// One copy of the header, a 32-bit word at a time with acquire loads: no
// later load (the next word, the other copy) is made before an earlier one.
void load_copy(const unsigned char* from, CommitHeader& to) {
  std::uint32_t words[kCopy / sizeof(std::uint32_t)];
  const auto* in = reinterpret_cast<const std::uint32_t*>(from);
  for (std::size_t i = 0; i < std::size(words); ++i) words[i] = __atomic_load_n(in + i, __ATOMIC_ACQUIRE);
  std::memcpy(to.data(), words, kCopy);
}

}  // namespace

CommitHeaderReader::CommitHeaderReader(const std::string& db_path) {
  const int fd = ::open((db_path + "-shm").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  // The index is at least one 32 KiB block once a connection has opened it;
  // a shorter file is not one yet, and reading past its end would fault.
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size >= static_cast<off_t>(kMapped)) {
    void* p = ::mmap(nullptr, kMapped, PROT_READ, MAP_SHARED, fd, 0);
    if (p != MAP_FAILED) map_ = static_cast<const unsigned char*>(p);
  }
  ::close(fd);
}

CommitHeaderReader::~CommitHeaderReader() {
  if (map_) ::munmap(const_cast<unsigned char*>(map_), kMapped);
}

std::optional<CommitHeader> CommitHeaderReader::read() const {
  if (!map_) return std::nullopt;
  // The first copy, then the second: the order a writer's updates are read
  // safely in (it writes the second copy first).
  CommitHeader first, second;
  load_copy(map_, first);
  load_copy(map_ + kCopy, second);
  if (first != second) return std::nullopt;  // being published
  std::uint32_t version;
  std::memcpy(&version, first.data(), sizeof version);
  if (version != kIndexVersion || first[kIsInit] == 0) return std::nullopt;
  return first;
}

}  // namespace jxc::store
