// The rows of documents: their numbers, finding one by number, moving its
// state, and the result a caller gets back (declared in documents.h).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>

#include "edge/inventory/documents.h"

namespace jxc::inventory {
namespace {

using json = nlohmann::json;

std::string_view number_prefix(DocType t) {
  switch (t) {
    case DocType::receipt: return "RCV";
    case DocType::issue: return "ISS";
    case DocType::transfer: return "TRF";
    case DocType::count: return "CNT";
    case DocType::adjustment: return "ADJ";
    case DocType::scrap: return "SCR";
    case DocType::customer_return: return "CRT";
    case DocType::supplier_return: return "SRT";
    case DocType::reversal: return "REV";
    case DocType::opening: return "OPN";
    case DocType::production_issue: return "PIS";
    case DocType::production_receipt: return "PRC";
    case DocType::other_issue: return "OIS";
    case DocType::other_receipt: return "ORC";
  }
  return "DOC";
}

}  // namespace

Result<std::string> next_document_number(Tx& tx, DocType type) {
  JXC_ASSIGN(auto* max_id, tx.db().cached("SELECT coalesce(max(id),0)+1 FROM documents"));
  JXC_ASSIGN(bool row, max_id->step());
  std::int64_t next = row ? max_id->int64(0) : 1;
  max_id->reset();
  for (;; ++next) {
    // PREFIX-000042: at least six digits.
    std::string number(number_prefix(type));
    number += '-';
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, next).ptr;
    number.append(static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, 6 - (end - digits))), '0');
    number.append(digits, end);
    JXC_ASSIGN(auto* st, tx.db().cached("SELECT 1 FROM documents WHERE number=?1"));
    st->bind_all(number);
    JXC_ASSIGN(bool taken, st->step());
    if (!taken) return number;
  }
}

Result<DocRow> find_document(Tx& tx, const std::string& number) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "SELECT d.id, d.type, d.state, d.order_id, d.reason, d.source, d.occurred_at, "
                           "d.close_order, coalesce(d.ref_document,0), coalesce(r.number,'') "
                           "FROM documents d LEFT JOIN documents r ON r.id=d.ref_document WHERE d.number=?1"));
  st->bind_all(number);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return error(Errc::unknown_document, "no document '" + number + "'").with("key", number);
  DocRow d;
  d.id = st->int64(0);
  d.number = number;
  parse_doc_type(st->text(1), &d.type);
  parse_doc_state(st->text(2), &d.state);
  d.order_id = st->is_null(3) ? 0 : st->int64(3);
  d.reason = st->text(4);
  d.source = st->text(5);
  d.occurred_at = st->int64(6);
  d.close_order = st->int64(7) != 0;
  d.ref_document = st->int64(8);
  d.ref_number = st->text(9);
  st->reset();
  return d;
}

Status set_state(Tx& tx, std::int64_t doc_id, DocState state) {
  const char* sql = nullptr;
  switch (state) {
    case DocState::confirmed: sql = "UPDATE documents SET state='confirmed', confirmed_at=?2 WHERE id=?1"; break;
    case DocState::posted: sql = "UPDATE documents SET state='posted', posted_at=?2 WHERE id=?1"; break;
    case DocState::cancelled: sql = "UPDATE documents SET state='cancelled', cancelled_at=?2 WHERE id=?1"; break;
    case DocState::draft: sql = "UPDATE documents SET state='draft', created_at=?2 WHERE id=?1"; break;
  }
  JXC_ASSIGN(auto* st, tx.db().cached(sql));
  st->bind_all(doc_id, tx.now());
  return st->run();
}

Result<DocumentResult> document_result(Tx& tx, std::int64_t doc_id) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "SELECT number, type, state, needs_review, exceptions, "
                           "(SELECT count(*) FROM movements WHERE doc_id=d.id) "
                           "FROM documents d WHERE id=?1"));
  st->bind_all(doc_id);
  JXC_ASSIGN(bool row, st->step());
  if (!row) return error(Errc::unknown_document, "no document with id " + std::to_string(doc_id));
  DocumentResult r;
  r.doc_id = doc_id;
  r.number = st->text(0);
  parse_doc_type(st->text(1), &r.type);
  parse_doc_state(st->text(2), &r.state);
  r.needs_review = st->int64(3) != 0;
  auto j = json::parse(st->text(4), nullptr, false);
  if (j.is_array())
    for (const auto& e : j) r.exceptions.push_back(e.get<std::string>());
  r.movements = static_cast<int>(st->int64(5));
  return r;
}

}  // namespace jxc::inventory
