#pragma once
// A large, consistent store for read-side and footprint benchmarks: a site
// with one warehouse and zone of N bins, M items, and a ledger of K posted
// movements (receipts from the supplier and transfers between bins, grouped
// into one receipt and one transfer document per item), with balances equal
// to the sum of the movements. The schema and the virtual locations come from
// Engine::open, the locations from Engine::import_locations; the bulk rows are
// written with plain SQL in large transactions, which is what makes a
// million-row ledger take seconds instead of minutes.

#include <cstdint>
#include <string>
#include <vector>

namespace jxc::bench {

struct DatasetSpec {
  int items = 100'000;
  int bins = 50;
  std::int64_t movements = 1'000'000;
  /// 0: every movement at one moment, receipts and transfers in one document
  /// of each per item. Otherwise the ledger of a store that ran this many
  /// days (ending the day before 2026-11-17): documents of up to four lines
  /// at random moments in time order per item, receipts, transfers and
  /// issues to customers, and the daily totals and month ends folded in as
  /// the writer would have.
  int days = 0;
  /// "items=100000 bins=50 movements=1000000": stored in the store's meta
  /// table so that a cached file is reused only for the same spec.
  std::string tag() const;
};

struct Dataset {
  std::string path;
  bool reused = false;
  double build_seconds = 0;
  std::int64_t balances = 0;  // balance rows, virtual locations included
  struct Bin {
    std::int64_t id;
    std::string code;
  };
  std::vector<Bin> bins;
  /// (item id, index into bins) of every bin balance row.
  std::vector<std::pair<std::int64_t, int>> stocked;
};

std::string dataset_sku(std::int64_t item_id);

/// The site's zone the daily totals of a dataset over days are counted in.
inline constexpr const char* kDatasetZone = "Asia/Shanghai";

/// Builds the dataset at `path`, or reuses the file there when `reuse` is set
/// and it was built for the same spec. Exits the program on failure.
Dataset open_dataset(const std::string& path, const DatasetSpec& spec, bool reuse, bool verbose);

}  // namespace jxc::bench
