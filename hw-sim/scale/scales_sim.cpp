#include "hw-sim/scale/scales_sim.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <modbus.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>

#include "drivers/scale/register_map.h"
#include "hw-sim/scale/rtu_frame.h"
#include "hw-sim/scale/scenario.h"

namespace jxc::hwsim::scale {
namespace {

using Clock = std::chrono::steady_clock;
volatile sig_atomic_t g_stop = 0;

struct Channel {
  SimSlot spec;
  jxc::scale::RegisterMap map;
  double grams = 0;
  double drift_g_per_s = 0;
  double noise_g = 0;
  bool overload = false;
  // A transmitter's own tare: while taken it reports net of the weight that
  // lay on it then, with its tare bit set.
  bool tared = false;
  double tare_g = 0;
  std::int64_t moved_at_ms = -100000;
};

struct Slave {
  modbus_mapping_t* regs = nullptr;
  bool silent = false;
};

class Simulator {
 public:
  Simulator(Scenario sc) : sc_(std::move(sc)) {}
  ~Simulator() {
    for (auto& [_, s] : slaves_) modbus_mapping_free(s.regs);
    if (tcp_) modbus_free(tcp_);
    close_pty();
  }

  int setup(int tcp_port, bool rtu, const std::string& link) {
    int top = 0;
    for (const auto& s : sc_.slots) {
      auto map = jxc::scale::map_from_config(*sc_.find_model(s.model));
      if (!map) {
        std::cerr << "slot " << s.slave << "/" << s.channel << ": " << map.status().reason() << "\n";
        return 2;
      }
      Channel c;
      c.spec = s;
      c.map = *map;
      c.grams = s.grams;
      c.noise_g = s.noise_g;
      channels_.push_back(c);
      const int w = map->weight_address(s.base, s.channel), st = map->status_address(s.base, s.channel);
      top = std::max({top, w + map->weight_registers(), st + 1});
    }
    for (const auto& c : channels_)
      if (!slaves_.count(c.spec.slave)) slaves_[c.spec.slave].regs = modbus_mapping_new(0, 0, top, top);
    render(0);

    tcp_ = modbus_new_tcp("127.0.0.1", tcp_port);
    listen_fd_ = modbus_tcp_listen(tcp_, 16);
    if (listen_fd_ < 0) {
      std::cerr << "listen: " << modbus_strerror(errno) << "\n";
      return 2;
    }
    sockaddr_in addr{};
    socklen_t len = sizeof addr;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    std::cout << "tcp 127.0.0.1:" << ntohs(addr.sin_port) << "\n";
    link_ = link;
    if (rtu) {
      if (!open_pty()) return 2;
      std::cout << "rtu " << (link_.empty() ? pty_path_ : link_) << "\n";
    }
    std::cout << "ready" << std::endl;
    return 0;
  }

  void run() {
    start_ = Clock::now();
    std::size_t next_step = 0;
    std::vector<pollfd> fds;
    while (!g_stop) {
      std::int64_t now = ms();
      while (next_step < sc_.steps.size() && sc_.steps[next_step].at_ms <= now) apply(sc_.steps[next_step++], now);
      if (replug_at_ >= 0 && now >= replug_at_) {
        replug_at_ = -1;
        open_pty();
      }
      render(now);
      fds.clear();
      fds.push_back({listen_fd_, POLLIN, 0});
      for (int c : clients_) fds.push_back({c, POLLIN, 0});
      if (master_ >= 0) fds.push_back({master_, POLLIN, 0});
      if (::poll(fds.data(), fds.size(), 10) <= 0) continue;
      for (const auto& p : fds) {
        if (!(p.revents & (POLLIN | POLLHUP | POLLERR))) continue;
        if (p.fd == listen_fd_) accept_client();
        else if (p.fd == master_) serve_rtu();
        else serve_tcp(p.fd);
      }
    }
  }

 private:
  std::int64_t ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start_).count();
  }

  Channel* channel(int slave, int ch) {
    for (auto& c : channels_)
      if (c.spec.slave == slave && c.spec.channel == ch) return &c;
    return nullptr;
  }

