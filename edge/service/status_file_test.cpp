#include "edge/service/status_file.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace jxc::service {
namespace {

namespace fs = std::filesystem;

TEST(StatusFile, WhatTheDaemonWritesIsReadBackWhole) {
  StatusFile s;
  s.pid = 4242;
  s.written_at = 1'764'900'000'123;
  s.started_at = 1'764'800'000'000;
  s.line = "ready: store /x.db, 1 device: 1 offline";
  s.devices.push_back({"door-1", "rfid", devices::DeviceState::offline, "connect: 拒绝 \xff", 1'764'800'000'500});
  auto back = parse_status_file(render_status_file(s));
  ASSERT_TRUE(back) << back.status().to_string();
  EXPECT_EQ(back->pid, 4242);
  EXPECT_EQ(back->written_at, s.written_at);
  EXPECT_EQ(back->started_at, s.started_at);
  EXPECT_EQ(back->line, s.line);
  ASSERT_EQ(back->devices.size(), 1u);
  EXPECT_EQ(back->devices[0].id, "door-1");
  EXPECT_EQ(back->devices[0].state, devices::DeviceState::offline);
  // Text that is not UTF-8 is replaced, never a reason to fail the write.
  EXPECT_EQ(back->devices[0].detail, "connect: 拒绝 \xEF\xBF\xBD");
  EXPECT_EQ(back->devices[0].since, 1'764'800'000'500);
}

TEST(StatusFile, AFileThisCodeDidNotWriteIsRefusedWithTheReason) {
  for (const char* text : {"", "[]", "{\"pid\": \"x\"}",
                           "{\"pid\": 1, \"written_at\": \"2026-12-05T00:00:00Z\", "
                           "\"started_at\": \"2026-12-05T00:00:00Z\", \"status\": \"ready\", "
                           "\"devices\": [{\"id\": \"a\", \"kind\": \"rfid\", \"state\": \"asleep\", "
                           "\"detail\": \"\", \"since\": \"2026-12-05T00:00:00Z\"}]}"}) {
    auto r = parse_status_file(text);
    EXPECT_FALSE(r) << text;
    EXPECT_EQ(r.status().code(), Errc::invalid_argument) << text;
  }
}

TEST(StatusFile, WrittenBesideTheStoreAndReadFromThere) {
  std::string tmpl = (fs::temp_directory_path() / "jxc-status-file-XXXXXX").string();
  ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
  const std::string store = tmpl + "/jxc-edge.db";
  EXPECT_EQ(read_status_file(store).status().code(), Errc::io);
  StatusFile s{::getpid(), 1, 1, "ready", {}};
  ASSERT_TRUE(write_status_file(store, s).is_ok());
  EXPECT_TRUE(fs::exists(tmpl + "/jxc-edge.db.status.json"));
  auto back = read_status_file(store);
  ASSERT_TRUE(back) << back.status().to_string();
  EXPECT_EQ(back->pid, ::getpid());
  { std::ofstream(tmpl + "/jxc-edge.db.status.json") << "{"; }
  auto bad = read_status_file(store);
  EXPECT_EQ(bad.status().code(), Errc::invalid_argument);
  EXPECT_NE(bad.status().reason().find("jxc-edge.db.status.json: "), std::string::npos) << bad.status().reason();
  fs::remove_all(tmpl);
}

}  // namespace
}  // namespace jxc::service
