#pragma once
// Read-only store connections for the server's threads: a Queries is used by
// one thread at a time, so a handler borrows one for the length of its
// request and hands it back. Connections are opened on demand and kept, at
// most one per thread that reads at once.
//
// Thread-safety: every method may be called from any thread.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "edge/common/status.h"
#include "edge/inventory/queries.h"
#include "edge/store/commit_header.h"

namespace jxc::http {

class QueriesPool {
 public:
  explicit QueriesPool(std::string store_path);

  /// A borrowed connection, returned to the pool when the lease ends.
  class Lease {
   public:
    Lease(QueriesPool& pool, std::unique_ptr<inventory::Queries> q) : pool_(&pool), q_(std::move(q)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (q_) pool_->give_back(std::move(q_));
    }
    inventory::Queries& operator*() { return *q_; }
    inventory::Queries* operator->() { return q_.get(); }

   private:
    QueriesPool* pool_;
    std::unique_ptr<inventory::Queries> q_;
  };

  /// A connection; Errc::storage when a new one cannot be opened.
  Result<Lease> take();

  /// The store's commit header now (store/commit_header.h), read without a
  /// transaction.
  std::optional<store::CommitHeader> commit_header() const {
    return commits_ ? commits_->read() : std::nullopt;
  }

 private:
  void give_back(std::unique_ptr<inventory::Queries> q);
  std::string path_;
  std::unique_ptr<store::Db> index_db_;  // open while commits_ reads through its map of the index
  std::optional<store::CommitHeaderReader> commits_;
  std::mutex mu_;
  std::vector<std::unique_ptr<inventory::Queries>> idle_;
};

}  // namespace jxc::http
