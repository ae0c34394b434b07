#include "hw-sim/central/central.h"

#include <chrono>
#include <cstdlib>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>

#include <mqtt/async_client.h>
#include <nlohmann/json.hpp>

#include "hw-sim/central/ledger.h"

namespace jxc::hwsim {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

struct Options {
  std::string broker, root = "jxc", client_id = "central-sim", site = "S1", gateway = "gw-1";
  std::string version = "5", fixtures, ca_file, cert_file, key_file;
  std::string master_snapshot;    // answers req/master with this snapshot
  std::string username, password;
  std::int64_t expect = 0;        // exit 0 once this many unique events are held without a gap
  std::int64_t timeout_s = 0;     // exit 1 after this long (0: run until killed)
  std::int64_t ack_interval_ms = 200, gap_wait_ms = 1000, summary_interval_ms = 1000;
  std::int64_t drop_seq = 0;      // drop the first arrival of this seq (forces a gap and a replay)
};

// What Paho's threads hand to the main loop.
struct Mailbox {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<mqtt::const_message_ptr> messages;
  bool connected = false, just_connected = false, lost = false;
  void push(mqtt::const_message_ptr m) {
    {
      std::lock_guard lk(mu);
      messages.push_back(std::move(m));
    }
    cv.notify_one();
  }
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class Central {
 public:
  explicit Central(Options o) : o_(std::move(o)) {}

  int run() {
    bool v5 = o_.version == "5";
    client_ = std::make_unique<mqtt::async_client>(o_.broker, o_.client_id,
                                                   mqtt::create_options(v5 ? MQTTVERSION_5 : MQTTVERSION_3_1_1));
    client_->set_message_callback([this](mqtt::const_message_ptr m) { box_.push(std::move(m)); });
    client_->set_connected_handler([this](const std::string&) {
      {
        std::lock_guard lk(box_.mu);
        box_.connected = box_.just_connected = true;
      }
      box_.cv.notify_one();
    });
    client_->set_connection_lost_handler([this](const std::string& why) {
      std::cerr << "central: connection lost: " << why << std::endl;
      {
        std::lock_guard lk(box_.mu);
        box_.connected = false;
        box_.lost = true;
      }
      box_.cv.notify_one();
    });
    // Field by field on one object that outlives every connect: Paho keeps
    // raw pointers into the options (see cloud-sync/uplink.cpp).
    mqtt::connect_options opts;
    opts.set_mqtt_version(v5 ? MQTTVERSION_5 : MQTTVERSION_3_1_1);
    opts.set_keep_alive_interval(std::chrono::seconds(5));
    opts.set_connect_timeout(std::chrono::seconds(5));
    opts.set_automatic_reconnect(false);
    if (v5) {
      opts.set_clean_start(false);
      opts.set_properties({mqtt::property(mqtt::property::SESSION_EXPIRY_INTERVAL, 3600)});
    } else {
      opts.set_clean_session(false);
    }
    if (!o_.username.empty()) opts.set_user_name(o_.username);
    if (!o_.password.empty()) opts.set_password(o_.password);
    if (!o_.ca_file.empty()) {
      mqtt::ssl_options ssl;
      ssl.set_trust_store(o_.ca_file);
      ssl.set_enable_server_cert_auth(true);
      ssl.set_verify(true);
      if (!o_.cert_file.empty()) ssl.set_key_store(o_.cert_file);
      if (!o_.key_file.empty()) ssl.set_private_key(o_.key_file);
      opts.set_ssl(std::move(ssl));
    }
    auto start = Clock::now();
    if (!connect(opts, start)) return 1;
    auto last_ack = Clock::now(), last_summary = Clock::now();
    for (;;) {
      std::deque<mqtt::const_message_ptr> batch;
      bool fresh = false, lost = false;
      {
        std::unique_lock lk(box_.mu);
        box_.cv.wait_for(lk, milliseconds(50),
                         [&] { return !box_.messages.empty() || box_.just_connected || box_.lost; });
        batch.swap(box_.messages);
        fresh = std::exchange(box_.just_connected, false);
        lost = std::exchange(box_.lost, false);
      }
      // The simulator's own thread reconnects (Paho's callback threads never wait).
      if (lost && !connect(opts, start)) {
        print_summary(false);
        return 1;
      }
      if (fresh) on_connected();
      for (auto& m : batch) on_message(*m);
      auto now = Clock::now();
      if (now - last_ack >= milliseconds(o_.ack_interval_ms)) {
        last_ack = now;
        send_acks();
        check_gaps();
      }
      if (now - last_summary >= milliseconds(o_.summary_interval_ms)) {
        last_summary = now;
        print_summary(false);
      }
      if (o_.expect > 0 && ledger_.unique() >= o_.expect && ledger_.gapless()) {
        send_acks(/*wait=*/true);
        print_summary(true);
        finish();
        return ledger_.unique() == o_.expect && ledger_.reused_event_ids() == 0 ? 0 : 3;
      }
      if (deadline_passed(start)) {
        print_summary(false);
        std::cerr << "central: timed out" << std::endl;
        finish();
        return 1;
      }
    }
  }

 private:
  bool connect(const mqtt::connect_options& opts, Clock::time_point start) {
    for (;;) {
      try {
        client_->connect(opts)->wait();
        std::cout << "central: connected to " << o_.broker << std::endl;
        return true;
      } catch (const mqtt::exception& e) {
        if (deadline_passed(start)) {
          std::cerr << "central: cannot connect to " << o_.broker << ": " << e.what() << std::endl;
          return false;
        }
        std::this_thread::sleep_for(milliseconds(200));
      }
    }
  }

  bool deadline_passed(Clock::time_point start) const {
    return o_.timeout_s > 0 && Clock::now() - start > std::chrono::seconds(o_.timeout_s);
  }

  std::string base() const { return o_.root + "/" + o_.site + "/" + o_.gateway + "/"; }
  std::string response_topic() const { return o_.root + "/central/" + o_.client_id + "/resp"; }

  void on_connected() {
    // Subscriptions again on every connection: a broker restarted without
    // persistence has forgotten the session.
    try {
      client_->subscribe(o_.root + "/+/+/evt/#", 1);
      client_->subscribe(o_.root + "/+/+/rejected", 1);
      client_->subscribe(o_.root + "/+/+/status", 1);
      client_->subscribe(o_.root + "/+/+/req/master", 1);
      client_->subscribe(response_topic(), 1)->wait();
      std::cout << "central: subscribed" << std::endl;
    } catch (const mqtt::exception& e) {
      std::cerr << "central: subscribe: " << e.what() << std::endl;
    }
    if (!fixtures_sent_ && !o_.fixtures.empty()) {
      fixtures_sent_ = true;
      publish_fixtures();
    }
  }

  void publish_fixtures() {
    std::vector<std::filesystem::path> files;
    for (auto& e : std::filesystem::directory_iterator(o_.fixtures))
      if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      auto j = nlohmann::json::parse(read_file(f), nullptr, false);
      if (j.is_discarded() || !j.contains("kind") || !j["kind"].is_string() || !j.contains("payload")) {
        std::cerr << "central: fixture " << f << " needs {\"kind\": ..., \"payload\": ...}" << std::endl;
        continue;
      }
      std::string topic = base() + "down/" + j["kind"].get<std::string>();
      client_->publish(topic, j["payload"].dump(), 1, false)->wait();
      std::cout << "central: published " << f.filename().string() << " to " << topic << std::endl;
      ++fixtures_published_;
    }
  }

