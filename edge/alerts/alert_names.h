#pragma once
// The names people know an alert's item and location by, read from master
// data through a read-only connection of its own (inventory::Queries), so
// that alert texts say "矿泉水 Mineral water 550ml (SKU-2001)" rather than the
// SKU alone. Thread-safe (one lookup at a time); a lookup that fails leaves
// the names empty and the texts fall back to the codes.

#include <memory>
#include <mutex>
#include <string>

#include "edge/alerts/alert.h"
#include "edge/common/status.h"

namespace jxc::inventory {
class Queries;
}

namespace jxc::alerts {

class NameBook {
 public:
  static Result<std::unique_ptr<NameBook>> open(const std::string& store_path);
  explicit NameBook(std::unique_ptr<inventory::Queries> q);
  ~NameBook();

  /// Fills a.names from the item (name, unit) and location (name) of its key.
  void name(Alert& a);

 private:
  std::mutex mu_;
  std::unique_ptr<inventory::Queries> q_;
};

}  // namespace jxc::alerts
