#pragma once
// A unit of work: what one request sees while the writer runs it inside its
// savepoint. Only the engine's writer thread creates and uses a Tx.

#include <cstdint>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "edge/common/clock.h"
#include "edge/common/status.h"
#include "edge/inventory/cost.h"
#include "edge/inventory/cost_tail.h"
#include "edge/inventory/engine.h"
#include "edge/inventory/quantity.h"
#include "edge/inventory/types.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory {

struct LocationInfo {
  std::int64_t id = 0;
  std::string code;
  LocationKind kind = LocationKind::bin;
  NegativePolicy policy = NegativePolicy::block;  // of its site, or the gateway default
  bool active = true;  // false: retired by master data; may be emptied, never filled
  bool quarantine = false;  // a quarantine bin: its stock is held, not available (quality.h)
  bool is_virtual() const { return kind == LocationKind::virtual_; }
};

struct ItemInfo {
  std::int64_t id = 0;
  std::string sku;
  bool lot_tracked = false;
  double unit_cost = 0;
  bool active = true;  // false: retired by master data; existing stock may only leave
  ItemUnits units;     // base unit, decimals and pack levels, for quantities entered as text
  bool serial_tracked = false;  // every movement of it names its serials (serials.h)
};

/// State the writer keeps between requests: the store identity and caches of
/// master data. Caches are dropped whenever a request rolls back or changes
/// master data, so they never hold a row that is not committed.
struct WriterState {
  std::string epoch;
  std::mt19937_64 rng{std::random_device{}()};
  /// Time and counter of the last event id, which keep ids rising even when
  /// several share a millisecond or the clock steps back.
  TimeMs last_id_ms = 0;
  std::uint16_t id_counter = 0;
  std::unordered_map<std::string, ItemInfo> items;
  std::unordered_map<std::string, LocationInfo> locations;
  /// Cost pools as this writer last read them or as its movements have
  /// changed them since, by item id and lot: a line coming in or going out
  /// reads and moves its pool here. Pools are written behind the ledger
  /// (cost_tail.h): a changed pool is written about once a second, however
  /// many lines moved it (write_cost_pools in ledger.h). While
  /// `pools_complete`, every pool the unwritten movements moved is here at
  /// its true state, so what is not here is as the store has it; a rollback
  /// or another process's commit clears the cache (forget_master_data), and
  /// the writer reads the tail's pools back before it moves one again.
  using PoolKey = inventory::PoolKey;
  using PoolKeyHash = inventory::PoolKeyHash;
  struct PoolEntry {
    CostPool pool;
    bool changed = false;  // moved since last written
  };
  using Pools = std::unordered_map<PoolKey, PoolEntry, PoolKeyHash>;
  Pools pools;
  /// The entries of `pools` with `changed` set (nodes of an unordered_map
  /// stay where they are while it grows).
  std::vector<Pools::value_type*> changed_pools;
  bool pools_complete = false;
  /// When the changed pools were last written (the writer's clock).
  TimeMs pools_written_at = 0;
  /// More pools than this and the cache is written and starts over (a bound
  /// on memory for stores of very many items and lots).
  static constexpr std::size_t kMaxPools = 200'000;
  /// After a rollback or another process's commit: nothing cached may be
  /// trusted, and the pools changed since the last write are read back.
  void forget_master_data() {
    forget_items_and_locations();
    pools.clear();
    changed_pools.clear();
    pools_complete = false;
  }
  /// After this writer changed master data: pools are not master data, and
  /// those changed still have to be written.
  void forget_items_and_locations() {
    items.clear();
    locations.clear();
  }
};

class Tx {
 public:
  Tx(store::Db& db, const Clock& clock, const EngineOptions& opts, WriterState& state)
      : db_(db), opts_(opts), state_(state), now_(clock.now_ms()) {}

  store::Db& db() { return db_; }
  const EngineOptions& options() const { return opts_; }
  const std::string& epoch() const { return state_.epoch; }
  /// recorded_at of everything this request writes.
  TimeMs now() const { return now_; }

  Result<ItemInfo> item(const std::string& sku);
  Result<LocationInfo> location(const std::string& code);
  /// A location that can hold stock (not one of the virtual ones).
  Result<LocationInfo> physical_location(const std::string& code, std::string_view role);
  void master_data_changed() { state_.forget_items_and_locations(); }
  /// The writer's cost pools and those changed since they were last written
  /// (see WriterState::pools).
  WriterState& writer() { return state_; }
  WriterState::Pools& pools() { return state_.pools; }
  auto& changed_pools() { return state_.changed_pools; }

  /// A time-ordered UUID (RFC 9562 version 7) for an outbox event. Each one
  /// sorts after the last, so the outbox's unique index on event ids grows at
  /// its end; random ids would dirty a random index page per event.
  std::string new_event_id();

  void touched(std::int64_t item_id, std::int64_t location_id, const std::string& lot, Qty delta) {
    effects_.balances.push_back({item_id, location_id, lot, delta});
  }
  void wrote_event(std::int64_t seq) {
    effects_.last_seq = seq;
    ++effects_.events;
  }
  CommitEffects& effects() { return effects_; }

 private:
  store::Db& db_;
  const EngineOptions& opts_;
  WriterState& state_;
  TimeMs now_;
  CommitEffects effects_;
};

}  // namespace jxc::inventory
