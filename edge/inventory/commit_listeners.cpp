#include "edge/inventory/commit_listeners.h"

#include <spdlog/spdlog.h>

#include "edge/inventory/caught.h"

namespace jxc::inventory {

CommitListeners::Id CommitListeners::add(Listener listener) {
  std::lock_guard lock(mu_);
  auto list = std::make_shared<List>(*list_);
  const Id id = next_id_++;
  list->push_back({id, std::move(listener)});
  list_ = std::move(list);
  return id;
}

void CommitListeners::remove(Id id) {
  {
    std::lock_guard lock(mu_);
    auto list = std::make_shared<List>();
    list->reserve(list_->size());
    for (const auto& e : *list_)
      if (e.id != id) list->push_back(e);
    list_ = std::move(list);
  }
  // A call that took the old list may still be running it: wait it out,
  // unless this is that call.
  if (caller_.load() != std::this_thread::get_id()) std::lock_guard wait(calling_);
}

void CommitListeners::notify(const CommitEffects& effects) {
  std::lock_guard calling(calling_);
  caller_.store(std::this_thread::get_id());
  std::shared_ptr<const List> list;
  {
    std::lock_guard lock(mu_);
    list = list_;
  }
  for (const auto& e : *list) {
    try {
      e.listener(effects);
    } catch (...) {
      spdlog::error("inventory: commit listener {} threw: {}", e.id, caught_exception_text());
    }
  }
  caller_.store(std::thread::id{});
}

}  // namespace jxc::inventory
