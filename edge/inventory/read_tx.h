#pragma once
// The read side's transactions (queries*.cpp alone): readers see a snapshot,
// one read transaction per Queries call, or one for several calls inside a
// Queries::Snapshot.

#include <vector>

#include "edge/common/status.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory::read_side {

// A read transaction, unless one is open already (a Snapshot, or an outer
// call): then the calls inside share it. Its end resets every cached
// statement, so that none keeps the snapshot alive after the COMMIT.
inline bool begin_read(store::Db& db) { return !db.in_transaction() && db.exec_cached("BEGIN").is_ok(); }
inline void end_read(store::Db& db) {
  db.reset_cached();
  (void)db.exec_cached("COMMIT");
}

class ReadTx {
 public:
  explicit ReadTx(store::Db& db) : db_(begin_read(db) ? &db : nullptr) {}
  ~ReadTx() {
    if (db_) end_read(*db_);
  }
  ReadTx(const ReadTx&) = delete;
  ReadTx& operator=(const ReadTx&) = delete;

 private:
  store::Db* db_;
};

/// Every row of `st`, each made by `row_to`.
template <typename T, typename F>
Result<std::vector<T>> collect(store::Stmt* st, F&& row_to) {
  std::vector<T> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back(row_to(*st));
  }
  return out;
}

}  // namespace jxc::inventory::read_side
