// Users and API tokens administered on the box: `jxc-edge user set`,
// `passwd`, `tokens` and `revoke` through the real binary, each change
// audited with the Unix user, the last active admin kept.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "edge/http/credentials.h"
#include "edge/inventory/queries.h"
#include "edge/inventory/user_records.h"
#include "tests/cli_fixture.h"

namespace {

using nlohmann::json;
using jxc::testing::cli::Outcome;

class CliUsers : public jxc::testing::cli::Cli {
 protected:
  void SetUp() override {
    Cli::SetUp();
    if (HasFatalFailure()) return;
    input_ = "admin password\n";
    ok({"user", "add", "root", "--role", "admin"});
    input_ = "bob password\n";
    ok({"user", "add", "bob"});
    input_.clear();
  }
  json audit(const std::string& action) { return ok_json({"audit", "--action", action}); }
  jxc::inventory::UserRecord user(const std::string& name) {
    auto q = jxc::inventory::Queries::open(store_);
    EXPECT_TRUE(q.is_ok());
    auto u = jxc::inventory::user_by_name(**q, name);
    EXPECT_TRUE(u.is_ok() && u->has_value()) << name;
    return u.is_ok() && u->has_value() ? **u : jxc::inventory::UserRecord{};
  }
};

TEST_F(CliUsers, SetChangesRoleAndStateAndKeepsTheLastAdmin) {
  EXPECT_EQ(ok({"user", "set", "bob", "--role", "manager"}), "user bob: manager, active\n");
  EXPECT_EQ(ok({"user", "set", "bob", "--inactive"}), "user bob: manager, inactive\n");
  EXPECT_EQ(user("bob").role, jxc::inventory::Role::manager);
  EXPECT_FALSE(user("bob").active);

  Outcome last = run({"user", "set", "root", "--role", "operator"});
  EXPECT_EQ(last.code, 2);
  EXPECT_NE(last.err.find("root is the last active admin"), std::string::npos) << last.err;
  EXPECT_EQ(run({"user", "set", "root", "--inactive"}).code, 2);
  EXPECT_EQ(user("root").role, jxc::inventory::Role::admin);
  EXPECT_TRUE(user("root").active);

  Outcome unknown = run({"user", "set", "nobody", "--active"});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.err.find("no user named 'nobody'"), std::string::npos) << unknown.err;
  EXPECT_EQ(run({"user", "set", "bob"}).code, 1) << "nothing to change";
  EXPECT_NE(run({"user", "set", "bob", "--active", "--inactive"}).code, 0);
  EXPECT_EQ(run({"user", "set", "bob", "--role", "boss"}).code, 1);

  json role = audit("user.role");
  ASSERT_EQ(role.size(), 1u) << role.dump();
  EXPECT_EQ(role[0]["target"], "user:bob");
  EXPECT_EQ(role[0]["detail"], "operator -> manager");
  EXPECT_TRUE(role[0]["actor"].get<std::string>().starts_with("unix:")) << role.dump();
  EXPECT_EQ(audit("user.deactivate").size(), 1u);
  EXPECT_EQ(ok({"user", "set", "bob", "--active"}), "user bob: manager, active\n");
  EXPECT_EQ(audit("user.activate").size(), 1u);
}

TEST_F(CliUsers, PasswdSetsANewPasswordFromStdin) {
  const std::string before = user("bob").password_hash;
  input_ = "short\n";
  Outcome weak = run({"user", "passwd", "bob"});
  EXPECT_EQ(weak.code, 1);
  EXPECT_NE(weak.err.find("at least 8 bytes"), std::string::npos) << weak.err;
  EXPECT_EQ(user("bob").password_hash, before);
  input_ = "bob's new password\n";
  EXPECT_EQ(ok({"user", "passwd", "bob"}), "password of bob changed\n");
  EXPECT_EQ(run({"user", "passwd", "nobody"}).code, 2);
  const std::string after = user("bob").password_hash;
  EXPECT_TRUE(jxc::http::verify_password("bob's new password", after));
  EXPECT_FALSE(jxc::http::verify_password("bob password", after));
  json rows = audit("user.password");
  ASSERT_EQ(rows.size(), 1u) << rows.dump();
  EXPECT_EQ(rows[0]["target"], "user:bob");
}

TEST_F(CliUsers, TokensAreListedWithoutTheirSecretAndRevokedOnce) {
  const std::string token = ok({"user", "token", "bob", "--label", "erp"});
  ok({"user", "token", "root", "--label", "backup", "--days", "7"});
  json all = ok_json({"user", "tokens"});
  ASSERT_EQ(all.size(), 2u) << all.dump();
  EXPECT_EQ(all[0]["user"], "bob");
  EXPECT_EQ(all[0]["label"], "erp");
  EXPECT_TRUE(all[0]["expires_at"].is_null());
  EXPECT_TRUE(all[1]["expires_at"].is_string());
  EXPECT_TRUE(all[0]["revoked_at"].is_null());
  EXPECT_EQ(ok({"user", "tokens", "--json"}).find(jxc::http::token_hash(token.substr(0, token.size() - 1))),
            std::string::npos);
  json bobs = ok_json({"user", "tokens", "bob"});
  ASSERT_EQ(bobs.size(), 1u);
  const std::string id = std::to_string(bobs[0]["id"].get<long long>());
  EXPECT_NE(ok({"user", "tokens"}).find("erp"), std::string::npos);

  EXPECT_EQ(ok({"user", "revoke", id}), "token " + id + " of bob revoked\n");
  EXPECT_EQ(audit("token.revoke").size(), 1u);
  EXPECT_EQ(ok({"user", "revoke", id}), "token " + id + " of bob was revoked already\n");
  EXPECT_TRUE(ok_json({"user", "tokens", "bob"})[0]["revoked_at"].is_string());
  Outcome unknown = run({"user", "revoke", "999"});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.err.find("no API token with id 999"), std::string::npos) << unknown.err;
  json rows = audit("token.revoke");
  ASSERT_EQ(rows.size(), 1u) << "revoking again is not audited: " << rows.dump();
  EXPECT_EQ(rows[0]["target"], "token:" + id);
}

TEST_F(CliUsers, HelpListsTheCommandsAndTheAuditActions) {
  const std::string user_help = run({"user", "--help"}, false).out;
  for (const char* sub : {"set", "passwd", "tokens", "revoke"})
    EXPECT_NE(user_help.find(std::string("  ") + sub), std::string::npos) << sub << "\n" << user_help;
  const std::string audit_help = run({"audit", "--help"}, false).out;
  for (const char* action : {"user.role", "user.deactivate", "user.activate", "user.password", "token.revoke"})
    EXPECT_NE(audit_help.find(action), std::string::npos) << action << "\n" << audit_help;
}

}  // namespace
