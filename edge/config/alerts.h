#pragma once
// The [alerts] section: rule defaults and the channels that push alerts to
// managers. Parsed by edge/alerts/alerts_section.cpp; used by edge/alerts.

#include <cstdint>
#include <string>
#include <vector>

namespace jxc::config {

struct AlertChannel {
  std::string name;         // unique, for the delivery log ("ops-dingtalk")
  std::string kind;         // webhook, dingtalk, wecom, feishu, smtp
  std::string url;          // webhook, dingtalk, wecom, feishu
  std::string secret_file;  // HMAC key (webhook), DingTalk or Feishu signing secret; empty = none
  std::string ca_file;      // PEM CA bundle the server is verified with; empty = the system's store
  std::int64_t connect_timeout_seconds = 0;  // resolve, connect and TLS handshake; 0 = 5
  std::int64_t timeout_seconds = 0;          // the whole transfer; 0 = 15
  std::string smtp_host;
  std::int64_t smtp_port = 25;
  std::string smtp_tls;            // none, starttls, implicit; empty: implicit on 465, starttls on 587, else none
  std::string smtp_user;           // AUTH; needs smtp_password_file and TLS
  std::string smtp_password_file;  // a secret file, relative ones from $CREDENTIALS_DIRECTORY
  std::string smtp_from;
  std::vector<std::string> smtp_to;
  std::vector<std::string> kinds;   // empty: every kind
  std::string min_severity = "info";  // info, warning, critical
  std::string quiet_from, quiet_to;   // "22:00", "07:00" in the site's time zone; empty = none
  std::string digest_at;  // "08:30" in the site's time zone: the daily digest then; empty = none
  bool operator==(const AlertChannel&) const = default;
};

/// The channel's smtp_tls, or what its port implies when it is not set:
/// "implicit" on 465, "starttls" on 587, else "none".
inline std::string smtp_tls_of(const AlertChannel& c) {
  if (!c.smtp_tls.empty()) return c.smtp_tls;
  if (c.smtp_port == 465) return "implicit";
  if (c.smtp_port == 587) return "starttls";
  return "none";
}

struct AlertsConfig {
  bool enabled = true;
  std::string scope = "location";         // location: as the threshold names it; warehouse: its warehouse
  std::int64_t expiry_days = 7;           // a lot expiring within this many days raises lot_expiring
  std::int64_t slow_moving_days = 30;     // on hand with no issue for this long
  double hysteresis_pct = 10;             // clear only past the threshold by this share (min 1 unit)
  std::int64_t escalation_minutes = 60;   // unacknowledged alerts escalate after this
  std::int64_t device_offline_minutes = 5;
  std::int64_t backlog_events = 10000;    // unacknowledged outbox events
  std::int64_t backlog_minutes = 60;      // age of the oldest unacknowledged event
  std::int64_t asn_overdue_minutes = 120; // an open ASN this long past its expected_at raises asn_overdue
  std::int64_t count_variance_qty = 0;    // |variance| above this in an approved count
  std::int64_t check_seconds = 60;        // period of the time-based rules
  double service_level_pct = 95;          // replenishment safety stock
  std::int64_t history_days = 28;         // demand history for replenishment
  std::int64_t default_lead_time_days = 7;
  std::int64_t retry_max = 5;             // delivery attempts per alert and channel
  std::int64_t retry_initial_seconds = 2; // doubled after each failure
  std::int64_t channel_failures_alert = 3;  // consecutive failed deliveries that raise channel_failing
  std::string language = "zh-CN";         // of the texts people read: "zh-CN" or "en"
  // The gateway's address as people reach it ("https://gw-1.warehouse.lan:8443"):
  // channel messages link to <ack_base_url>/alerts/<id>; empty = no link.
  std::string ack_base_url;
  std::vector<AlertChannel> channels;
  bool operator==(const AlertsConfig&) const = default;
};

}  // namespace jxc::config
