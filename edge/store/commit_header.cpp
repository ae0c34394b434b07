#include "edge/store/commit_header.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
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
  // The first copy, a full barrier, then the second: the order a writer's
  // updates are read safely in (it writes the second copy first).
  CommitHeader first, second;
  std::memcpy(first.data(), map_, kCopy);
  std::atomic_thread_fence(std::memory_order_seq_cst);
  std::memcpy(second.data(), map_ + kCopy, kCopy);
  if (first != second) return std::nullopt;  // being published
  std::uint32_t version;
  std::memcpy(&version, first.data(), sizeof version);
  if (version != kIndexVersion || first[kIsInit] == 0) return std::nullopt;
  return first;
}

}  // namespace jxc::store
