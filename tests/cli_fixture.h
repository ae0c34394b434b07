#pragma once
// The real jxc-edge binary driven as an integrator types it, against a store
// in a temporary directory (created by `jxc-edge init` for each test).
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

extern char** environ;

namespace jxc::testing::cli {

namespace fs = std::filesystem;
using nlohmann::json;

struct Outcome {
  int code = -1;
  std::string out, err;
};

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* bin = std::getenv("JXC_BIN_DIR");
    ASSERT_NE(bin, nullptr) << "JXC_BIN_DIR is set by ctest (jxc_add_test)";
    bin_ = fs::path(bin) / "jxc-edge";
    ASSERT_TRUE(fs::exists(bin_)) << bin_;
    std::string tmpl = (fs::temp_directory_path() / "jxc-cli-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    store_ = (dir_ / "store.db").string();
    // Commands never create a store: each test starts from an empty one.
    Outcome init = run({"init"});
    ASSERT_EQ(init.code, 0) << init.err;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  /// Runs jxc-edge with `args` and --store, capturing stdout and stderr in
  /// files (two pipes read in turn could deadlock on a chatty child).
  Outcome run(std::vector<std::string> args, bool with_store = true) {
    if (with_store) {
      args.push_back("--store");
      args.push_back(store_);
    }
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
    fs::path in = dir_ / "stdin";
    if (!input_.empty()) {
      std::ofstream(in, std::ios::binary) << input_;
      posix_spawn_file_actions_addopen(&fa, 0, in.c_str(), O_RDONLY, 0);
    }
    pid_t pid = 0;
    Outcome r;
    if (!cwd_.empty()) posix_spawn_file_actions_addchdir_np(&fa, cwd_.c_str());
    std::vector<std::string> env_s;
    for (char** e = environ; *e; ++e) {
      std::string var(*e);
      if (!env_.contains(var.substr(0, var.find('=')))) env_s.push_back(var);
    }
    for (const auto& [name, value] : env_)
      if (value) env_s.push_back(name + "=" + *value);
    std::vector<char*> envp;
    for (auto& e : env_s) envp.push_back(e.data());
    envp.push_back(nullptr);
    int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
      r.err = "posix_spawn failed";
      return r;
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
  }

  /// Runs and expects success; the output when it failed explains why.
  std::string ok(std::vector<std::string> args) {
    Outcome r = run(args);
    std::string cmd;
    for (const auto& a : args) cmd += a + " ";
    EXPECT_EQ(r.code, 0) << cmd << "\nstdout: " << r.out << "\nstderr: " << r.err;
    return r.out;
  }

  json ok_json(std::vector<std::string> args) {
    args.push_back("--json");
    std::string out = ok(args);
    json j = json::parse(out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << out;
    return j;
  }

  std::string write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }

  /// On hand of one item at one location, as `stock --json` shows it.
  long long qty(const std::string& sku, const std::string& location) {
    long long sum = 0;
    for (const auto& b : ok_json({"stock", "--item", sku}))
      if (b["location"] == location) sum += b["qty"].get<long long>();
    return sum;
  }

  void import_master_data() {
    ok({"import", "locations",
        write("locations.csv",
              "code,kind,name,parent,barcode,gln,negative_stock\n"
              "S1,site,Site one,,,6901234000009,block\n"
              "W1,warehouse,仓库 1,S1,,,\n"
              "RECV,zone,Receiving,W1,LOC-RECV,,\n"
              "A,zone,Zone A,W1,,,\n"
              "A-01-1,bin,A 01 1,A,LOC-A-01-1,,\n"
              "A-01-2,bin,A 01 2,A,LOC-A-01-2,,\n")});
    ok({"import", "items",
        write("items.csv",
              "\xEF\xBB\xBFsku,name,uom,gtins,unit_weight_g,lot_tracked,unit_cost\r\n"
              "BOLT,\"Bolt, M8\",EA,6901234001013,18.5,false,0.35\r\n"
              "WATER,矿泉水 550ml,BTL,6920456002011|6920456002110,570,no,1.2\r\n"
              "MILK,奶粉 900g,CAN,6938765003018,1050,true,168\r\n")});
    ok({"import", "thresholds",
        write("thresholds.csv", "sku,location,min,max,reorder\nBOLT,W1,10,100,50\n")});
  }

  fs::path bin_, dir_;
  std::string store_;
  std::string input_;  // the child's stdin when not empty
  std::map<std::string, std::optional<std::string>> env_;  // set (or, nullopt, removed) for the child
  fs::path cwd_;  // the child's working directory when not empty
};

}  // namespace jxc::testing::cli
