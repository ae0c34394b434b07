#include "edge/http/queries_pool.h"

namespace jxc::http {

QueriesPool::QueriesPool(std::string store_path) : path_(std::move(store_path)) {
  store::Db::Options o;
  o.read_only = true;
  // Without it lookups read the store's stamp in a transaction each time.
  if (auto db = store::Db::open(path_, o); db.is_ok()) {
    index_db_ = std::move(*db);
    commits_.emplace(*index_db_);
  }
}

Result<QueriesPool::Lease> QueriesPool::take() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto q = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(q));
    }
  }
  JXC_ASSIGN(auto q, inventory::Queries::open(path_));
  return Lease(*this, std::move(q));
}

void QueriesPool::give_back(std::unique_ptr<inventory::Queries> q) {
  std::lock_guard lock(mu_);
  idle_.push_back(std::move(q));
}

}  // namespace jxc::http
