#include "edge/alerts/rules/store_unavailable.h"

namespace jxc::alerts {

std::optional<Alert> store_unavailable_alert(const devices::DeviceHealth& h, TimeMs now) {
  if (h.kind != kStoreRetriesKind || h.state != devices::DeviceState::offline) return std::nullopt;
  Alert a = make_alert({Kind::store_unavailable, "", "", "", h.id}, 0, 0,
                    "库存数据库无法写入（磁盘已满、I/O 错误或被其他程序长时间锁定），" + h.id +
                        " 的过账正在等待重试，请尽快处理 / The stock store cannot take writes (disk full, I/O error "
                        "or locked by another program for long); postings of " + h.id +
                        " wait and are retried: " + h.detail,
                    now);
  a.facts.reason = h.detail;
  a.facts.source = h.kind;
  return a;
}

}  // namespace jxc::alerts
