#include "edge/alerts/alert_names.h"

#include "edge/inventory/queries.h"

namespace jxc::alerts {

Result<std::unique_ptr<NameBook>> NameBook::open(const std::string& store_path) {
  JXC_ASSIGN(auto q, inventory::Queries::open(store_path));
  return std::make_unique<NameBook>(std::move(q));
}

NameBook::NameBook(std::unique_ptr<inventory::Queries> q) : q_(std::move(q)) {}
NameBook::~NameBook() = default;

void NameBook::name(Alert& a) {
  std::lock_guard lock(mu_);
  if (!a.key.item.empty()) {
    if (auto item = q_->item(a.key.item)) {
      a.names.item = item->name;
      a.names.uom = item->uom;
      a.names.decimals = item->decimals;
    }
  }
  if (!a.key.location.empty()) {
    if (auto loc = q_->location(a.key.location)) a.names.location = loc->name;
  }
}

}  // namespace jxc::alerts
