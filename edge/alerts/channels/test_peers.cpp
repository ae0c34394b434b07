#include "edge/alerts/channels/test_peers.h"

#include <sstream>
#include <stdexcept>

namespace jxc::alerts::channels::testing {

using jxc::testing::after;
using jxc::testing::ChildSpec;

Pki make_pki(const std::string& dir) {
  Pki p;
  p.dir = dir;
  p.ca = dir + "/ca.crt";
  p.localhost_cert = dir + "/localhost.crt";
  p.localhost_key = dir + "/localhost.key";
  p.other_name_cert = dir + "/other.crt";
  p.other_name_key = dir + "/other.key";
  p.untrusted_cert = dir + "/untrusted.crt";
  p.untrusted_key = dir + "/untrusted.key";
  // EC P-256 keys; leaf certificates carry their name in subjectAltName.
  const std::string script = R"(set -e
cd "$1"
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
ca() { key "$1.key"; openssl req -x509 -new -key "$1.key" -out "$1.crt" -days 2 -subj "/CN=$2"; }
leaf() {  # name, CN/SAN, issuing CA
  key "$1.key"
  openssl req -new -key "$1.key" -out "$1.csr" -subj "/CN=$2"
  printf 'subjectAltName=DNS:%s\nbasicConstraints=CA:FALSE\n' "$2" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$3.crt" -CAkey "$3.key" -CAcreateserial -out "$1.crt" -days 2 \
    -extfile "$1.ext" 2>/dev/null
}
ca ca "jxc test CA"
ca rogue "jxc rogue CA"
leaf localhost localhost ca
leaf other other.test ca
leaf untrusted localhost rogue
)";
  ChildSpec spec;
  spec.argv = {"/bin/sh", "-c", script, "make_pki", dir};
  auto out = jxc::testing::run_to_exit(spec);
  if (!out.exited_with(0)) throw std::runtime_error("making the test certificates failed: " + out.output);
  return p;
}

Peer::Peer(const std::string& script, std::vector<std::string> args) {
  ChildSpec spec;
  spec.argv = {"/usr/bin/python3", jxc::testing::source_dir() + "/edge/alerts/channels/testdata/" + script};
  for (auto& a : args) spec.argv.push_back(std::move(a));
  child_ = std::make_unique<jxc::testing::Child>(spec);
  const auto deadline = after(std::chrono::seconds(20));
  if (!child_->wait_for_output("listening ", deadline))
    throw std::runtime_error(script + " did not start: " + child_->output());
  const auto at = child_->output().find("listening ");
  while (child_->output().find('\n', at) == std::string::npos)
    if (!child_->wait_for_output("\n", deadline) && std::chrono::steady_clock::now() >= deadline)
      throw std::runtime_error(script + " did not start: " + child_->output());
  port_ = std::stoi(child_->output().substr(at + 10));
}

std::vector<nlohmann::json> Peer::records() {
  (void)child_->wait_for_output("\x01", after(std::chrono::milliseconds(0)));  // takes what has arrived
  std::vector<nlohmann::json> out;
  std::istringstream lines(child_->output());
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] != '{') continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_discarded()) out.push_back(std::move(j));
  }
  return out;
}

bool Peer::wait_records(std::size_t n, std::chrono::seconds limit) {
  const auto deadline = after(limit);
  while (records().size() < n) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    // Reads what arrives within the next 50 ms (nothing matches the text).
    (void)child_->wait_for_output("\x01", std::min(deadline, after(std::chrono::milliseconds(50))));
  }
  return true;
}

}  // namespace jxc::alerts::channels::testing
