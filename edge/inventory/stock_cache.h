#pragma once
// Answers of stock lookups kept in memory, each valid while nothing it shows
// has changed in the store.
//
// The store keeps a stamp (`stock_stamp`, migration 26): its `seq` goes up
// with every engine batch that posts movements (in any process: the daemon,
// the CLI) and, by triggers, every change to items, their GTINs and packs,
// and locations. A lookup reads the stamp (one row) and asks the cache for
// its answer at that stamp:
// - The writer of this process registers each batch's stamps before its
//   COMMIT with the items its movements touched (committing()), and says
//   whether the COMMIT held (committed()). Reaching a registered batch drops
//   the answers of its items; a batch that changed master data drops all.
// - A stamp no registration accounts for was moved by another process (the
//   CLI, a shell): every answer is dropped.
// - While the batch that moved the stamp is still committing, the cache
//   answers nothing.
// An answer is taken in (put()) only with the stamp read in the snapshot it
// was computed from, and only when nothing registered or dropped since then
// makes it old, so an answer computed just before a commit never outlives it.
//
// Reading the stamp takes a read transaction. The cache remembers the last
// stamp read with the store's commit header read just before it
// (store/commit_header.h): while the header is the same, nothing has
// committed, the stamp is still the store's, and a lookup needs no
// transaction (get_unchanged()). After each of its commits this process's
// writer gives the stamp it committed with the header that commit published
// (stamp_read()), so its own commits cost lookups no transaction either.
//
// Thread-safety: every method may be called from any thread.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <atomic>
#include <mutex>
#include <shared_mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "edge/store/commit_header.h"

namespace jxc::inventory {

class StockCache {
 public:
  using Body = std::shared_ptr<const std::string>;

  /// Keeps at most `max_bytes` of answers (keys and bodies); past that,
  /// new answers are not taken in until something is dropped.
  explicit StockCache(std::size_t max_bytes = std::size_t{128} << 20);
  /// A new limit; answers past a lower one are dropped.
  void set_max_bytes(std::size_t max_bytes);

  /// The answer kept for `key` if it is still valid at `stamp` (read from
  /// the store just before); nullptr otherwise.
  Body get(const std::string& key, std::int64_t stamp);
  /// When `header` (the store's commit header, read just now) is the one
  /// read before the last stamp_read(): get() at that stamp. nullopt when
  /// the store may have moved since: read the stamp, then get().
  std::optional<Body> get_unchanged(const std::string& key, const store::CommitHeader& header);
  /// A stamp read from the store after its commit header was `header`.
  void stamp_read(const store::CommitHeader& header, std::int64_t stamp);
  /// Takes in the answer for `key`, about item `item_id`, computed in a
  /// snapshot whose stamp was `stamp`.
  void put(const std::string& key, std::int64_t item_id, std::int64_t stamp, std::string body);

  /// The writer, under the store's write lock, before COMMIT: its batch
  /// moved the stamp from `from` to `to`, touching the balances of `items`;
  /// `master` when it changed items, GTINs, packs or locations.
  void committing(std::int64_t from, std::int64_t to, std::vector<std::int64_t> items, bool master);
  /// The writer, after the COMMIT registered last: whether it held.
  void committed(bool held);

  struct Stats {
    std::uint64_t hits = 0, misses = 0, puts = 0, refused_puts = 0;
    std::uint64_t unchanged_hits = 0;  // hits without a stamp read: the store's commit header had not moved
    std::uint64_t drops_all = 0;  // times every answer was dropped
    std::size_t entries = 0, bytes = 0;
    std::size_t batches = 0;  // registered, not yet reached by a lookup
  };
  /// Registrations kept for lookups to reach; past this many (a gateway
  /// whose lookups are rare, or none: the CLI, no [http]), everything is
  /// forgotten and the next lookup starts clean.
  static constexpr std::size_t kMaxBatches = 1024;
  Stats stats() const;

 private:
  struct Entry {
    std::int64_t item_id = 0, stamp = 0;
    Body body;
  };
  struct Batch {
    std::int64_t from = 0, to = 0;
    std::vector<std::int64_t> items;
    bool master = false, held = false;  // held: committed; else still committing
  };
  // Brings trusted_ up to `stamp`; false when it cannot be trusted yet (a
  // batch in it is still committing).
  bool catch_up(std::int64_t stamp);
  // get() once the stamp is trusted: readers share the lock.
  std::optional<Body> find_trusted(const std::string& key, std::int64_t stamp) const;
  void drop_all(std::int64_t at);
  void drop_item(std::int64_t item_id, std::int64_t at);
  static std::size_t cost(const std::string& key, const Entry& e);

  std::size_t max_bytes_;
  // Shared by lookups that find everything up to their stamp accounted for
  // (the common case); anything that changes the cache holds it alone.
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  std::unordered_multimap<std::int64_t, std::string> keys_of_item_;
  std::unordered_map<std::int64_t, std::int64_t> item_changed_at_;  // stamp of an item's last registered change
  std::deque<Batch> batches_;  // registered, not yet reached, in stamp order
  std::int64_t trusted_ = -1;  // every change up to this stamp is accounted for (-1: nothing seen yet)
  std::int64_t dropped_at_ = -1;  // stamp of the last drop of everything
  std::size_t bytes_ = 0;
  std::optional<store::CommitHeader> stamp_header_;  // read before stamp_
  std::int64_t stamp_ = -1;
  Stats stats_;  // but for hits and misses:
  mutable std::atomic<std::uint64_t> hits_{0}, misses_{0}, unchanged_hits_{0};
};

}  // namespace jxc::inventory
