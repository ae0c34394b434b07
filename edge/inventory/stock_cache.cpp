#include "edge/inventory/stock_cache.h"

#include <algorithm>

namespace jxc::inventory {

StockCache::StockCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

std::size_t StockCache::cost(const std::string& key, const Entry& e) {
  // The key twice (the map and the item's list of keys) and a rough
  // allowance for the nodes and the shared body's control block.
  return 2 * key.size() + e.body->size() + 128;
}

void StockCache::set_max_bytes(std::size_t max_bytes) {
  std::lock_guard lock(mu_);
  max_bytes_ = max_bytes;
  if (bytes_ > max_bytes_) drop_all(dropped_at_);
}

std::optional<StockCache::Body> StockCache::find_trusted(const std::string& key, std::int64_t stamp) const {
  std::shared_lock lock(mu_);
  if (trusted_ < 0 || trusted_ != stamp) return std::nullopt;
  if (auto it = entries_.find(key); it != entries_.end()) {
    hits_.fetch_add(1, std::memory_order_relaxed);
    return it->second.body;
  }
  misses_.fetch_add(1, std::memory_order_relaxed);
  return Body{};
}

StockCache::Body StockCache::get(const std::string& key, std::int64_t stamp) {
  if (auto found = find_trusted(key, stamp)) return *found;
  std::lock_guard lock(mu_);
  if (catch_up(stamp)) {
    if (auto it = entries_.find(key); it != entries_.end()) {
      hits_.fetch_add(1, std::memory_order_relaxed);
      return it->second.body;
    }
  }
  misses_.fetch_add(1, std::memory_order_relaxed);
  return nullptr;
}

std::optional<StockCache::Body> StockCache::get_unchanged(const std::string& key,
                                                         const store::CommitHeader& header) {
  std::int64_t stamp;
  {
    std::shared_lock lock(mu_);
    if (!stamp_header_ || *stamp_header_ != header) return std::nullopt;
    stamp = stamp_;
    if (trusted_ >= 0 && trusted_ == stamp) {
      if (auto it = entries_.find(key); it != entries_.end()) {
        hits_.fetch_add(1, std::memory_order_relaxed);
        unchanged_hits_.fetch_add(1, std::memory_order_relaxed);
        return it->second.body;
      }
      misses_.fetch_add(1, std::memory_order_relaxed);
      return Body{};
    }
  }
  // Commits this process's writer registered since: taken in first.
  Body body = get(key, stamp);
  if (body) unchanged_hits_.fetch_add(1, std::memory_order_relaxed);
  return body;
}

void StockCache::stamp_read(const store::CommitHeader& header, std::int64_t stamp) {
  std::lock_guard lock(mu_);
  stamp_header_ = header;
  stamp_ = stamp;
}

void StockCache::put(const std::string& key, std::int64_t item_id, std::int64_t stamp, std::string body) {
  std::lock_guard lock(mu_);
  auto changed = item_changed_at_.find(item_id);
  const bool old = stamp < dropped_at_ || (changed != item_changed_at_.end() && stamp < changed->second);
  Entry e{item_id, stamp, std::make_shared<const std::string>(std::move(body))};
  auto it = entries_.find(key);
  if (it != entries_.end() && it->second.stamp >= stamp) return;  // as new already
  const std::size_t was = it == entries_.end() ? 0 : cost(key, it->second);
  if (old || bytes_ - was + cost(key, e) > max_bytes_) {
    ++stats_.refused_puts;
    return;
  }
  ++stats_.puts;
  bytes_ = bytes_ - was + cost(key, e);
  if (it == entries_.end()) {
    keys_of_item_.emplace(item_id, key);
    entries_.emplace(key, std::move(e));
  } else {
    it->second = std::move(e);
  }
}

void StockCache::committing(std::int64_t from, std::int64_t to, std::vector<std::int64_t> items, bool master) {
  std::lock_guard lock(mu_);
  if (batches_.size() >= kMaxBatches) {
    drop_all(dropped_at_);
    batches_.clear();
    trusted_ = -1;  // the next look starts clean
  }
  batches_.push_back(Batch{from, to, std::move(items), master, false});
}

void StockCache::committed(bool held) {
  std::lock_guard lock(mu_);
  if (batches_.empty()) return;
  if (held)
    batches_.back().held = true;
  else
    batches_.pop_back();  // its stamps were never seen; whoever reuses them is another process
}

bool StockCache::catch_up(std::int64_t stamp) {
  if (trusted_ < 0) {
    // Nothing was accounted for before the first look: start clean.
    drop_all(stamp);
    trusted_ = stamp;
  }
  while (trusted_ < stamp) {
    while (!batches_.empty() && batches_.front().to <= trusted_) batches_.pop_front();
    if (!batches_.empty() && batches_.front().from == trusted_) {
      Batch& b = batches_.front();
      if (!b.held || b.to > stamp) return false;  // still committing
      if (b.master) {
        drop_all(b.to);
      } else {
        for (std::int64_t id : b.items) drop_item(id, b.to);
      }
      trusted_ = b.to;
      batches_.pop_front();
      continue;
    }
    // Stamps this process's writer did not move: another process wrote.
    drop_all(stamp);
    trusted_ = stamp;
  }
  return true;
}

void StockCache::drop_all(std::int64_t at) {
  if (!entries_.empty()) ++stats_.drops_all;
  entries_.clear();
  keys_of_item_.clear();
  item_changed_at_.clear();
  bytes_ = 0;
  dropped_at_ = std::max(dropped_at_, at);
}

void StockCache::drop_item(std::int64_t item_id, std::int64_t at) {
  auto& changed = item_changed_at_[item_id];
  changed = std::max(changed, at);
  auto [first, last] = keys_of_item_.equal_range(item_id);
  for (auto k = first; k != last;) {
    auto it = entries_.find(k->second);
    if (it != entries_.end() && it->second.stamp < at) {
      bytes_ -= cost(it->first, it->second);
      entries_.erase(it);
      k = keys_of_item_.erase(k);
    } else if (it == entries_.end()) {
      k = keys_of_item_.erase(k);
    } else {
      ++k;
    }
  }
}

StockCache::Stats StockCache::stats() const {
  std::lock_guard lock(mu_);
  Stats s = stats_;
  s.hits = hits_.load(std::memory_order_relaxed);
  s.misses = misses_.load(std::memory_order_relaxed);
  s.unchanged_hits = unchanged_hits_.load(std::memory_order_relaxed);
  s.entries = entries_.size();
  s.bytes = bytes_;
  s.batches = batches_.size();
  return s;
}

}  // namespace jxc::inventory
