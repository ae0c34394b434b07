// The session owner, users and the audit trail.
#include "tests/contract/http_samples.h"

namespace jxc::samples {

void session_and_users(Run& run) {
  run.call("GET", "/api/v1/me", "/api/v1/me", run.clerk);
  run.call("GET", "/api/v1/me", "/api/v1/me", run.admin);
  run.call("GET", "/api/v1/me", "/api/v1/me", {});

  run.call("GET", "/api/v1/users", "/api/v1/users", run.admin);
  run.call("GET", "/api/v1/users", "/api/v1/users", run.clerk);
  const std::string bob = R"({"name":"bob","role":"manager","password":"bob password"})";
  run.call("POST", "/api/v1/users", "/api/v1/users", with(with(run.admin, kJson), data(bob)));
  run.call("POST", "/api/v1/users", "/api/v1/users", with(with(run.admin, kJson), data(bob)));
  run.call("POST", "/api/v1/users", "/api/v1/users",
       with(with(run.admin, kJson), data(R"({"name":"amy","role":"manager","password":"short"})")));
  run.call("POST", "/api/v1/users", "/api/v1/users", with(with(run.admin, kJson), data("{")));
  run.call("POST", "/api/v1/users", "/api/v1/users", with(run.admin, data("name=amy")));
  run.call("POST", "/api/v1/users", "/api/v1/users", with(with(run.clerk, kJson), data(bob)));

  run.call("GET", "/api/v1/audit", "/api/v1/audit?limit=3", run.admin);
  run.call("GET", "/api/v1/audit", "/api/v1/audit?limit=0", run.admin);
  run.call("GET", "/api/v1/audit", "/api/v1/audit", run.clerk);

}

}  // namespace jxc::samples
