// First start without an admin: the one-time setup token in the state
// directory (0600) creates the first admin through POST /api/v1/setup, once.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "edge/http/test_api.h"
#include "edge/inventory/audit_records.h"

namespace jxc::http::testing {
namespace {

class SetupTest : public ApiTest {
 protected:
  std::filesystem::path token_file() const {
    return std::filesystem::path(store_path_).parent_path() / "setup-token";
  }
  std::string read_token() const {
    std::ifstream in(token_file());
    std::string t;
    std::getline(in, t);
    return t;
  }
  Reply setup(const std::string& token, const std::string& name, const std::string& password) {
    nlohmann::json body = {{"token", token}, {"name", name}, {"password", password}};
    return curl(url("/api/v1/setup"),
                {"-X", "POST", "-H", "Content-Type: application/json", "--data-binary", body.dump()});
  }
};

TEST_F(SetupTest, TheTokenCreatesTheFirstAdminOnce) {
  start();
  ASSERT_TRUE(std::filesystem::exists(token_file()));
  struct stat st {};
  ASSERT_EQ(::stat(token_file().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const std::string token = read_token();
  ASSERT_EQ(token.rfind("jxc_setup_", 0), 0u) << token;

  expect_problem(setup(token + "x", "root", "a long enough password 1"), 401, "invalid_setup_token");
  expect_problem(setup(token, "root", "short"), 422, "weak_password");
  expect_problem(setup(token, "no spaces", "a long enough password 1"), 400, "invalid_field");
  expect_problem(curl(url("/api/v1/setup"), {"-X", "POST", "-H", "Content-Type: application/json",
                                             "--data-binary", R"({"token":"x"})"}),
                 400, "invalid_field");
  auto made = setup(token, "root", "a long enough password 1");
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json()["role"], "admin");
  EXPECT_FALSE(std::filesystem::exists(token_file()));
  Login l = login("root", "a long enough password 1");
  EXPECT_EQ(curl(url("/api/v1/users"), as(l)).status, 200);

  expect_problem(setup(token, "root2", "a long enough password 1"), 410, "setup_done");
  auto audit = inventory::audit_entries(q(), inventory::AuditFilter{});
  ASSERT_TRUE(audit.is_ok());
  bool found = false;
  for (const auto& e : *audit) found |= e.actor == "setup-token" && e.target == "user:root";
  EXPECT_TRUE(found);

  // The next start has an admin: no token, and setup is refused.
  service_.reset();
  start();
  EXPECT_FALSE(std::filesystem::exists(token_file()));
  expect_problem(setup(token, "root3", "a long enough password 1"), 409, "admin_exists");
}

TEST_F(SetupTest, AnAdminMadeOnTheBoxMeanwhileSpendsTheToken) {
  start();
  const std::string token = read_token();
  add_user("boxadmin", inventory::Role::admin, "a long enough password 1");
  expect_problem(setup(token, "root", "a long enough password 1"), 409, "admin_exists");
  expect_problem(setup(token, "root", "a long enough password 1"), 410, "setup_done");
  EXPECT_FALSE(std::filesystem::exists(token_file()));
}

}  // namespace
}  // namespace jxc::http::testing