  void apply(const Step& s, std::int64_t now) {
    if (s.action == "silent" || s.action == "answer") {
      if (slaves_.count(s.slave)) slaves_[s.slave].silent = s.action == "silent";
      return;
    }
    if (s.action == "unplug") {
      close_pty();
      replug_at_ = now + static_cast<std::int64_t>(s.value);
      return;
    }
    Channel* c = channel(s.slave, s.channel);
    if (!c) return;
    if (s.action == "pick") c->grams -= s.value * c->spec.unit_g;
    else if (s.action == "put") c->grams += s.value * c->spec.unit_g;
    else if (s.action == "set") c->grams = s.value;
    else if (s.action == "drift") c->drift_g_per_s = s.value;
    else if (s.action == "noise") c->noise_g = std::fabs(s.value);
    else if (s.action == "overload") c->overload = s.value != 0;
    else if (s.action == "tare") {
      c->tared = s.value != 0;
      c->tare_g = c->tared ? c->grams : 0;
    }
    if (s.action == "pick" || s.action == "put" || s.action == "set") c->moved_at_ms = now;
  }

  // Writes every channel's current reading into its slave's registers.
  void render(std::int64_t now) {
    double dt = static_cast<double>(now - last_render_ms_) / 1000.0;
    last_render_ms_ = now;
    std::uniform_real_distribution<double> unit(-1, 1);
    for (auto& c : channels_) {
      c.grams += c.drift_g_per_s * dt;
      jxc::scale::Reading r;
      const double net = c.grams - c.tare_g;
      r.grams = net + (c.noise_g > 0 ? c.noise_g * unit(rng_) : 0);
      r.stable = now - c.moved_at_ms > 300;  // the load cell settles after a move
      r.overload = c.overload;
      r.underload = net < 0;
      r.tare_done = c.tared;
      modbus_mapping_t* m = slaves_[c.spec.slave].regs;
      std::uint16_t* table = c.map.kind == jxc::scale::RegisterKind::holding ? m->tab_registers
                                                                              : m->tab_input_registers;
      // Encoded as decode() reads it, then placed at the channel's addresses.
      const auto n = static_cast<std::size_t>(c.map.span());
      std::vector<std::uint16_t> regs(n);
      jxc::scale::encode(c.map, r, std::span<std::uint16_t>(regs));
      if (c.map.separate) {
        const int w = c.map.weight_address(c.spec.base, c.spec.channel);
        std::copy_n(regs.begin(), c.map.weight_registers(), table + w);
        if (c.map.status_offset >= 0) table[c.map.status_address(c.spec.base, c.spec.channel)] = regs[n - 1];
      } else {
        const int first = c.map.weight_address(c.spec.base, c.spec.channel) - c.map.weight_offset + c.map.first_offset();
        std::copy_n(regs.begin(), n, table + first);
      }
    }
  }

  void accept_client() {
    int fd = modbus_tcp_accept(tcp_, &listen_fd_);
    if (fd >= 0) clients_.push_back(fd);
  }

  void drop_client(int fd) {
    ::close(fd);
    clients_.erase(std::remove(clients_.begin(), clients_.end(), fd), clients_.end());
  }

  void serve_tcp(int fd) {
    std::uint8_t query[MODBUS_TCP_MAX_ADU_LENGTH];
    modbus_set_socket(tcp_, fd);
    int rc = modbus_receive(tcp_, query);
    if (rc <= 0) {
      if (rc < 0) drop_client(fd);
      return;
    }
    int unit = query[6];  // MBAP header: the unit id selects the slave behind this "gateway"
    auto it = slaves_.find(unit);
    if (it == slaves_.end() || it->second.silent) return;  // no answer: the client times out
    const int function = query[7], address = query[8] << 8 | query[9], count = query[10] << 8 | query[11];
    if ((function == 3 || function == 4) && sc_.is_reserved(address, count)) {
      if (modbus_reply_exception(tcp_, query, MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS) < 0) drop_client(fd);
      return;
    }
    if (modbus_reply(tcp_, query, rc, it->second.regs) < 0) drop_client(fd);
  }

