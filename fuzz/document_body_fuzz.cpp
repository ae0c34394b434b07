// libFuzzer target for the bodies of POST /api/v1/documents and POST
// /api/v1/orders: the first byte picks which, the rest is the body. Any
// input is read as a request or refused with a 400 problem that is JSON and
// names a member; what is read keeps the bounds the reader promises (1 to
// kMaxBodyLines lines, quantities within ±10^9, positive but for
// adjustments, numbers of the allowed characters).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "edge/common/text.h"
#include "edge/http/document_body.h"

using namespace jxc;

namespace {

void check_refusal(const http::Response& r) {
  if (r.status != 400 || !text::is_valid_utf8(r.body)) std::abort();
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (!j.is_object() || !j.contains("code") || !j.contains("detail")) std::abort();
}

bool qty_ok(inventory::Qty q, bool signed_nonzero) {
  constexpr inventory::Qty kMax = 1'000'000'000;
  return signed_nonzero ? q != 0 && q >= -kMax && q <= kMax : q > 0 && q <= kMax;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  if (!text::is_valid_utf8(body)) return 0;  // refused before the readers (json_object_body)
  auto value = nlohmann::json::parse(body, nullptr, false);
  if (value.is_discarded() || !value.is_object()) return 0;
  if (data[0] % 2 == 0) {
    auto out = http::read_document_body(value);
    if (auto* r = std::get_if<http::Response>(&out)) {
      check_refusal(*r);
      return 0;
    }
    const auto& req = std::get<http::DocumentBody>(out).request;
    if (req.lines.empty() || req.lines.size() > http::kMaxBodyLines) std::abort();
    if (req.type == inventory::DocType::count || req.type == inventory::DocType::reversal) std::abort();
    if (!req.number.empty() && !http::is_valid_number(req.number)) std::abort();
    for (const auto& l : req.lines)
      if (l.sku.empty() || !qty_ok(l.qty, req.type == inventory::DocType::adjustment)) std::abort();
  } else {
    auto out = http::read_order_body(value);
    if (auto* r = std::get_if<http::Response>(&out)) {
      check_refusal(*r);
      return 0;
    }
    const auto& o = std::get<inventory::Order>(out);
    if (o.lines.empty() || o.lines.size() > http::kMaxBodyLines || !http::is_valid_number(o.number)) std::abort();
    if (o.tolerance_pct && (*o.tolerance_pct < 0 || *o.tolerance_pct > 1000)) std::abort();
    for (const auto& l : o.lines)
      if (l.sku.empty() || !qty_ok(l.qty, false) || (!l.sscc.empty() && l.sscc.size() != 18)) std::abort();
  }
  return 0;
}
