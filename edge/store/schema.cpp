#include "edge/store/schema.h"

#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "edge/store/migration_scripts.h"

namespace jxc::store {
namespace {

/// Rewrites every `CHECK (col IN ('a','b',...))` in the stored table
/// definitions as `CHECK (col = 'a' OR col = 'b' ...)`, the same rule (NULL
/// still passes). The stored rows are untouched, so this uses SQLite's
/// documented way to change constraints in place instead of rebuilding the
/// tables: edit sqlite_schema under writable_schema and bump schema_version so
/// that every other connection reloads the schema.
Status expand_in_checks(Db& db) {
  static const std::regex in_check(R"(CHECK \((\w+) IN \(((?:'[^']*',?\s*)+)\)\))");
  static const std::regex value(R"('[^']*')");
  JXC_ASSIGN(auto tables, db.prepare("SELECT name, sql FROM sqlite_schema WHERE type='table' "
                                     "AND sql LIKE '%CHECK (% IN (%'"));
  std::vector<std::pair<std::string, std::string>> rewritten;
  for (;;) {
    JXC_ASSIGN(bool row, tables->step());
    if (!row) break;
    std::string sql = tables->text(1), out;
    auto last = sql.cbegin();
    for (std::sregex_iterator m(sql.begin(), sql.end(), in_check), end; m != end; ++m) {
      out.append(last, (*m)[0].first);
      std::string col = (*m)[1].str(), list = (*m)[2].str(), chain;
      for (std::sregex_iterator v(list.begin(), list.end(), value); v != end; ++v)
        chain += (chain.empty() ? "" : " OR ") + col + " = " + v->str();
      out += "CHECK (" + chain + ")";
      last = (*m)[0].second;
    }
    out.append(last, sql.cend());
    if (out != sql) rewritten.emplace_back(tables->text(0), std::move(out));
  }
  if (rewritten.empty()) return Status::ok();
  JXC_ASSIGN(std::int64_t version, db.query_int("PRAGMA schema_version"));
  JXC_TRY(db.exec("PRAGMA writable_schema=ON"));
  Status s = Status::ok();
  for (const auto& [name, sql] : rewritten) {
    auto up = db.prepare("UPDATE sqlite_schema SET sql=?2 WHERE type='table' AND name=?1");
    if (!up) { s = up.status(); break; }
    (*up)->bind_all(name, sql);
    if (s = (*up)->run(); !s) break;
  }
  if (s) s = db.exec("PRAGMA schema_version=" + std::to_string(version + 1));
  // RESET also drops this connection's parsed schema, which the version bump
  // alone renews only for other connections.
  Status off = db.exec("PRAGMA writable_schema=RESET");
  return s ? off : s;
}

/// Migrations whose work SQL alone cannot express, run after their SQL.
Status migrate_in_code(Db& db, int version) {
  switch (version) {
    case 11: return expand_in_checks(db);
    default: return Status::ok();
  }
}

}  // namespace

int latest_schema_version() { return static_cast<int>(migration_scripts().size()); }

Status migrate_to(Db& db, int version) {
  JXC_ASSIGN(std::int64_t current, db.query_int("PRAGMA user_version"));
  if (current > latest_schema_version()) {
    return error(Errc::schema_too_new,
                 "store " + db.path() + " has schema version " + std::to_string(current) +
                     " but this jxc-edge knows only up to " +
                     std::to_string(latest_schema_version()) +
                     "; upgrade jxc-edge or restore a matching backup");
  }
  for (int v = static_cast<int>(current) + 1; v <= version; ++v) {
    JXC_TRY(db.exec("BEGIN IMMEDIATE"));
    Status s = db.exec(migration_scripts()[static_cast<size_t>(v - 1)]);
    if (s) s = migrate_in_code(db, v);
    if (s) s = db.exec("PRAGMA user_version=" + std::to_string(v));
    if (!s) {
      (void)db.exec("ROLLBACK");
      return error(Errc::storage,
                   "migration to schema " + std::to_string(v) + " failed: " + s.reason());
    }
    JXC_TRY(db.exec("COMMIT"));
  }
  return Status::ok();
}

Status migrate(Db& db) { return migrate_to(db, latest_schema_version()); }

}  // namespace jxc::store
