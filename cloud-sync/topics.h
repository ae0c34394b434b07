#pragma once
// The topic layout, in one place (see edge/sync/downlink.h for the downlink
// kinds): {root}/{site}/{gateway}/evt/{type}, /status (retained), /ack,
// /down/#, /rejected, /req/master. Pure.

#include <optional>
#include <string>
#include <string_view>

namespace jxc::cloud_sync {

class Topics {
 public:
  Topics(std::string root, std::string site, std::string gateway)
      : base_(root + "/" + site + "/" + gateway + "/") {}

  std::string event(std::string_view type) const { return base_ + "evt/" + std::string(type); }
  std::string status() const { return base_ + "status"; }
  std::string ack() const { return base_ + "ack"; }
  std::string downlink_filter() const { return base_ + "down/#"; }
  std::string rejected() const { return base_ + "rejected"; }
  /// The gateway asks the central system for a master data snapshot.
  std::string master_data_request() const { return base_ + "req/master"; }
  /// The downlink kind ("master/delta") of a topic under down/, or nothing.
  std::optional<std::string> downlink_kind(std::string_view topic) const {
    std::string prefix = base_ + "down/";
    if (!topic.starts_with(prefix) || topic.size() == prefix.size()) return std::nullopt;
    return std::string(topic.substr(prefix.size()));
  }

 private:
  std::string base_;
};

}  // namespace jxc::cloud_sync
