#include "drivers/rfid/test_support.h"

#include <cstdlib>
#include <stdexcept>

namespace jxc::llrp::testing {

std::string hwsim_binary() {
  const char* d = std::getenv("JXC_BIN_DIR");
  return std::string(d ? d : ".") + "/jxc-hwsim";
}

Simulator::Simulator(const jxc::testing::TempDir& dir, const std::string& scenario_json, std::uint16_t port,
                     const std::string& name) {
  const std::string path = dir / name;
  jxc::testing::write_file(path, scenario_json);
  child_ = std::make_unique<jxc::testing::Child>(jxc::testing::ChildSpec{
      {hwsim_binary(), "rfid", "--scenario", path, "--port", std::to_string(port)}});
  if (!child_->wait_for_output("\n", jxc::testing::after(30s)) ||
      child_->output().find("listening ") == std::string::npos)
    throw std::runtime_error("simulator did not start: " + child_->output());
  const std::string& out = child_->output();
  const auto at = out.find("listening ");
  const auto sp = out.find(' ', at + 10);
  port_ = static_cast<std::uint16_t>(std::stoi(out.substr(sp + 1)));
}

std::uint16_t Simulator::port_of(const std::string& id) {
  const std::string line = "listening " + id + " ";
  if (!wait_for(line) || !wait_for("\n")) throw std::runtime_error("no reader " + id + ": " + child_->output());
  const std::string& out = child_->output();
  return static_cast<std::uint16_t>(std::stoi(out.substr(out.find(line) + line.size())));
}

std::size_t Simulator::seen(const std::string& text) const {
  std::size_t n = 0;
  for (auto at = child_->output().find(text); at != std::string::npos; at = child_->output().find(text, at + 1)) ++n;
  return n;
}

}  // namespace jxc::llrp::testing
