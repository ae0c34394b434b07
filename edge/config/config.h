#pragma once
// The gateway's configuration: one TOML file, or embedded defaults when there
// is none. Loading never half-succeeds: either every key is valid and known, or
// the caller gets every error with its line and column.
//
// Plain data: the core tables are read here; every other top-level table is a
// Section (section.h) whose parser lives with the part that uses it, and the
// caller names the sections a file may hold (the gateway's list is
// service::config_sections()). Nothing here depends on a part above
// edge/common; conversions to a part's own options live with that part or in
// edge/service.
//
// Called by `jxc-edge run` and `check-config` at start-up and by the service's
// loop thread on SIGHUP. Every function here is pure apart from reading the
// file and the environment, and is safe to call from any thread.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "edge/common/local_time.h"
#include "edge/common/status.h"
#include "edge/config/scale.h"
#include "edge/config/rfid.h"
#include "edge/config/portal.h"
#include "edge/config/mqtt.h"
#include "edge/config/scanner.h"
#include "edge/config/alerts.h"
#include "edge/config/http.h"

namespace jxc::config {

struct Section;
/// The top-level tables a file may hold beyond the core ones (section.h).
using Sections = std::vector<Section>;

/// inventory.negative_stock: whether a movement may take stock below zero
/// at sites that set no policy of their own.
enum class NegativeStock { block, allow };

/// One problem in a configuration file, positioned for a person to fix it.
struct ConfigError {
  int line = 0;    // 1-based; 0 when the error is about the file as a whole
  int column = 0;  // 1-based; 0 when unknown
  std::string key;       // dotted path, e.g. "inventory.negative_stock"
  std::string message;   // what is wrong and what is expected
  /// "gateway.toml:12:3: inventory.negative_stock: expected \"block\" or \"allow\", got \"maybe\""
  std::string to_string(const std::string& file) const;
};

struct Config {
  struct Gateway {
    std::string id = "gw-1";     // identity of this gateway towards the central system
    std::string site = "SITE-1"; // site code this gateway serves
    bool operator==(const Gateway&) const = default;
  } gateway;
  struct Log {
    std::string level = "info";  // trace, debug, info, warn, error, critical, off
    bool operator==(const Log&) const = default;
  } log;
  struct Store {
    std::string path;  // empty: $STATE_DIRECTORY/jxc-edge.db, else ./var/jxc-edge.db
    // Idempotency keys of requests (and the first result of each) are kept
    // this long; a request repeated later is posted again.
    std::int64_t idempotency_retention_hours = 168;
    // Portal passes and scan tallies (the device report) are kept this many
    // days: a year and a month sets a month beside the same month a year
    // before.
    std::int64_t device_record_days = 400;
    // The write-ahead log is copied back into the database as it grows and
    // stays below about this size.
    std::int64_t wal_limit_mib = 128;
    bool operator==(const Store&) const = default;
  } store;
  struct Inventory {
    NegativeStock negative_stock = NegativeStock::block;
    double over_receipt_tolerance_pct = 0;
    std::int64_t max_batch = 1024;
    bool operator==(const Inventory&) const = default;
  } inventory;
  struct Outbox {
    std::int64_t retention_hours = 168;  // acknowledged events are kept this long
    // Records of applied downlink message ids (duplicate suppression) are
    // kept this long; a duplicate arriving later would be applied again.
    std::int64_t downlink_retention_hours = 168;
    bool operator==(const Outbox&) const = default;
  } outbox;
  struct Metrics {
    // Counters and gauges written in the Prometheus text format to a file
    // (node_exporter textfile collector), replaced whole every interval.
    bool enabled = false;
    std::string path;  // "" = jxc-edge.prom beside the store
    std::int64_t interval_s = 15;
    bool operator==(const Metrics&) const = default;
  } metrics;
  struct Site {
    // The IANA time zone people at the site read times in ("Asia/Shanghai");
    // "" is the system's zone, or UTC when it has none. Checked at load.
    std::string timezone;
    // Decisions need a second person: a count is approved by someone other
    // than its counters, a document held for review released by someone
    // other than whoever created or last edited it.
    bool four_eyes = true;
    // ISO 4217 code of the currency every cost and value is in.
    std::string currency = "CNY";
    bool operator==(const Site&) const = default;
  } site;
  struct Backup {
    // Scheduled backups of the store (edge/inventory/backup.h) into `dir`
    // every `interval_hours`, the newest `keep` kept; "" takes none.
    std::string dir;
    std::int64_t interval_hours = 24;
    std::int64_t keep = 7;
    bool operator==(const Backup&) const = default;
  } backup;
  // The sections, each parsed by its part (service::config_sections()).
  Scales scales;          // [scales]: shelf weight sensors (scale.h)
  Rfid rfid;              // [rfid]: LLRP readers (rfid.h)
  PortalConfig portal;    // [portal]: RFID read points (portal.h)
  Mqtt mqtt;              // [mqtt]: the uplink (mqtt.h)
  Scanners scanners;      // [scanners]: barcode scanners (scanner.h)
  AlertsConfig alerts;    // [alerts]: rules and channels (alerts.h)
  Http http;              // [http]: the local HTTP API (http.h)

  /// The file this was loaded from (or the name given to parse()); empty for
  /// embedded defaults. SIGHUP re-reads it.
  std::string source;

  /// Compares every setting and the source.
  bool operator==(const Config&) const = default;

  /// metrics.path with its default (jxc-edge.prom in the store's directory).
  std::string metrics_path() const;

  /// The store path with the default applied. Reads STATE_DIRECTORY (set by
  /// systemd's StateDirectory=; the first of several colon-separated paths).
  /// A relative path is relative to the working directory.
  std::string store_path() const;

  /// site.timezone as a zone: the system's when it is "", UTC for a name the
  /// database does not hold (parse() refuses those).
  TimeZone time_zone() const;
};

/// The embedded defaults (what `jxc-edge run` uses without --config).
Config defaults();

/// Parses TOML text holding the core tables and `sections`. On failure
/// returns Errc::config and fills `errors` with every problem found (syntax,
/// unknown table or key, wrong type, bad value), in file order.
Result<Config> parse(const std::string& toml_text, const std::string& source_name,
                     const Sections& sections, std::vector<ConfigError>* errors);

/// Reads and parses a file (see parse()). A file that cannot be read is one
/// error at line 0.
Result<Config> load_file(const std::string& path, const Sections& sections,
                         std::vector<ConfigError>* errors);

/// Every key the file may hold, dotted ("inventory.max_batch"): the core
/// tables', then each section's in the order of `sections` (the gateway's
/// list follows gateway.example.toml).
std::vector<std::string> known_keys(const Sections& sections);

/// The log levels log.level accepts, most verbose first.
const std::vector<std::string>& log_levels();

/// "block" / "allow", as written in the file.
std::string_view to_string(NegativeStock p);

}  // namespace jxc::config
