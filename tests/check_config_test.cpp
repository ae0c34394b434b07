// `jxc-edge check-config FILE` through the real binary: what an integrator
// sees before the daemon ever starts.
#include <sys/wait.h>

#include <gtest/gtest.h>

#include "tests/child_process.h"

namespace jxc::testing {
namespace {

Outcome check_config(const std::string& file) {
  return run_to_exit(ChildSpec{.argv = {jxc_edge_binary(), "check-config", file}});
}

TEST(CheckConfig, TheShippedExampleIsOk) {
  std::string example = source_dir() + "/config/gateway.example.toml";
  auto out = check_config(example);
  EXPECT_TRUE(out.exited_with(0)) << out.output;
  EXPECT_EQ(out.output, example + ": ok\n");
}

TEST(CheckConfig, PrintsEveryErrorWithLineColumnKeyAndExpectation) {
  TempDir dir;
  std::string file = dir / "gw.toml";
  write_file(file,
             "[gateway]\n"
             "id = \"\"\n"
             "siet = \"WH-1\"\n"
             "[outbox]\n"
             "retention_hours = -1\n"
             "[inventory]\n"
             "over_receipt_tolerance_pct = \"5%\"\n");
  auto out = check_config(file);
  EXPECT_TRUE(out.exited_with(1)) << out.output;
  EXPECT_EQ(out.output,
            file + ":2:6: gateway.id: expected a non-empty string of at most 64 letters, digits, '.', "
                   "'_' or '-', got \"\"\n" +
                file + ":3:1: gateway.siet: unknown key in [gateway]; expected one of id, site\n" +
                file + ":5:19: outbox.retention_hours: expected an integer >= 0, got -1\n" +
                file + ":7:30: inventory.over_receipt_tolerance_pct: expected a number from 0 to 1000 "
                       "(percent), got string \"5%\"\n" +
                file + ": 4 errors\n");
}

TEST(CheckConfig, ASyntaxErrorHasItsLineAndColumn) {
  TempDir dir;
  std::string file = dir / "gw.toml";
  write_file(file, "[log]\nlevel = \"info\"\n[inventory\nmax_batch = 5\n");
  auto out = check_config(file);
  EXPECT_TRUE(out.exited_with(1)) << out.output;
  EXPECT_EQ(out.output.rfind(file + ":3:", 0), 0u) << out.output;
  EXPECT_NE(out.output.find("syntax error"), std::string::npos) << out.output;
}

TEST(CheckConfig, AMissingFileIsAnError) {
  TempDir dir;
  auto out = check_config(dir / "absent.toml");
  EXPECT_TRUE(out.exited_with(1)) << out.output;
  EXPECT_NE(out.output.find("absent.toml: cannot read the file: No such file or directory"), std::string::npos)
      << out.output;
}

}  // namespace
}  // namespace jxc::testing
