// The metrics facility: series identity, the text format and its escapes
// (parsed back by an independent reader of the format), the atomic file, and
// device health as gauges.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "edge/metrics/health_gauges.h"
#include "edge/metrics/prometheus.h"
#include "edge/metrics/registry.h"
#include "edge/metrics/textfile.h"

namespace jxc::metrics {
namespace {

namespace fs = std::filesystem;

TEST(Metrics, TheSameNameAndLabelsAreTheSameSeries) {
  Registry r;
  Counter& a = r.counter("jxc_x_total", "x", {{"b", "2"}, {"a", "1"}});
  Counter& b = r.counter("jxc_x_total", "x", {{"a", "1"}, {"b", "2"}});
  EXPECT_EQ(&a, &b);
  Counter& other = r.counter("jxc_x_total", "x", {{"a", "1"}, {"b", "3"}});
  EXPECT_NE(&a, &other);
  a.inc();
  b.inc(4);
  EXPECT_EQ(a.value(), 5u);
  EXPECT_EQ(other.value(), 0u);
}

TEST(Metrics, BadNamesAndATypeClashAreRefused) {
  Registry r;
  EXPECT_THROW(r.counter("9lives", "x"), std::invalid_argument);
  EXPECT_THROW(r.counter("a-b", "x"), std::invalid_argument);
  EXPECT_THROW(r.gauge("ok", "x", {{"bad-label", "v"}}), std::invalid_argument);
  EXPECT_THROW(r.gauge("ok", "x", {{"__reserved", "v"}}), std::invalid_argument);
  EXPECT_THROW(r.gauge("ok", "x", {{"a", "1"}, {"a", "2"}}), std::invalid_argument);
  r.counter("jxc_c_total", "c");
  EXPECT_THROW(r.gauge("jxc_c_total", "c"), std::invalid_argument);
}

TEST(Metrics, RenderedTextParsesBackWithEveryValueAndEscape) {
  Registry r;
  r.counter("jxc_published_total", "Events published\\with a \"quote\"\nand a newline").inc(42);
  r.gauge("jxc_backlog", "Backlog", {{"path", "C:\\dir \"x\"\nnext"}}).set(-3.25);
  r.gauge("jxc_state", "State", {{"state", "online"}}).set(1);
  r.gauge("jxc_state", "State", {{"state", "offline"}}).set(0);
  std::string text = render_prometheus(r);
  EXPECT_NE(text.find("# TYPE jxc_published_total counter\n"), std::string::npos) << text;
  EXPECT_NE(text.find("# TYPE jxc_backlog gauge\n"), std::string::npos) << text;
  EXPECT_NE(text.find("jxc_published_total 42\n"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(jxc_backlog{path="C:\\dir \"x\"\nnext"} -3.25)"), std::string::npos) << text;
  EXPECT_NE(text.find("# HELP jxc_published_total Events published\\\\with a \"quote\"\\nand a newline\n"),
            std::string::npos)
      << text;
  auto parsed = parse_prometheus(text);
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().to_string() << "\n" << text;
  ASSERT_EQ(parsed->size(), 3u);
  EXPECT_EQ(parsed->at(1).help, "Events published\\with a \"quote\"\nand a newline");
  const Sample* s = find_sample(*parsed, "jxc_backlog", {{"path", "C:\\dir \"x\"\nnext"}});
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->value, -3.25);
  ASSERT_NE(find_sample(*parsed, "jxc_published_total"), nullptr);
  EXPECT_EQ(find_sample(*parsed, "jxc_published_total")->value, 42);
  EXPECT_EQ(find_sample(*parsed, "jxc_state", {{"state", "offline"}})->value, 0);
  EXPECT_EQ(find_sample(*parsed, "jxc_state", {{"state", "stopped"}}), nullptr);
}

TEST(Metrics, MalformedTextIsRefusedWithTheLine) {
  const std::pair<const char*, const char*> cases[] = {
      {"x 1\n", "before its TYPE"},
      {"# TYPE x counter\nx{a=\"1} 2\n", "not closed"},
      {"# TYPE x counter\nx{a=1} 2\n", "expected '\"'"},
      {"# TYPE x counter\nx{a=\"\\q\"} 2\n", "unknown escape"},
      {"# TYPE x counter\nx abc\n", "not a number"},
      {"# TYPE x counter\nx\n", "space before the value"},
      {"# TYPE x summary\n", "not counter or gauge"},
      {"# TYPE x counter\n# TYPE x gauge\n", "given twice"},
      {"# TYPE x counter\n{a=\"1\"} 1\n", "expected a metric name"},
  };
  for (auto [text, why] : cases) {
    auto r = parse_prometheus(text);
    ASSERT_FALSE(r.is_ok()) << text;
    EXPECT_NE(r.status().reason().find(why), std::string::npos) << text << " -> " << r.status().to_string();
    EXPECT_NE(r.status().reason().find("line "), std::string::npos);
  }
  auto ok = parse_prometheus("# a comment\n\n# TYPE x gauge\nx NaN\nx{a=\"b\"} +Inf 1700000000000\n");
  ASSERT_TRUE(ok.is_ok()) << ok.status().to_string();
  EXPECT_EQ(ok->at(0).samples.size(), 2u);
}

TEST(Metrics, CountersAreExactUnderConcurrentUpdates) {
  Registry r;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&r] {
      Counter& c = r.counter("jxc_n_total", "n");
      Gauge& g = r.gauge("jxc_g", "g");
      for (int i = 0; i < 10000; ++i) {
        c.inc();
        g.add(1);
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(r.counter("jxc_n_total", "n").value(), 40000u);
  EXPECT_EQ(r.gauge("jxc_g", "g").value(), 40000);
}

TEST(Metrics, TheFileIsReplacedWholeAndItsDirectoryCreated) {
  fs::path dir = fs::temp_directory_path() / ("jxc-metrics-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  std::string path = (dir / "sub" / "jxc-edge.prom").string();
  ASSERT_TRUE(write_atomically(path, "# TYPE a gauge\na 1\n").is_ok());
  ASSERT_TRUE(write_atomically(path, "# TYPE a gauge\na 2\n").is_ok());
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), "# TYPE a gauge\na 2\n");
  std::size_t files = 0;
  for (auto& e : fs::directory_iterator(dir / "sub")) files += e.is_regular_file();
  EXPECT_EQ(files, 1u);  // no temporary left behind
  // A directory in the way of the file: refused with the reason.
  fs::create_directories(dir / "taken.prom");
  Status st = write_atomically((dir / "taken.prom").string(), "x");
  EXPECT_EQ(st.code(), Errc::io) << st.to_string();
  fs::remove_all(dir);
}

// The temporary name is predictable (target + ".tmp." + pid): a symlink
// planted there must not make the gateway write through it.
TEST(Metrics, ASymlinkPlantedAtTheTemporaryNameIsNotWrittenThrough) {
  fs::path dir = fs::temp_directory_path() / ("jxc-metrics-link-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path victim = dir / "victim.conf";
  std::ofstream(victim) << "precious\n";
  const std::string path = (dir / "jxc-edge.prom").string();
  const fs::path tmp = path + ".tmp." + std::to_string(::getpid());
  fs::create_symlink(victim, tmp);

  ASSERT_TRUE(write_atomically(path, "# TYPE a gauge\na 3\n").is_ok());
  std::stringstream v, t;
  v << std::ifstream(victim).rdbuf();
  EXPECT_EQ(v.str(), "precious\n");
  t << std::ifstream(path).rdbuf();
  EXPECT_EQ(t.str(), "# TYPE a gauge\na 3\n");
  EXPECT_FALSE(fs::is_symlink(path));
  EXPECT_FALSE(fs::exists(fs::symlink_status(tmp)));
  // A stale temporary file of an earlier crash is replaced the same way.
  std::ofstream(tmp) << "half a file";
  ASSERT_TRUE(write_atomically(path, "# TYPE a gauge\na 4\n").is_ok());
  std::stringstream again;
  again << std::ifstream(path).rdbuf();
  EXPECT_EQ(again.str(), "# TYPE a gauge\na 4\n");
  fs::remove_all(dir);
}

TEST(Metrics, DeviceHealthIsOneGaugePerDeviceAndState) {
  devices::HealthRegistry health;
  Registry r;
  health.report("door-1", "rfid", devices::DeviceState::online, "up");
  export_device_health(health, r);
  auto value = [&](const std::string& dev, const std::string& kind, const std::string& state) {
    auto parsed = parse_prometheus(render_prometheus(r));
    EXPECT_TRUE(parsed.is_ok());
    const Sample* s = find_sample(*parsed, "jxc_device_state", {{"device", dev}, {"kind", kind}, {"state", state}});
    return s ? s->value : -1;
  };
  EXPECT_EQ(value("door-1", "rfid", "online"), 1);
  EXPECT_EQ(value("door-1", "rfid", "offline"), 0);
  health.report("door-1", "rfid", devices::DeviceState::offline, "gone");
  health.report("uplink", "uplink", devices::DeviceState::degraded, "backlog");
  EXPECT_EQ(value("door-1", "rfid", "online"), 0);
  EXPECT_EQ(value("door-1", "rfid", "offline"), 1);
  EXPECT_EQ(value("uplink", "uplink", "degraded"), 1);
  EXPECT_EQ(value("uplink", "uplink", "stopped"), 0);
}

}  // namespace
}  // namespace jxc::metrics
