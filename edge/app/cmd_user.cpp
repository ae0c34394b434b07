// jxc-edge user add|list|token: the people and machines of the local HTTP
// API. There is no default password: the first admin is added here, on the
// box, by someone who can run this command. Each change is audited with the
// Unix user who made it.
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>

#include "edge/app/cli_support.h"
#include "edge/app/commands.h"
#include "edge/app/output.h"
#include "edge/http/credentials.h"
#include "edge/http/handlers_users.h"
#include "edge/inventory/audit_records.h"
#include "edge/inventory/tx.h"
#include "edge/inventory/user_records.h"

namespace jxc::app {
namespace {

std::string read_line(bool hidden) {
  termios before{};
  const bool tty = hidden && ::tcgetattr(STDIN_FILENO, &before) == 0;
  if (tty) {
    termios quiet = before;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &before);
    std::cerr << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// From a prompt (twice, unechoed) on a terminal; else the first line of stdin.
std::string read_password() {
  if (!::isatty(STDIN_FILENO)) return read_line(false);
  std::cerr << "password: " << std::flush;
  std::string first = read_line(true);
  std::cerr << "again: " << std::flush;
  if (read_line(true) != first) usage_error("the two passwords differ");
  return first;
}

struct AddArgs {
  StoreOptions store;
  std::string name, role = "operator";
};

void run_add(const AddArgs& a) {
  if (a.name.empty() || a.name.size() > 64 || !http::is_valid_user_name(a.name))
    usage_error("a user name is 1 to 64 letters, digits, '.', '_', '-' or '@'");
  inventory::Role role;
  if (!inventory::parse_role(a.role, &role)) usage_error("--role must be operator, manager or admin");
  std::string password = read_password();
  if (auto why = http::password_problem(password); !why.empty()) usage_error(why);
  std::string hash = take(http::hash_password(password));
  auto engine = open_engine(a.store);
  inventory::AuditEntry audit{0, 0, unix_actor(), "user.add", "user:" + a.name, "role " + a.role, ""};
  take(engine->run<std::int64_t>([&](inventory::Tx& tx) -> Result<std::int64_t> {
    JXC_ASSIGN(std::int64_t id, inventory::add_user(tx, a.name, role, hash));
    JXC_TRY(inventory::append_audit(tx, audit));
    return id;
  }));
  std::cout << "user " << a.name << " added with the " << a.role << " role\n";
}

struct TokenArgs {
  StoreOptions store;
  std::string name, label;
  std::int64_t days = 0;
};

void run_token(const TokenArgs& a) {
  const std::string token = http::new_api_token();
  auto engine = open_engine(a.store);
  inventory::AuditEntry audit{0, 0, unix_actor(), "token.add", "user:" + a.name, a.label, ""};
  const std::string hash = http::token_hash(token);
  take(engine->run<std::int64_t>([&](inventory::Tx& tx) -> Result<std::int64_t> {
    TimeMs expires = a.days > 0 ? tx.now() + a.days * 86'400'000 : 0;
    JXC_ASSIGN(std::int64_t id, inventory::add_api_token(tx, a.name, a.label, hash, expires));
    JXC_TRY(inventory::append_audit(tx, audit));
    return id;
  }));
  // Shown once: only its hash is stored.
  std::cout << token << "\n";
}

}  // namespace

void add_user_commands(CLI::App& app) {
  CLI::App* user = app.add_subcommand("user", "users of the local HTTP API");
  user->require_subcommand(1);

  auto add = std::make_shared<AddArgs>();
  CLI::App* a = user->add_subcommand("add", "add a user; the password is read from a prompt or stdin");
  a->add_option("name", add->name, "user name")->required();
  a->add_option("--role", add->role, "operator, manager or admin")->capture_default_str();
  add_store_options(*a, add->store);
  a->callback([add] { run_add(*add); });

  auto list = std::make_shared<StoreOptions>();
  CLI::App* l = user->add_subcommand("list", "every user with role and state");
  add_store_options(*l, *list);
  l->callback([list] {
    auto q = open_queries(*list);
    Table t({"NAME", "ROLE", "ACTIVE", "CREATED"});
    for (const auto& u : take(inventory::list_users(*q)))
      t.add({u.name, std::string(inventory::to_string(u.role)), u.active ? "yes" : "no", format_iso8601(u.created_at)});
    t.print(std::cout);
  });

  auto token = std::make_shared<TokenArgs>();
  CLI::App* k = user->add_subcommand("token", "make an API token acting as the user; printed once");
  k->add_option("name", token->name, "user the token acts as")->required();
  k->add_option("--label", token->label, "what the token is for")->required();
  k->add_option("--days", token->days, "valid for this many days (default: until revoked)")
      ->check(CLI::Range(1, 3650));
  add_store_options(*k, token->store);
  k->callback([token] { run_token(*token); });
}

}  // namespace jxc::app