  bool open_pty() {
    master_ = posix_openpt(O_RDWR | O_NOCTTY);
    if (master_ < 0 || grantpt(master_) != 0 || unlockpt(master_) != 0) {
      std::cerr << "pty: " << std::strerror(errno) << "\n";
      return false;
    }
    pty_path_ = ptsname(master_);
    // Hold the other end open ourselves, raw, so that a client closing and
    // reopening it does not hang the line up.
    held_ = ::open(pty_path_.c_str(), O_RDWR | O_NOCTTY);
    termios t{};
    if (held_ >= 0 && tcgetattr(held_, &t) == 0) {
      cfmakeraw(&t);
      tcsetattr(held_, TCSANOW, &t);
    }
    if (!link_.empty()) {
      std::error_code ec;
      std::filesystem::remove(link_, ec);
      std::filesystem::create_symlink(pty_path_, link_, ec);
    }
    rx_.clear();
    return true;
  }

  void close_pty() {
    if (!link_.empty()) {
      std::error_code ec;
      std::filesystem::remove(link_, ec);
    }
    if (held_ >= 0) ::close(held_);
    if (master_ >= 0) ::close(master_);
    held_ = master_ = -1;
  }

  void serve_rtu() {
    std::uint8_t buf[512];
    ssize_t n = ::read(master_, buf, sizeof buf);
    if (n <= 0) return;
    rx_.insert(rx_.end(), buf, buf + n);
    while (true) {
      Parsed p = parse_rtu_request(rx_);
      if (p.consumed == 0) return;
      rx_.erase(rx_.begin(), rx_.begin() + static_cast<std::ptrdiff_t>(p.consumed));
      if (!p.request) continue;
      const RtuRequest& r = *p.request;
      auto it = slaves_.find(r.slave);
      if (it == slaves_.end() || it->second.silent) continue;
      modbus_mapping_t* m = it->second.regs;
      const std::uint16_t* table = r.function == 3 ? m->tab_registers : m->tab_input_registers;
      int size = r.function == 3 ? m->nb_registers : m->nb_input_registers;
      int exception = 0;
      std::vector<std::uint16_t> regs;
      if (r.count < 1 || r.count > 125) exception = 3;
      else if (r.address + r.count > size || sc_.is_reserved(r.address, r.count)) exception = 2;
      else regs.assign(table + r.address, table + r.address + r.count);
      auto out = rtu_response(r, regs, exception);
      if (::write(master_, out.data(), out.size()) < 0) return;
    }
  }

  Scenario sc_;
  std::vector<Channel> channels_;
  std::map<int, Slave> slaves_;
  modbus_t* tcp_ = nullptr;
  int listen_fd_ = -1;
  std::vector<int> clients_;
  int master_ = -1, held_ = -1;
  std::string pty_path_, link_;
  std::vector<std::uint8_t> rx_;
  std::int64_t replug_at_ = -1;
  std::int64_t last_render_ms_ = 0;
  Clock::time_point start_ = Clock::now();
  std::mt19937 rng_{42};
};

struct Options {
  std::string scenario;
  int tcp_port = 0;
  bool rtu = false;
  std::string link;
};

}  // namespace

void add_scales_command(CLI::App& app) {
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("scales", "Modbus weight transmitters (TCP and RTU on a pty) playing a scenario");
  cmd->add_option("--scenario", opts->scenario, "scenario file (see hw-sim/scale/scenario.h)")->required();
  cmd->add_option("--tcp-port", opts->tcp_port, "TCP port on 127.0.0.1; 0 picks a free one");
  cmd->add_flag("--rtu", opts->rtu, "also serve Modbus RTU on a pseudo-terminal");
  cmd->add_option("--link", opts->link, "with --rtu: a symlink to the pty, re-pointed after an unplug");
  cmd->callback([opts] {
    std::ifstream in(opts->scenario);
    if (!in) throw CLI::RuntimeError("cannot read " + opts->scenario, 2);
    std::stringstream text;
    text << in.rdbuf();
    auto sc = parse_scenario(text.str());
    if (!sc) {
      std::cerr << opts->scenario << ": " << sc.status().reason() << "\n";
      throw CLI::RuntimeError(2);
    }
    ::signal(SIGTERM, [](int) { g_stop = 1; });
    ::signal(SIGINT, [](int) { g_stop = 1; });
    ::signal(SIGPIPE, SIG_IGN);
    Simulator sim(std::move(*sc));
    if (int rc = sim.setup(opts->tcp_port, opts->rtu, opts->link); rc != 0) throw CLI::RuntimeError(rc);
    sim.run();
  });
}

}  // namespace jxc::hwsim::scale