  void on_message(const mqtt::message& m) {
    const std::string& topic = m.get_topic();
    if (topic == response_topic()) {
      ++responses_;
      std::cout << "central: response " << m.get_payload_str() << std::endl;
      return;
    }
    if (topic.ends_with("/rejected")) {
      ++rejections_;
      std::cout << "central: rejection " << m.get_payload_str() << std::endl;
      return;
    }
    if (topic.ends_with("/status")) {
      last_status_ = m.get_payload_str();
      note_status(last_status_);
      return;
    }
    if (topic.ends_with("/req/master")) {
      answer_master_request(topic, m.get_payload_str());
      return;
    }
    auto j = nlohmann::json::parse(m.get_payload_str(), nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("seq") || !j["seq"].is_number_integer() ||
        !j.contains("epoch") || !j["epoch"].is_string() || !j.contains("gateway_id") ||
        !j["gateway_id"].is_string() || !j.contains("site_id") || !j["site_id"].is_string() ||
        !j.contains("type") || !j["type"].is_string() || !j.contains("event_id") ||
        !j["event_id"].is_string()) {
      ++malformed_;
      return;
    }
    std::int64_t seq = j["seq"].get<std::int64_t>();
    if (o_.drop_seq > 0 && seq == o_.drop_seq && !dropped_) {
      dropped_ = true;  // as if the broker had lost it
      return;
    }
    ledger_.add(j["site_id"].get<std::string>(), j["gateway_id"].get<std::string>(),
                j["epoch"].get<std::string>(), seq, j["type"].get<std::string>(),
                j["event_id"].get<std::string>());
  }

