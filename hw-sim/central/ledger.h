#pragma once
// What the central simulator holds: events de-duplicated per stream
// (gateway, epoch) by seq, with the gap bookkeeping that decides when to ask
// for a replay. Pure; unit-tested apart from the broker.

#include <cstdint>
#include <map>
#include <set>
#include <string>

namespace jxc::hwsim {

class CentralLedger {
 public:
  struct Stream {
    std::string site, gateway, epoch;
    std::int64_t contiguous = 0;   // every seq 1..contiguous held
    std::set<std::int64_t> ahead;  // held beyond a gap
    std::int64_t unique = 0, duplicates = 0;
    std::int64_t acked = 0;        // last up_to_seq sent
    bool gap_open = false;         // a replay was asked for this gap
  };

  enum class Outcome { stored, duplicate };
  Outcome add(const std::string& site, const std::string& gateway, const std::string& epoch,
              std::int64_t seq, const std::string& type, const std::string& event_id);

  std::map<std::string, Stream>& streams() { return streams_; }
  const std::map<std::string, Stream>& streams() const { return streams_; }
  const std::map<std::string, std::int64_t>& by_type() const { return by_type_; }
  std::int64_t unique() const { return unique_; }
  std::int64_t duplicates() const { return duplicates_; }
  std::int64_t reused_event_ids() const { return reused_ids_; }
  std::int64_t gaps_repaired() const { return gaps_repaired_; }
  /// True when no stream has a gap.
  bool gapless() const;

 private:
  std::map<std::string, Stream> streams_;  // key: site/gateway/epoch
  std::map<std::string, std::int64_t> by_type_;
  std::set<std::string> event_ids_;
  std::int64_t unique_ = 0, duplicates_ = 0, reused_ids_ = 0, gaps_repaired_ = 0;
};

}  // namespace jxc::hwsim
