#pragma once
// Test support: a real store in a temporary directory with a small warehouse
// (site S1 > warehouse W1 > zones RECV, A, SHIP > bins) and a few items.

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <string>

#include "edge/common/clock.h"
#include "edge/inventory/engine.h"
#include "edge/inventory/engine_tuning.h"
#include "edge/inventory/queries.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory::testing {

/// A unique empty directory removed at destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& tag);
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

class StoreTest : public ::testing::Test {
 protected:
  StoreTest();
  void SetUp() override;
  void TearDown() override;

  /// Opens (or reopens) the engine on the same store file.
  void open_engine(EngineOptions opts = {}, const EngineTuning& tuning = {});
  void close_engine();
  Queries& q();

  /// Imports the standard warehouse and items.
  void seed();
  /// Adds zone QA with quarantine bin Q-01 to W1 (after seed()).
  void seed_quarantine();
  /// Adds serial-tracked items (after seed()): PHONE-1 (GTIN 06901234555554,
  /// the SGTIN-96 company prefix 6901234 and item reference 55555) and the
  /// lot-tracked METER-L.
  void seed_serial_items();
  /// Receives qty of sku into a bin (posted receipt without order).
  DocumentResult receive(const std::string& sku, Qty qty, const std::string& bin,
                         const std::string& lot = "");
  Qty on_hand(const std::string& sku, const std::string& location);
  /// The serials of sku in stock at or below a location, sorted.
  std::vector<std::string> serials_in_stock(const std::string& sku, const std::string& location);
  /// Asserts balance = Σ ledger and a gapless outbox.
  void expect_consistent();

  TempDir dir_;
  std::string store_path_;
  ManualClock clock_{1'764'000'000'000};
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<Queries> queries_;
};

DocLine line(const std::string& sku, Qty qty, const std::string& lot = "");
/// A line of a serial-tracked item: one unit per serial.
DocLine serial_line(const std::string& sku, std::vector<std::string> serials, const std::string& lot = "");
/// A receipt (without order) of qty of sku into a bin.
DocumentRequest receipt_into(const std::string& bin, const std::string& sku, Qty qty,
                             const std::string& lot = "");
StockFilter stock_of(const std::string& sku, const std::string& location = "");
LedgerFilter ledger_of(const std::string& sku);

/// Holds the writer inside one request, so that what is submitted meanwhile
/// joins its batch, in order. The gate's request writes nothing and may run
/// again when the batch does.
class WriterGate {
 public:
  explicit WriterGate(Engine& engine);
  void release() { release_.set_value(); }

 private:
  std::promise<void> release_;
  std::shared_future<void> open_ = release_.get_future().share();
};

using Answer = std::future<Result<DocumentResult>>;

/// Queues `fn` on the writer; the future holds its answer after the commit.
Answer submit(Engine& engine, std::function<Result<DocumentResult>(Tx&)> fn);

/// Raw SQL for tests that set up or inspect a state no typed write makes (a
/// threshold deleted behind the engine's back, a row count): through the
/// engine's writer, and on the read connection of `q`.
Status exec_sql(Engine& engine, const std::string& sql);
Result<std::int64_t> query_int(Queries& q, const std::string& sql);

/// Another connection to the store holding its write lock (BEGIN IMMEDIATE),
/// as the operator CLI's import does, until release() or destruction.
class WriteLockHolder {
 public:
  explicit WriteLockHolder(const std::string& store_path);
  ~WriteLockHolder() { release(); }
  void release();

 private:
  std::unique_ptr<store::Db> db_;
};

}  // namespace jxc::inventory::testing
