// `jxc-edge check-config FILE` through the real binary: what an integrator
// sees before the daemon ever starts.
#include <sys/stat.h>
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

// A warning is printed with its position and does not fail the check.
TEST(CheckConfig, WarnsOfAnAckLinkWhileTheHttpApiIsOff) {
  TempDir dir;
  std::string file = dir / "gw.toml";
  write_file(file, "[alerts]\nack_base_url = \"https://gw-1.warehouse.lan:8443\"\n[http]\nenabled = false\n");
  auto out = check_config(file);
  EXPECT_TRUE(out.exited_with(0)) << out.output;
  EXPECT_EQ(out.output, file + ":2:16: alerts.ack_base_url: warning: set to \"https://gw-1.warehouse.lan:8443\" "
                               "but [http] is off (http.enabled = false): the acknowledgement links in alert "
                               "messages would lead to no page; turn [http] on or leave ack_base_url empty\n" +
                            file + ": ok\n");
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

// What the scales driver refuses at start, check-config refuses too (the
// same check): a channel_stride shorter than one channel's registers, a
// status register over the weight, one bit with two meanings.
TEST(CheckConfig, RefusesTheRegisterLayoutsTheDaemonRefuses) {
  TempDir dir;
  std::string file = dir / "gw.toml";
  write_file(file,
             "[[scales.models]]\n"
             "id = \"short-stride\"\n"
             "type = \"float32\"\n"
             "weight_offset = 16\n"
             "status_offset = 32\n"
             "channel_stride = 2\n"
             "[[scales.models]]\n"
             "id = \"overlap\"\n"
             "type = \"int32\"\n"
             "status_offset = 1\n"
             "[[scales.models]]\n"
             "id = \"two-roles\"\n"
             "status_offset = 2\n"
             "stable_bit = 3\n"
             "overload_bit = 3\n"
             "underload_bit = -1\n");
  auto out = check_config(file);
  EXPECT_TRUE(out.exited_with(1)) << out.output;
  EXPECT_NE(out.output.find(":6:1: scales.models[0].channel_stride: channel_stride 2 is shorter than one channel's "
                            "registers (33 from the channel base)"),
            std::string::npos) << out.output;
  EXPECT_NE(out.output.find(":10:1: scales.models[1].status_offset: the status register overlaps the weight registers"),
            std::string::npos) << out.output;
  EXPECT_NE(out.output.find(":15:1: scales.models[2].overload_bit: bit 3 is already stable_bit"), std::string::npos)
      << out.output;
  EXPECT_NE(out.output.find(": 3 errors"), std::string::npos) << out.output;
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

// Files the configuration names are checked as `jxc-edge run` opens them, so
// that check-config fails where the daemon would (edge/config/referenced_files.h).
class CheckConfigFiles : public ::testing::Test {
 protected:
  std::string mqtt_config(const std::string& password_file, const std::string& tls = "") {
    std::string file = dir_ / "gw.toml";
    write_file(file, "[mqtt]\nuri = \"ssl://127.0.0.1:8883\"\npassword_file = \"" + password_file + "\"\n" + tls);
    return file;
  }
  std::string secret(const std::string& name, mode_t mode) {
    std::string path = dir_ / name;
    write_file(path, "s3cret\n");
    EXPECT_EQ(::chmod(path.c_str(), mode), 0);
    return path;
  }
  TempDir dir_;
};

TEST_F(CheckConfigFiles, AMissingPasswordFileIsAnErrorAtItsKey) {
  std::string absent = dir_ / "absent.pw";
  std::string file = mqtt_config(absent);
  auto out = check_config(file);
  EXPECT_TRUE(out.exited_with(1)) << out.output;
  EXPECT_EQ(out.output, file + ":3:17: mqtt.password_file: cannot read \"" + absent +
                            "\": No such file or directory\n" + file + ": 1 error\n");
}

TEST_F(CheckConfigFiles, ASecretReadableByEveryUserIsRefusedAndAPrivateOneIsOk) {
  std::string pw = secret("mqtt.pw", 0644);
  std::string file = mqtt_config(pw);
  auto out = check_config(file);
  EXPECT_TRUE(out.exited_with(1)) << out.output;
  EXPECT_NE(out.output.find(file + ":3:17: mqtt.password_file: \"" + pw +
                            "\" is a secret readable by every user (mode 0644)"),
            std::string::npos)
      << out.output;

  ASSERT_EQ(::chmod(pw.c_str(), 0600), 0);
  out = check_config(file);
  EXPECT_TRUE(out.exited_with(0)) << out.output;
  EXPECT_EQ(out.output, file + ": ok\n");
}

TEST_F(CheckConfigFiles, ASecretReadableByItsGroupIsRefused) {
  std::string pw = secret("mqtt.pw", 0640);
  std::string file = mqtt_config(pw);
  auto out = check_config(file);
  EXPECT_TRUE(out.exited_with(1)) << out.output;
  EXPECT_NE(out.output.find(file + ":3:17: mqtt.password_file: \"" + pw +
                            "\" is a secret readable by its group (mode 0640)"),
            std::string::npos)
      << out.output;
}

// Certificates are public; keys are secrets; a directory is no file.
TEST_F(CheckConfigFiles, EveryTlsFileIsCheckedAndOnlyTheKeyIsASecret) {
  std::string ca = secret("ca.pem", 0644);
  std::string key = secret("client.key", 0644);
  std::string file = mqtt_config(secret("mqtt.pw", 0600), "[mqtt.tls]\nca_file = \"" + ca + "\"\ncert_file = \"" +
                                                            dir_.path() + "\"\nkey_file = \"" + key + "\"\n");
  auto out = check_config(file);
  EXPECT_TRUE(out.exited_with(1)) << out.output;
  EXPECT_EQ(out.output.find("mqtt.tls.ca_file"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find(file + ":6:13: mqtt.tls.cert_file: \"" + dir_.path() + "\" is not a regular file"),
            std::string::npos)
      << out.output;
  EXPECT_NE(out.output.find(file + ":7:12: mqtt.tls.key_file: \"" + key + "\" is a secret readable by every user"),
            std::string::npos)
      << out.output;
  EXPECT_NE(out.output.find(file + ": 2 errors"), std::string::npos) << out.output;
}

// systemd's LoadCredential= puts secrets in $CREDENTIALS_DIRECTORY; a
// relative secret path is looked up there, as the daemon does.
TEST_F(CheckConfigFiles, ARelativeSecretIsLookedUpInTheCredentialsDirectory) {
  std::string file = mqtt_config("mqtt.pw");
  auto with_credentials = [&](const std::string& dir) {
    return run_to_exit(ChildSpec{.argv = {jxc_edge_binary(), "check-config", file},
                                 .env = {{"CREDENTIALS_DIRECTORY", dir}}});
  };
  auto out = with_credentials(dir_ / "creds");
  EXPECT_TRUE(out.exited_with(1)) << out.output;
  EXPECT_NE(out.output.find("mqtt.password_file: cannot read \"" + (dir_ / "creds/mqtt.pw") + "\""),
            std::string::npos)
      << out.output;

  ASSERT_EQ(::mkdir((dir_ / "creds").c_str(), 0700), 0);
  secret("creds/mqtt.pw", 0400);
  out = with_credentials(dir_ / "creds");
  EXPECT_TRUE(out.exited_with(0)) << out.output;
}

TEST_F(CheckConfigFiles, AnAlertChannelsSecretFileIsCheckedAtItsKey) {
  std::string absent = dir_ / "dingtalk.secret";
  std::string file = dir_ / "gw.toml";
  write_file(file,
             "[alerts]\n"
             "[[alerts.channels]]\n"
             "name = \"ops\"\n"
             "kind = \"webhook\"\n"
             "url = \"http://127.0.0.1:9/hook\"\n"
             "secret_file = \"" + absent + "\"\n");
  auto out = check_config(file);
  EXPECT_TRUE(out.exited_with(1)) << out.output;
  EXPECT_EQ(out.output, file + ":6:15: alerts.channels[0].secret_file: cannot read \"" + absent +
                            "\": No such file or directory\n" + file + ": 1 error\n");
}

// A part that does not run reads no file: no [mqtt] uri, no uplink.
TEST_F(CheckConfigFiles, AFileOfAPartThatDoesNotRunIsNotChecked) {
  std::string file = dir_ / "gw.toml";
  write_file(file, "[mqtt]\npassword_file = \"" + (dir_ / "absent.pw") + "\"\n");
  auto out = check_config(file);
  EXPECT_TRUE(out.exited_with(0)) << out.output;
}

}  // namespace
}  // namespace jxc::testing
