#pragma once
// The pieces every part of http_contract_samples shares: the running API on
// loopback, a store seeded with a small warehouse, credentials of each role,
// and `call`, which makes one request with curl and records the response for
// validate_openapi.py. Each area of the API adds its calls in a file of its
// own (http_samples_<area>.cpp) with one function run from main, in order.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "edge/common/clock.h"
#include "edge/http/http_service.h"
#include "edge/http/test_client.h"
#include "edge/inventory/engine.h"
#include "edge/scan/results.h"

namespace jxc::samples {

using Args = std::vector<std::string>;

struct Run {
  Run(inventory::Engine& e, http::HttpService& s, ManualClock& c, std::string b)
      : engine(e), service(s), clock(c), base(std::move(b)) {}
  inventory::Engine& engine;
  http::HttpService& service;
  ManualClock& clock;
  std::string base;            // "http://127.0.0.1:PORT"
  nlohmann::json samples = nlohmann::json::array();
  Args admin;                  // Bearer token of the admin "root"
  Args clerk;                  // session cookie of the operator "clerk" (GET only: no CSRF token)
  std::string clerk_csrf;
  Args manager;                // Bearer token of the manager "boss"
  Args operator_token;         // Bearer token of the operator "clerk"
  devices::HealthRegistry* health = nullptr;  // the devices' health the API reports
  scan::ScanResultLog* scans = nullptr;       // the scanners' last results the API reports

  /// Makes the request and records it under `path_template` (the
  /// document's path). Dies when curl itself fails.
  http::testing::Reply call(const std::string& method, const std::string& path_template, const std::string& path,
                            Args args);
};

inline const Args kJson = {"-H", "Content-Type: application/json"};
inline Args with(Args a, const Args& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}
inline Args data(const std::string& body) { return {"--data-binary", body}; }

[[noreturn]] void die(const std::string& why);

// One function per area, each in its own file.
void session_and_users(Run& run);
void stock(Run& run);
void documents(Run& run);
void live(Run& run);
void inbox(Run& run);
void counts(Run& run);
void serials(Run& run);

}  // namespace jxc::samples
