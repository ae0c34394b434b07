#include "edge/inventory/requests.h"

#include <nlohmann/json.hpp>

#include "edge/common/json_writer.h"

namespace jxc::inventory {
namespace {

using json = nlohmann::json;

/// The stored first result of a request. Written for every request that
/// carries a key, so it is built by the streaming writer, not a DOM.
std::string result_json(const DocumentResult& r) {
  JsonWriter w;
  w.begin_object()
      .member("doc_id", r.doc_id)
      .member("number", r.number)
      .member("type", to_string(r.type))
      .member("state", to_string(r.state))
      .member("needs_review", r.needs_review)
      .key("exceptions")
      .begin_array();
  for (const auto& e : r.exceptions) w.value(e);
  w.end_array()
      .member("movements", r.movements)
      .member("first_seq", r.first_seq)
      .member("last_seq", r.last_seq)
      .end_object();
  return w.take();
}

DocumentResult from_json(const json& j) {
  DocumentResult r;
  r.doc_id = j.value("doc_id", std::int64_t{0});
  r.number = j.value("number", std::string());
  parse_doc_type(j.value("type", std::string()), &r.type);
  parse_doc_state(j.value("state", std::string()), &r.state);
  r.needs_review = j.value("needs_review", false);
  r.exceptions = j.value("exceptions", std::vector<std::string>{});
  r.movements = j.value("movements", 0);
  r.first_seq = j.value("first_seq", std::int64_t{0});
  r.last_seq = j.value("last_seq", std::int64_t{0});
  r.replayed = true;
  return r;
}

}  // namespace

/// Wraps a document operation so that a repeated idempotency key answers with
/// the first result instead of posting again, and so that the result says
/// which outbox entries the operation wrote.
Result<DocumentResult> once(Tx& tx, const std::string& key,
                            const std::function<Result<DocumentResult>(Tx&)>& op) {
  if (!key.empty()) {
    JXC_ASSIGN(auto* find, tx.db().cached("SELECT result FROM requests WHERE key=?1"));
    find->bind_all(key);
    JXC_ASSIGN(bool seen, find->step());
    if (seen) {
      auto j = json::parse(find->text(0), nullptr, false);
      if (j.is_discarded()) return error(Errc::storage, "stored result of request '" + key + "' is unreadable");
      return from_json(j);
    }
  }
  std::int64_t events_before = tx.effects().events;
  JXC_ASSIGN(auto r, op(tx));
  if (std::int64_t n = tx.effects().events - events_before; n > 0) {
    // One writer and a gapless sequence: this request's entries are the last n.
    r.last_seq = tx.effects().last_seq;
    r.first_seq = r.last_seq - n + 1;
  }
  if (!key.empty()) {
    JXC_ASSIGN(auto* ins, tx.db().cached(
                              "INSERT INTO requests(key,doc_id,result,created_at) VALUES(?1,?2,?3,?4)"));
    ins->bind_all(key, r.doc_id, result_json(r), tx.now());
    JXC_TRY(ins->run());
  }
  return r;
}

}  // namespace jxc::inventory
