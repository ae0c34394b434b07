#include "edge/inventory/item_search.h"

#include "edge/store/sqlite.h"

namespace jxc::inventory {

Result<std::vector<std::string>> search_item_skus(Queries& q, const std::string& text, std::size_t limit) {
  // LIKE's wildcards in the text are matched as themselves.
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  JXC_ASSIGN(auto st, q.db().prepare("SELECT sku FROM items WHERE sku LIKE ?1 ESCAPE '\\' OR name LIKE ?1 ESCAPE '\\' "
                                     "ORDER BY (sku LIKE ?1 ESCAPE '\\') DESC, sku LIMIT ?2"));
  st->bind_all(pattern, static_cast<std::int64_t>(limit));
  std::vector<std::string> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back(st->text(0));
  }
  return out;
}

}  // namespace jxc::inventory