  // A gateway asks for master data: answer with the snapshot under a new
  // message id (the gateway applies each id once, and the same version again
  // is how a snapshot repairs).
  void answer_master_request(const std::string& topic, const std::string& payload) {
    ++master_requests_;
    std::cout << "central: master data request " << payload << std::endl;
    auto req = nlohmann::json::parse(payload, nullptr, false);
    if (req.is_discarded() || !req.is_object() || !req.contains("request_id") || !req["request_id"].is_string()) {
      std::cerr << "central: master data request without a request_id on " << topic << std::endl;
      return;
    }
    if (o_.master_snapshot.empty()) {
      std::cout << "central: no --master-snapshot to answer with" << std::endl;
      return;
    }
    auto j = nlohmann::json::parse(read_file(o_.master_snapshot), nullptr, false);
    if (!j.is_discarded() && j.contains("kind") && j.contains("payload")) j = j["payload"];
    if (j.is_discarded() || !j.is_object()) {
      std::cerr << "central: " << o_.master_snapshot << " is not a snapshot" << std::endl;
      return;
    }
    j["message_id"] = "snapshot-for-" + req["request_id"].get<std::string>();
    std::string down = topic.substr(0, topic.size() - std::string("req/master").size()) + "down/master/snapshot";
    try {
      client_->publish(down, j.dump(), 1, false);
      ++snapshots_sent_;
      std::cout << "central: snapshot version " << j.value("version", 0) << " sent to " << down << std::endl;
    } catch (const mqtt::exception& e) {
      std::cerr << "central: sending the snapshot: " << e.what() << std::endl;
    }
  }

  void send_acks(bool wait = false) {
    for (auto& [key, s] : ledger_.streams()) {
      if (s.contiguous <= s.acked) continue;
      nlohmann::json ack = {{"epoch", s.epoch}, {"up_to_seq", s.contiguous}};
      try {
        auto tok = client_->publish(o_.root + "/" + s.site + "/" + s.gateway + "/ack", ack.dump(), 1, false);
        if (wait) tok->wait_for(std::chrono::seconds(5));
        s.acked = s.contiguous;
        ++acks_;
      } catch (const mqtt::exception&) {
        // Not connected: the next round sends it.
      }
    }
  }

  // The retained status says how far a gateway's outbox goes. After a broker
  // restart that lost this subscriber's session, events the gateway re-sent
  // before the subscription came back are gone, and no later event shows a
  // gap: the status is how a stalled stream is noticed.
  void note_status(const std::string& payload) {
    auto j = nlohmann::json::parse(payload, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.value("online", false) || !j.contains("last_seq") ||
        !j["last_seq"].is_number_integer() || !j.contains("epoch") || !j["epoch"].is_string() ||
        !j.contains("site_id") || !j["site_id"].is_string() || !j.contains("gateway_id") ||
        !j["gateway_id"].is_string())
      return;
    std::string key = j["site_id"].get<std::string>() + "/" + j["gateway_id"].get<std::string>() + "/" +
                      j["epoch"].get<std::string>();
    auto& last = announced_[key];
    last = std::max(last, j["last_seq"].get<std::int64_t>());
  }

  // A gap that stays open for gap_wait_ms is not reordering, and a stream
  // that stays behind what its gateway announced is stalled: ask for a replay.
  void check_gaps() {
    auto now = Clock::now();
    for (auto& [key, s] : ledger_.streams()) {
      auto& progress = progress_[key];
      if (progress.first != s.contiguous) progress = {s.contiguous, now};
      auto announced = announced_.find(key);
      bool stalled = announced != announced_.end() && announced->second > s.contiguous &&
                     now - progress.second >= milliseconds(o_.gap_wait_ms);
      auto& since = gap_since_[key];
      if (s.ahead.empty() && !stalled) {
        since = {};
        continue;
      }
      if (since == Clock::time_point{}) since = now;
      if (now - since < milliseconds(o_.gap_wait_ms)) continue;
      since = now;  // ask again later if this one is not answered
      if (!s.ahead.empty()) s.gap_open = true;  // a stall is not a gap
      ++replays_;
      // Message ids must be unique across restarts of this simulator too: the
      // gateway applies each id once.
      std::string id = "replay-" +
                       std::to_string(std::chrono::system_clock::now().time_since_epoch().count()) + "-" +
                       std::to_string(replays_);
      nlohmann::json cmd = {{"message_id", id}, {"command", "replay"}, {"from_seq", s.contiguous + 1}};
      auto msg = mqtt::make_message(o_.root + "/" + s.site + "/" + s.gateway + "/down/cmd", cmd.dump(), 1, false);
      if (o_.version == "5") {
        mqtt::properties props;
        props.add(mqtt::property(mqtt::property::RESPONSE_TOPIC, response_topic()));
        props.add(mqtt::property(mqtt::property::CORRELATION_DATA, id));
        msg->set_properties(props);
      }
      try {
        client_->publish(msg);
        std::cout << "central: " << (s.ahead.empty() ? "stalled" : "gap") << " after seq " << s.contiguous
                  << " on " << key << ", replay requested" << std::endl;
      } catch (const mqtt::exception&) {
      }
    }
  }

