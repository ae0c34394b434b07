#include "edge/inventory/device_performance.h"

#include <map>
#include <tuple>

#include "edge/store/sqlite.h"

namespace jxc::inventory {
namespace {

constexpr TimeMs kDevicePerfDayMs = 86'400'000;
// No zone is further than 14 hours from UTC: the UTC window read is the
// period's days widened by that, and each row is kept when its local day
// falls in the period.
constexpr TimeMs kDevicePerfZoneSlackMs = 15 * 3'600'000;

std::optional<double> device_perf_share(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

Result<DevicePerformance> device_performance(Queries& q, DayNumber first, DayNumber last, const TimeZone& zone) {
  if (last < first) return error(Errc::invalid_argument, "the period ends before it begins");
  const TimeMs from = static_cast<TimeMs>(first) * kDevicePerfDayMs - kDevicePerfZoneSlackMs;
  const TimeMs to = (static_cast<TimeMs>(last) + 1) * kDevicePerfDayMs + kDevicePerfZoneSlackMs;
  auto in_period = [&](TimeMs t) {
    const DayNumber d = local_day(t, zone);
    return d >= first && d <= last;
  };
  DevicePerformance out;
  out.days = last - first + 1;
  out.hours = out.days * 24;
  auto snapshot = q.snapshot();
  store::Db& db = q.db();

  std::map<std::string, DoorPerformance> doors;
  {
    JXC_ASSIGN(auto* st, db.cached(
                             "SELECT door, closed_at, outcome, missing, unexpected, ambiguous, other "
                             "FROM device_passes WHERE closed_at >= ?1 AND closed_at < ?2"));
    st->bind_all(from, to);
    for (;;) {
      JXC_ASSIGN(bool row, st->step());
      if (!row) break;
      if (!in_period(st->int64(1))) continue;
      DoorPerformance& d = doors[st->text(0)];
      ++d.passes;
      const std::string outcome = st->text(2);
      if (outcome == "posted") ++d.posted;
      else if (outcome == "none") ++d.no_document;
      else {
        ++d.held;
        d.missing += st->int64(3) != 0;
        d.unexpected += st->int64(4) != 0;
        d.ambiguous += st->int64(5) != 0;
        d.other += st->int64(6) != 0;
      }
    }
    st->reset();
  }
  for (auto& [door, d] : doors) {
    d.door = door;
    d.per_hour = static_cast<double>(d.passes) / out.hours;
    d.held_share = device_perf_share(d.held, d.passes);
    out.doors.push_back(std::move(d));
  }

  std::map<std::string, ScannerPerformance> scanners;
  {
    JXC_ASSIGN(auto* st, db.cached(
                             "SELECT scanner, quarter, reason, n FROM scan_tallies WHERE quarter >= ?1 AND quarter < ?2"));
    st->bind_all(from, to);
    for (;;) {
      JXC_ASSIGN(bool row, st->step());
      if (!row) break;
      if (!in_period(st->int64(1))) continue;
      ScannerPerformance& s = scanners[st->text(0)];
      const std::string reason = st->text(2);
      const std::int64_t n = st->int64(3);
      s.scans += n;
      if (reason.empty()) {
        s.accepted += n;
        continue;
      }
      s.rejected += n;
      std::size_t i = 0;
      while (i < kScanRejectCount && to_string(kScanRejects[i]) != reason) ++i;
      // A code this build does not know (a newer one's) counts as refused.
      s.by_reason[i < kScanRejectCount ? i : static_cast<std::size_t>(ScanReject::refused)] += n;
    }
    st->reset();
  }
  for (auto& [scanner, s] : scanners) {
    s.scanner = scanner;
    s.rejected_share = device_perf_share(s.rejected, s.scans);
    out.scanners.push_back(std::move(s));
  }

  std::map<std::tuple<std::string, std::string, std::string>, ShelfPerformance> shelves;
  {
    JXC_ASSIGN(auto* st, db.cached(
                             "SELECT w.slot, i.sku, i.name, l.code, w.detected_at, w.state "
                             "FROM weight_discrepancies w JOIN items i ON i.id = w.item_id "
                             "JOIN locations l ON l.id = w.location_id "
                             "WHERE w.detected_at >= ?1 AND w.detected_at < ?2"));
    st->bind_all(from, to);
    for (;;) {
      JXC_ASSIGN(bool row, st->step());
      if (!row) break;
      if (!in_period(st->int64(4))) continue;
      ShelfPerformance& s = shelves[{st->text(0), st->text(1), st->text(3)}];
      if (s.slot.empty()) s = {st->text(0), st->text(1), st->text(2), st->text(3)};
      ++s.discrepancies;
      const std::string state = st->text(5);
      if (state == "open") ++s.open;
      else if (state == "accepted") ++s.accepted;
      else ++s.dismissed;
    }
    st->reset();
  }
  for (auto& [key, s] : shelves) out.shelves.push_back(std::move(s));
  return out;
}

}  // namespace jxc::inventory
