#include "edge/app/cli_support.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "edge/app/quantities.h"
#include "edge/inventory/cost.h"
#include "edge/app/store_location.h"
#include "edge/config/config.h"
#include "edge/inventory/requests.h"
#include "edge/service/engine_options.h"

namespace jxc::app {

void add_store_options(CLI::App& cmd, StoreOptions& opts) {
  cmd.add_option("--config", opts.config_file,
                 "gateway configuration (TOML); the store is its [store] path "
                 "(default: /etc/jxc-edge/gateway.toml when it exists)");
  cmd.add_option("--store", opts.store_path,
                 "store database file (overrides the configuration's)");
  cmd.add_flag("--verbose", opts.verbose, "say which store is used and why, on stderr");
}

void fail(const Status& s) {
  std::cerr << "error: " << s.to_string() << "\n";
  throw CLI::RuntimeError(kExitFailed);
}

void usage_error(const std::string& message) {
  std::cerr << "error: " << message << "\n";
  throw CLI::RuntimeError(kExitUsage);
}

StoreLocation store_location(const StoreOptions& opts) {
  auto where = take(locate_store(opts.config_file, opts.store_path));
  if (opts.verbose) std::cerr << "store: " << where.store_path << " (" << where.why << ")\n";
  return where;
}

namespace {

config::Config configuration(const StoreOptions& opts) {
  return take(locate_store(opts.config_file, opts.store_path)).config;
}

}  // namespace

TimeZone site_zone(const StoreOptions& opts) { return configuration(opts).time_zone(); }

bool site_four_eyes(const StoreOptions& opts) { return configuration(opts).site.four_eyes; }

std::string site_currency(const StoreOptions& opts) { return configuration(opts).site.currency; }

inventory::EngineOptions engine_options(const StoreOptions& opts) {
  const StoreLocation where = store_location(opts);
  inventory::EngineOptions eo = service::engine_options(where.config);
  eo.store_path = where.store_path;
  return eo;
}

namespace {

[[noreturn]] void no_store(const StoreOptions& opts, const std::string& path) {
  const StoreLocation where = take(locate_store(opts.config_file, opts.store_path));
  fail(error(Errc::io, "no store at " + path + " (" + where.why +
                           "); the service creates its store when it first starts, `jxc-edge init` creates "
                           "one here, or name the store with --store or --config"));
}

}  // namespace

std::unique_ptr<inventory::Engine> open_engine(const StoreOptions& opts) {
  inventory::EngineOptions eo = engine_options(opts);
  std::error_code ec;
  if (!std::filesystem::exists(eo.store_path, ec)) no_store(opts, eo.store_path);
  return take(inventory::Engine::open(std::move(eo)));
}

std::unique_ptr<inventory::Engine> create_engine(const StoreOptions& opts) {
  inventory::EngineOptions eo = engine_options(opts);
  std::filesystem::path parent = std::filesystem::path(eo.store_path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) fail(error(Errc::io, "cannot create " + parent.string() + ": " + ec.message()));
  return take(inventory::Engine::open(std::move(eo)));
}

std::unique_ptr<inventory::Queries> open_queries(const StoreOptions& opts) {
  std::string path = engine_options(opts).store_path;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) no_store(opts, path);
  return take(inventory::Queries::open(path));
}

