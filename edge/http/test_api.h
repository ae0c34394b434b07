#pragma once
// Test support: the HTTP API served on loopback (a free port) over a real
// store with the standard test warehouse, users added through the store's
// typed records, and logins through the API itself.

#include <memory>
#include <string>

#include "edge/http/credentials.h"
#include "edge/http/http_service.h"
#include "edge/http/test_client.h"
#include "edge/inventory/test_store.h"
#include "edge/inventory/user_records.h"

namespace jxc::http::testing {

struct Login {
  std::string cookie;  // "jxc_session=..."
  std::string csrf;
};

class ApiTest : public inventory::testing::StoreTest {
 protected:
  void SetUp() override;
  void TearDown() override;
  void start();
  std::string url(const std::string& path) const;
  bool still_answers();

  /// Adds a user straight into the store.
  void add_user(const std::string& name, inventory::Role role, const std::string& password);
  /// Logs in through POST /api/v1/session; fails the test when refused.
  Login login(const std::string& name, const std::string& password);
  /// curl arguments that send the session cookie (and, for writes, the CSRF token).
  std::vector<std::string> as(const Login& l, bool with_csrf = false) const;
  /// An API token for `user`, stored hashed.
  std::string token_for(const std::string& user);

  config::Config config_ = config::defaults();
  devices::HealthRegistry health_{clock_};
  metrics::Registry metrics_;
  const scan::ScanResultLog* scans_ = nullptr;  // handed to the service when set before start()
  std::unique_ptr<HttpService> service_;
};

void expect_problem(const Reply& r, int status, const std::string& code);

}  // namespace jxc::http::testing