  void print_summary(bool done) {
    std::ostringstream human;
    human << "central: " << ledger_.unique() << " events (";
    nlohmann::json by_type = nlohmann::json::object();
    bool first = true;
    for (const auto& [t, n] : ledger_.by_type()) {
      human << (first ? "" : ", ") << t << " " << n;
      first = false;
      by_type[t] = n;
    }
    human << "), " << ledger_.duplicates() << " duplicates dropped, " << ledger_.gaps_repaired()
          << " gaps repaired";
    std::cout << human.str() << std::endl;
    nlohmann::json streams = nlohmann::json::array();
    for (const auto& [k, s] : ledger_.streams())
      streams.push_back({{"site", s.site}, {"gateway", s.gateway}, {"epoch", s.epoch},
                         {"contiguous", s.contiguous}, {"unique", s.unique}, {"pending", s.ahead.size()},
                         {"duplicates", s.duplicates}, {"acked", s.acked}});
    nlohmann::json j = {{"summary",
                         {{"events", ledger_.unique()},
                          {"by_type", by_type},
                          {"duplicates", ledger_.duplicates()},
                          {"reused_event_ids", ledger_.reused_event_ids()},
                          {"gaps_repaired", ledger_.gaps_repaired()},
                          {"replays_requested", replays_},
                          {"responses", responses_},
                          {"rejections", rejections_},
                          {"malformed", malformed_},
                          {"acks_sent", acks_},
                          {"fixtures_published", fixtures_published_},
                          {"master_requests", master_requests_},
                          {"snapshots_sent", snapshots_sent_},
                          {"streams", streams},
                          {"done", done}}}};
    std::cout << j.dump() << std::endl;
  }

  void finish() {
    // Until the broker has the DISCONNECT: a client destroyed while its TLS
    // session is still open leaves OpenSSL's objects behind (a finding for
    // LeakSanitizer), and a loaded machine can take seconds.
    try {
      client_->disconnect()->wait_for(std::chrono::seconds(15));
    } catch (const mqtt::exception&) {
    }
  }

  Options o_;
  std::unique_ptr<mqtt::async_client> client_;
  Mailbox box_;
  CentralLedger ledger_;
  std::map<std::string, Clock::time_point> gap_since_;
  std::map<std::string, std::int64_t> announced_;  // last_seq from each stream's status
  std::map<std::string, std::pair<std::int64_t, Clock::time_point>> progress_;  // contiguous, since when
  bool fixtures_sent_ = false, dropped_ = false;
  std::int64_t replays_ = 0, responses_ = 0, rejections_ = 0, malformed_ = 0, acks_ = 0,
               fixtures_published_ = 0, master_requests_ = 0, snapshots_sent_ = 0;
  std::string last_status_;
};

}  // namespace

void add_central_command(CLI::App& app) {
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("central", "the central system: downlink fixtures, event de-dup, acks");
  cmd->add_option("--broker", o->broker, "broker URI, e.g. tcp://127.0.0.1:1883")->required();
  cmd->add_option("--root", o->root, "topic root");
  cmd->add_option("--client-id", o->client_id, "MQTT client id");
  cmd->add_option("--site", o->site, "site the fixtures are sent to");
  cmd->add_option("--gateway", o->gateway, "gateway the fixtures are sent to");
  cmd->add_option("--mqtt-version", o->version, "5 or 3.1.1")->check(CLI::IsMember({"5", "3.1.1"}));
  cmd->add_option("--fixtures", o->fixtures, "folder of {kind, payload} JSON files to publish on connect")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--expect", o->expect, "exit 0 once this many unique events are held with no gap");
  cmd->add_option("--timeout-s", o->timeout_s, "exit 1 after this many seconds (0: never)");
  cmd->add_option("--ack-interval-ms", o->ack_interval_ms, "how often acknowledgements go out");
  cmd->add_option("--gap-wait-ms", o->gap_wait_ms, "how long a gap may stay open before a replay request");
  cmd->add_option("--summary-interval-ms", o->summary_interval_ms, "how often the summary is printed");
  cmd->add_option("--drop-seq", o->drop_seq, "drop the first arrival of this seq (to exercise replay)");
  cmd->add_option("--ca-file", o->ca_file, "CA certificate for an ssl:// broker");
  cmd->add_option("--cert-file", o->cert_file, "client certificate");
  cmd->add_option("--key-file", o->key_file, "client key");
  cmd->add_option("--username", o->username, "broker user name");
  cmd->add_option("--password", o->password, "broker password");
  cmd->add_option("--master-snapshot", o->master_snapshot,
                  "snapshot (payload, or {kind, payload}) sent to a gateway that asks on req/master")
      ->check(CLI::ExistingFile);
  cmd->callback([o] {
    int rc = Central(*o).run();
    std::cout.flush();
    if (rc != 0) std::exit(rc);
  });
}

}  // namespace jxc::hwsim
