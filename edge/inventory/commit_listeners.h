#pragma once
// Who hears of the engine's commits (Engine::add_commit_listener). Listeners
// are added and removed from any thread while the writer calls them: the
// writer calls a snapshot of the list, so adding neither waits for the calls
// nor disturbs them, and a listener may add or remove listeners itself.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace jxc::inventory {

struct CommitEffects;

class CommitListeners {
 public:
  using Listener = std::function<void(const CommitEffects&)>;
  using Id = std::uint64_t;

  Id add(Listener listener);
  /// Once it returns the listener is neither called again nor still running,
  /// unless it is called from a listener (which may be the one removed).
  /// An unknown id is ignored.
  void remove(Id id);
  /// Calls every listener in the order added. What one throws is logged and
  /// the others are still called.
  void notify(const CommitEffects& effects);

 private:
  struct Entry {
    Id id;
    Listener listener;
  };
  using List = std::vector<Entry>;

  std::mutex mu_;  // guards list_ and next_id_, never held while calling
  std::shared_ptr<const List> list_ = std::make_shared<const List>();
  Id next_id_ = 1;
  std::mutex calling_;  // held by notify() while it calls listeners
  std::atomic<std::thread::id> caller_{};  // the thread inside notify(), if any
};

}  // namespace jxc::inventory
