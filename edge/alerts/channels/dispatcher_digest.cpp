// The daily digest's side of the Dispatcher (dispatcher.h): when one is
// due, how each channel kind sends it, and the day recorded once it went.
#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "edge/alerts/alert_store.h"
#include "edge/alerts/channels/dispatcher.h"
#include "edge/alerts/channels/message_limits.h"
#include "edge/alerts/channels/messages.h"
#include "edge/inventory/digest_records.h"
#include "edge/inventory/queries.h"

namespace jxc::alerts::channels {

void Dispatcher::check_digests() {
  boost::asio::post(io_, [this] { run_digest_checks(); });
}

void Dispatcher::run_digest_checks() {
  const TimeMs now = clock_.now_ms();
  const TimeZone& zone = opts_.wording.zone;
  std::shared_ptr<const DailyDigest> digest;  // read once for every channel due
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    Channel& c = channels_[i];
    if (c.cfg.digest_at.empty() || c.digest_pending || opts_.store_path.empty()) continue;
    if (!digest_q_) {
      auto q = inventory::Queries::open(opts_.store_path);
      if (!q) {
        spdlog::warn("alerts: cannot read the store for the daily digest: {}", q.status().to_string());
        break;
      }
      digest_q_ = std::move(q).value();
    }
    if (!c.digest_day_read) {
      auto day = inventory::last_digest_day(*digest_q_, c.cfg.name);
      if (!day) {
        spdlog::warn("alerts: channel {}: cannot read its last digest day: {}", c.cfg.name, day.status().to_string());
        continue;
      }
      c.digest_day = *day;
      c.digest_day_read = true;
    }
    if (!digest_due(c.cfg.digest_at, c.digest_day, now, zone)) continue;
    if (c.digest_given_up == format_local_date(now, zone)) continue;
    if (!digest) {
      auto read = read_daily_digest(*digest_q_, now, zone);
      if (!read) {
        spdlog::warn("alerts: cannot read the daily digest: {}", read.status().to_string());
        break;
      }
      digest = std::make_shared<const DailyDigest>(std::move(read).value());
    }
    auto d = std::make_shared<Delivery>();
    d->channel = i;
    d->daily = digest;
    c.digest_pending = true;
    attempt(std::move(d));
  }
  ++digest_checks_;
}

Status Dispatcher::send_daily(Channel& c, const DailyDigest& d) {
  const Wording& w = opts_.wording;
  const std::string& gw = opts_.gateway_id;
  const std::string title = daily_digest_title(d, gw, w);
  const std::vector<DigestSection> sections = daily_digest_sections(d, w, opts_.ack_base_url);
  if (c.cfg.kind == "smtp") {
    std::string to_header;
    SmtpMessage m = smtp_envelope(c, &to_header);
    m.data = daily_email(title, sections, gw, d.day, m.from, to_header, clock_.now_ms(), w);
    return smtp_send(m, transfer_options(c.cfg));
  }
  const std::size_t limit = text_limit(c.cfg.kind);
  std::string body, url = c.cfg.url;
  Headers headers;
  if (c.cfg.kind == "webhook") {
    body = daily_webhook_body(title, sections, gw, d.day);
    if (!c.secret.empty()) {
      const std::string ts = std::to_string(clock_.now_ms());
      headers.emplace_back("X-Jxc-Timestamp", ts);
      headers.emplace_back("X-Jxc-Signature", webhook_signature(c.secret, ts, body));
    }
  } else if (c.cfg.kind == "dingtalk") {
    body = dingtalk_markdown_body(title, fit_text(daily_markdown(title, sections, w.language), limit, w.language));
    if (!c.secret.empty()) url = dingtalk_signed_url(url, c.secret, clock_.now_ms());
  } else if (c.cfg.kind == "feishu") {
    body = feishu_body(title, fit_text(daily_lark_md(sections, w.language), limit, w.language), Severity::info,
                       c.secret, clock_.now_ms());
  } else {
    body = wecom_markdown_body(fit_text(daily_markdown(title, sections, w.language), limit, w.language));
  }
  return post(c, url, body, headers);
}

void Dispatcher::daily_settled(Channel& c, const DailyDigest& d, bool ok) {
  c.digest_pending = false;
  if (!ok) {
    c.digest_given_up = d.day;
    return;
  }
  c.digest_day = d.day;
  engine_.submit_async<int>(
      [channel = c.cfg.name, day = d.day](inventory::Tx& tx) -> Result<int> {
        JXC_TRY(inventory::record_digest_day(tx, channel, day));
        return 0;
      },
      [name = c.cfg.name](Result<int> r) {
        if (!r) spdlog::warn("alerts: channel {}: cannot record its digest day: {}", name, r.status().to_string());
      });
}

}  // namespace jxc::alerts::channels
