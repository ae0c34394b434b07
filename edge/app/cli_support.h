#pragma once
// Plumbing shared by the store commands (import, stock, doc, post, order,
// count): where the store is, opening the engine or a reader on it, turning a
// failed Status into an exit code, and parsing `--line SKU:QTY[:LOT[:EXPIRY]]`.
//
// Exit codes: 0 done; 1 the command line is wrong (as CLI11 does for its own
// usage errors); 2 the store refused or failed the operation, with
// `error: <code>: <reason>` on stderr.

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "edge/app/store_location.h"
#include "edge/common/local_time.h"
#include "edge/common/status.h"
#include "edge/inventory/audit_records.h"
#include "edge/inventory/engine.h"
#include "edge/inventory/queries.h"

namespace jxc::app {

inline constexpr int kExitUsage = 1;
inline constexpr int kExitFailed = 2;

/// Where a command finds the store: `--store PATH`, `--config FILE` (its
/// [store] path), or as the service finds it (edge/app/store_location.h).
/// `--verbose` says which store and why.
struct StoreOptions {
  std::string config_file;
  std::string store_path;
  bool verbose = false;
};
void add_store_options(CLI::App& cmd, StoreOptions& opts);

/// Prints `error: <status>` to stderr and leaves the command with exit code 2.
[[noreturn]] void fail(const Status& s);
/// Prints `error: <message>` to stderr and leaves with exit code 1.
[[noreturn]] void usage_error(const std::string& message);

inline void check(const Status& s) {
  if (!s) fail(s);
}
/// The value, or fail() with the reason there is none.
template <typename T>
T take(Result<T> r) {
  if (!r) fail(r.status());
  return std::move(r).value();
}

/// The site's time zone for tables ([site] timezone of --config; the
/// system's zone without one). Configuration errors fail the command.
TimeZone site_zone(const StoreOptions& opts);
/// [site] four_eyes of --config (true without one): a document held for
/// review is released by another person than whoever made or last edited it.
bool site_four_eyes(const StoreOptions& opts);
/// [site] currency: what costs and values are in.
std::string site_currency(const StoreOptions& opts);
/// Engine options for these store options (config file or defaults, with
/// --store applied). Configuration errors are printed and fail the command.
inventory::EngineOptions engine_options(const StoreOptions& opts);
/// The store these options name, and why (printed with --verbose).
StoreLocation store_location(const StoreOptions& opts);
/// Opens the engine on an existing store or fails the command: a store is
/// created only by the daemon and `jxc-edge init`, never by a mistyped path.
std::unique_ptr<inventory::Engine> open_engine(const StoreOptions& opts);
/// Opens the engine, creating the store and its directory when absent (init).
std::unique_ptr<inventory::Engine> create_engine(const StoreOptions& opts);
/// Opens a reader. A store that does not exist yet is an error rather than
/// being created, so that a mistyped path is not mistaken for an empty store.
std::unique_ptr<inventory::Queries> open_queries(const StoreOptions& opts);

/// What a quantity on a --line may be.
enum class QtyRule {
  positive,        // moves: receipts, issues, transfers, orders
  signed_nonzero,  // adjustments: +5 is a gain, -3 a loss
  zero_or_more,    // counts: 0 says "looked, none there"
};
/// Parses "SKU:QTY[UNIT][:LOT[:EXPIRY]][@COST]"; COST is currency per base unit.
Result<inventory::DocLine> parse_line(std::string_view spec, QtyRule rule);
/// parse_line() for every spec; a bad one is a usage error naming it.
std::vector<inventory::DocLine> parse_lines(const std::vector<std::string>& specs, QtyRule rule);

/// A --line's "sn=S1,S2,..." value: a serial-tracked item's serials.
std::vector<std::string> split_serials(const std::string& list);

/// Accepts the names people type: "customer-return" as well as "customer_return".
std::string dashes_to_underscores(std::string s);

/// Parses an ISO 8601 time ("2026-11-23", "2026-11-23T08:15:00+08:00") or
/// leaves with a usage error naming `option`.
TimeMs parse_time_option(const std::string& text, std::string_view option);

/// Who did it, for the documents' source field when --source is not given.
std::string default_source();

/// The effective Unix user as the audit trail names it ("unix:root"), not
/// $USER, which the caller chooses.
std::string unix_actor();

/// The audit entry of a change made on the box: the Unix user, no address.
inventory::AuditEntry box_audit(std::string action, std::string target, std::string detail = "");

/// Runs `op` on the engine's writer once per idempotency `key` ("" for none)
/// with `audit` appended in the same transaction, as the API records its
/// changes; a repeat of the key returns the first result and records
/// nothing. An empty audit target becomes "<target_kind>:<the result's number>".
Result<inventory::DocumentResult> audited(inventory::Engine& engine, const std::string& key,
                                          inventory::AuditEntry audit,
                                          std::function<Result<inventory::DocumentResult>(inventory::Tx&)> op,
                                          std::string_view target_kind = "document");

}  // namespace jxc::app
