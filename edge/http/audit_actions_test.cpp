// The audit trail's vocabulary: every action the gateway can write is named
// in the OpenAPI document's description of GET /api/v1/audit, and nothing
// outside the list can be written.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "edge/inventory/audit_records.h"
#include "edge/inventory/test_store.h"

namespace jxc::http {
namespace {

// The comma-separated words of the `action` parameter's description under
// /api/v1/audit in docs/contract/openapi.yaml.
std::set<std::string> documented_actions() {
  std::ifstream in(std::filesystem::path(JXC_SOURCE_DIR_AT_BUILD) / "docs/contract/openapi.yaml");
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  auto path = s.find("\n  /api/v1/audit:");
  if (path == std::string::npos) return {};
  auto param = s.find("{name: action, in: query", path);
  auto desc = s.find("description: \"", param);
  if (param == std::string::npos || desc == std::string::npos) return {};
  desc += 14;
  const std::string list = s.substr(desc, s.find('"', desc) - desc);
  std::set<std::string> out;
  std::stringstream words(list);
  for (std::string w; std::getline(words, w, ',');) {
    while (!w.empty() && w.front() == ' ') w.erase(0, 1);
    if (!w.empty()) out.insert(w);
  }
  return out;
}

TEST(AuditActions, TheDocumentListsEveryActionWrittenAndNoOther) {
  auto documented = documented_actions();
  ASSERT_FALSE(documented.empty()) << "no action list found under /api/v1/audit";
  std::set<std::string> written;
  for (auto a : inventory::audit_actions()) {
    written.insert(std::string(a));
    EXPECT_TRUE(documented.count(std::string(a))) << a << " is written but not in openapi.yaml's list";
  }
  for (const auto& d : documented) EXPECT_TRUE(written.count(d)) << d << " is documented but never written";
}

class AuditVocabularyTest : public inventory::testing::StoreTest {};

TEST_F(AuditVocabularyTest, AnActionOutsideTheListIsRefusedAndTheChangeWithIt) {
  auto r = engine_->run<int>([](inventory::Tx& tx) -> Result<int> {
    JXC_TRY(inventory::append_audit(tx, {0, 0, "unix:root", "count.approve", "count:C-1", "", ""}));
    return 1;
  });
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  auto bad = engine_->run<int>([](inventory::Tx& tx) -> Result<int> {
    JXC_TRY(inventory::append_audit(tx, {0, 0, "unix:root", "count.approve", "count:C-2", "", ""}));
    JXC_TRY(inventory::append_audit(tx, {0, 0, "unix:root", "count.aproved", "count:C-2", "", ""}));
    return 1;
  });
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().code(), Errc::internal);
  auto rows = inventory::testing::query_int(q(), "SELECT count(*) FROM audit");
  ASSERT_TRUE(rows.is_ok());
  EXPECT_EQ(*rows, 1);
}

}  // namespace
}  // namespace jxc::http
