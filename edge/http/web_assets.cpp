#include "edge/http/web_assets.h"

namespace jxc::http {

const WebAsset* find_web_asset(std::string_view name) {
  // A handful of files: a look at each costs less than any index.
  for (const WebAsset& a : web_assets())
    if (a.name == name) return &a;
  return nullptr;
}

}  // namespace jxc::http
