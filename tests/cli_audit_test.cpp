// The command line records its changes as the API does: an audit row naming
// the Unix user, written in the transaction of the change (a refused change
// leaves none), and orders made on the box name their maker. Drives the real
// jxc-edge binary against a store in a temporary directory.
#include <fcntl.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Outcome {
  int code = -1;
  std::string out, err;
};

class CliAudit : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* bin = std::getenv("JXC_BIN_DIR");
    ASSERT_NE(bin, nullptr) << "JXC_BIN_DIR is set by ctest (jxc_add_test)";
    bin_ = fs::path(bin) / "jxc-edge";
    std::string tmpl = (fs::temp_directory_path() / "jxc-cli-audit-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    store_ = (dir_ / "store.db").string();
    const passwd* pw = ::getpwuid(::geteuid());
    ASSERT_NE(pw, nullptr);
    me_ = pw->pw_name;
    ok({"init"});  // commands never create a store
    ok({"import", "locations",
        write("locations.csv",
              "code,kind,name,parent,barcode,gln,negative_stock\n"
              "S1,site,Site one,,,,block\nW1,warehouse,仓库 1,S1,,,\nRECV,zone,Receiving,W1,,,\n"
              "A,zone,Zone A,W1,,,\nA-01-1,bin,A 01 1,A,,,\n")});
    ok({"import", "items",
        write("items.csv", "sku,name,uom,gtins,unit_weight_g,lot_tracked,unit_cost\n"
                           "BOLT,\"Bolt, M8\",EA,,,false,0.35\n")});
    ok({"post", "receipt", "--to", "A-01-1", "--line", "BOLT:10"});
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  Outcome run(std::vector<std::string> args) {
    args.push_back("--store");
    args.push_back(store_);
    std::vector<std::string> argv_s{bin_.string()};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    fs::path out = dir_ / "stdout", err = dir_ / "stderr";
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    pid_t pid = 0;
    Outcome r;
    int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) return r;
    int status = 0;
    ::waitpid(pid, &status, 0);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
  }
  std::string ok(std::vector<std::string> args) {
    Outcome r = run(args);
    EXPECT_EQ(r.code, 0) << args[0] << " " << (args.size() > 1 ? args[1] : "") << "\nstdout: " << r.out
                         << "\nstderr: " << r.err;
    return r.out;
  }
  json ok_json(std::vector<std::string> args) {
    args.push_back("--json");
    json j = json::parse(ok(args), nullptr, false);
    EXPECT_FALSE(j.is_discarded());
    return j;
  }
  std::string write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  json audit(const std::string& action) { return ok_json({"audit", "--action", action}); }

  fs::path bin_, dir_;
  std::string store_, me_;
};

TEST_F(CliAudit, CountApproveLeavesAnAuditRowNamingTheUnixUser) {
  json cnt = ok_json({"count", "open", "--location", "A-01-1", "--by", "manager", "--tolerance", "5"});
  const std::string number = cnt["number"];
  ok({"count", "enter", number, "--location", "A-01-1", "--counter", "clerk", "--line", "BOLT:9"});
  json approved = ok_json({"count", "approve", number});
  EXPECT_EQ(approved["state"], "posted");

  json rows = audit("count.approve");
  ASSERT_EQ(rows.size(), 1u) << rows.dump();
  EXPECT_EQ(rows[0]["actor"], "unix:" + me_);
  EXPECT_EQ(rows[0]["target"], "count:" + number);
  EXPECT_EQ(rows[0]["address"], "");
  json opened = audit("count.open"), line = audit("count.line");
  ASSERT_EQ(opened.size(), 1u);
  EXPECT_EQ(opened[0]["target"], "count:" + number);
  EXPECT_EQ(opened[0]["actor"], "unix:" + me_);
  ASSERT_EQ(line.size(), 1u);
  EXPECT_EQ(line[0]["detail"], "A-01-1 BOLT qty 9");
}

TEST_F(CliAudit, ARefusedApprovalLeavesNoAuditRow) {
  json cnt = ok_json({"count", "open", "--location", "A-01-1", "--by", "manager", "--tolerance", "5"});
  const std::string number = cnt["number"];
  // Counted by the Unix user who then approves: the four-eyes rule refuses it.
  ok({"count", "enter", number, "--location", "A-01-1", "--counter", "unix:" + me_, "--line", "BOLT:9"});
  Outcome r = run({"count", "approve", number});
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.err.find("four_eyes"), std::string::npos) << r.err;
  EXPECT_EQ(audit("count.approve").size(), 0u);
}

TEST_F(CliAudit, OrdersNameTheirMakerAndTheirChangesAreAudited) {
  const char* user = std::getenv("USER");
  const std::string source = user && *user ? std::string("cli:") + user : std::string("cli");
  ok({"order", "add", "receipt", "ASN-1", "--line", "BOLT:5"});
  json shown = ok_json({"order", "show", "ASN-1"});
  EXPECT_EQ(shown["source"], source) << shown.dump();
  EXPECT_NE(ok({"order", "show", "ASN-1"}).find("source:    " + source), std::string::npos);
  ok({"order", "cancel", "ASN-1"});
  json upsert = audit("order.upsert"), cancel = audit("order.cancel");
  ASSERT_EQ(upsert.size(), 1u);
  EXPECT_EQ(upsert[0]["actor"], "unix:" + me_);
  EXPECT_EQ(upsert[0]["target"], "order:ASN-1");
  ASSERT_EQ(cancel.size(), 1u);
  EXPECT_EQ(cancel[0]["target"], "order:ASN-1");
}

TEST_F(CliAudit, DocumentStepsAreAuditedAsTheApiAuditsThem) {
  json draft = ok_json({"post", "transfer", "--from", "A-01-1", "--to", "RECV", "--line", "BOLT:1", "--draft"});
  const std::string number = draft["number"];
  ok({"doc", "confirm", number});
  ok({"doc", "post", number});
  json created = audit("document.create");
  ASSERT_EQ(created.size(), 2u) << created.dump();  // the receipt in SetUp and this transfer
  EXPECT_EQ(created[0]["target"], "document:" + number);
  ASSERT_EQ(audit("document.confirm").size(), 1u);
  json posted = audit("document.post");
  ASSERT_EQ(posted.size(), 1u);
  EXPECT_EQ(posted[0]["actor"], "unix:" + me_);
  EXPECT_NE(run({"audit", "--action", "document.posted"}).code, 0) << "an unknown action is a usage error";
}

}  // namespace