Result<inventory::DocLine> parse_line(std::string_view spec, QtyRule rule) {
  auto bad = [&](const std::string& why) {
    return error(Errc::invalid_argument,
                 "--line '" + std::string(spec) + "': " + why + " (expected SKU:QTY[UNIT][:LOT[:EXPIRY]][@COST])");
  };
  // "@12.50" at the end: the unit cost, in currency per base unit.
  std::optional<inventory::Money> unit_cost;
  std::string_view rest = spec;
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    auto cost = inventory::parse_money(rest.substr(at + 1));
    if (!cost) return bad(cost.status().reason());
    unit_cost = *cost;
    rest = rest.substr(0, at);
  }
  std::vector<std::string_view> parts;
  for (;;) {
    auto colon = rest.find(':');
    parts.push_back(rest.substr(0, colon));
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  if (parts.size() < 2) return bad("no quantity");
  if (parts.size() > 4) return bad("too many ':'");
  if (rule == QtyRule::zero_or_more && unit_cost) return bad("a counted line has no cost");
  if (parts[0].empty()) return bad("no SKU");

  // "5", "+5" (a gain), "1.25" (an item with decimals), "2case" (a pack
  // unit). The engine converts it with the item's decimals and pack factor;
  // here only its form and sign are checked.
  QtyText q = split_qty_text(parts[1]);
  if (rule == QtyRule::signed_nonzero && !q.number.empty() && q.number.front() == '+') q.number.erase(0, 1);
  auto qty = inventory::parse_decimal(q.number, inventory::kMaxDecimals);
  if (!qty) return bad(qty.status().reason());
  if (q.number.front() == '+') return bad("quantity '" + std::string(parts[1]) + "' takes no sign");
  if (rule != QtyRule::signed_nonzero && *qty < 0) return bad("quantity must not be negative");
  if (rule != QtyRule::zero_or_more && *qty == 0) return bad("quantity must not be zero");

  inventory::DocLine line;
  line.sku = std::string(parts[0]);
  line.entered = q.number;
  line.unit = q.unit;
  line.unit_cost = unit_cost;
  if (parts.size() > 2) line.lot = std::string(parts[2]);
  if (parts.size() > 3 && !parts[3].empty()) line.expiry = std::string(parts[3]);
  return line;
}

std::vector<inventory::DocLine> parse_lines(const std::vector<std::string>& specs, QtyRule rule) {
  std::vector<inventory::DocLine> lines;
  for (const auto& s : specs) {
    auto l = parse_line(s, rule);
    if (!l) usage_error(l.status().reason());
    lines.push_back(std::move(l).value());
  }
  return lines;
}

std::vector<std::string> split_serials(const std::string& list) {
  std::vector<std::string> out;
  for (std::size_t at = 0; !list.empty() && at <= list.size();) {
    const std::size_t comma = std::min(list.find(',', at), list.size());
    out.push_back(list.substr(at, comma - at));
    at = comma + 1;
  }
  return out;
}

std::string dashes_to_underscores(std::string s) {
  for (char& c : s)
    if (c == '-') c = '_';
  return s;
}

TimeMs parse_time_option(const std::string& text, std::string_view option) {
  TimeMs t = 0;
  if (!parse_iso8601(text, &t))
    usage_error(std::string(option) + " '" + text +
                "' is not an ISO 8601 time (2026-11-23 or 2026-11-23T08:15:00+08:00)");
  return t;
}

std::string unix_actor() {
  const passwd* pw = ::getpwuid(::geteuid());
  return "unix:" + (pw && pw->pw_name ? std::string(pw->pw_name) : std::to_string(::geteuid()));
}

inventory::AuditEntry box_audit(std::string action, std::string target, std::string detail) {
  return {0, 0, unix_actor(), std::move(action), std::move(target), std::move(detail), ""};
}

Result<inventory::DocumentResult> audited(inventory::Engine& engine, const std::string& key,
                                          inventory::AuditEntry audit,
                                          std::function<Result<inventory::DocumentResult>(inventory::Tx&)> op,
                                          std::string_view target_kind) {
  return engine.run<inventory::DocumentResult>([&](inventory::Tx& tx) {
    return inventory::once(tx, key, [&](inventory::Tx& t) -> Result<inventory::DocumentResult> {
      JXC_ASSIGN(auto r, op(t));
      inventory::AuditEntry e = audit;
      if (e.target.empty()) e.target = std::string(target_kind) + ":" + r.number;
      JXC_TRY(inventory::append_audit(t, e));
      return r;
    });
  });
}

std::string default_source() {
  const char* user = std::getenv("USER");
  return user && *user ? std::string("cli:") + user : std::string("cli");
}

}  // namespace jxc::app
