// jxc-edge user add|list|set|passwd|token|tokens|revoke: the people and
// machines of the local HTTP API. There is no default password: the first
// admin is added here, on the box, by someone who can run this command. Each
// change is audited with the Unix user who made it. A running gateway
// refuses a revoked token, or one of a user changed here, within a second
// (its token cache), and ends such a user's sessions at their next request.
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>

#include "edge/app/cli_support.h"
#include "edge/app/commands.h"
#include "edge/app/output.h"
#include "edge/http/credentials.h"
#include "edge/http/handlers_tokens.h"
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

struct SetArgs {
  StoreOptions store;
  std::string name, role;
  bool active = false, inactive = false;
};

// The outcome of a change as the command's exit: a refusal is the store's
// (exit 2), with the reason the API gives.
void report_refusal(const inventory::UserChanged& c, const std::string& name) {
  if (c.outcome == inventory::UserChanged::Outcome::no_such_user)
    fail(Status(Errc::invalid_argument, "no user named '" + name + "'"));
  if (c.outcome == inventory::UserChanged::Outcome::last_admin)
    fail(Status(Errc::invalid_state, name + " is the last active admin; add or activate another admin first"));
}

void run_set(const SetArgs& a) {
  inventory::UserChange change;
  if (!a.role.empty()) {
    inventory::Role role;
    if (!inventory::parse_role(a.role, &role)) usage_error("--role must be operator, manager or admin");
    change.role = role;
  }
  if (a.active || a.inactive) change.active = a.active;
  if (!change.role && !change.active) usage_error("give --role, --active or --inactive");
  auto engine = open_engine(a.store);
  auto done = take(http::apply_user_change(*engine, a.name, change, unix_actor(), ""));
  report_refusal(done, a.name);
  std::cout << "user " << a.name << ": " << inventory::to_string(done.after.role) << ", "
            << (done.after.active ? "active" : "inactive") << "\n";
}

struct PasswdArgs {
  StoreOptions store;
  std::string name;
};

void run_passwd(const PasswdArgs& a) {
  std::string password = read_password();
  if (auto why = http::password_problem(password); !why.empty()) usage_error(why);
  inventory::UserChange change;
  change.password_hash = take(http::hash_password(password));
  auto engine = open_engine(a.store);
  report_refusal(take(http::apply_user_change(*engine, a.name, change, unix_actor(), "")), a.name);
  std::cout << "password of " << a.name << " changed\n";
}

struct TokensArgs {
  StoreOptions store;
  std::string name;
  bool json = false;
};

void run_tokens(const TokensArgs& a) {
  auto q = open_queries(a.store);
  auto tokens = take(inventory::list_api_tokens(*q, a.name));
  auto time = [](TimeMs t) { return t == 0 ? std::string("-") : format_iso8601(t); };
  if (a.json) {
    Json out = Json::array();
    auto time_or_null = [](TimeMs t) { return t == 0 ? Json() : Json(format_iso8601(t)); };
    for (const auto& t : tokens)
      out.push_back({{"id", t.id}, {"user", t.user}, {"label", t.label}, {"created_at", format_iso8601(t.created_at)},
                     {"expires_at", time_or_null(t.expires_at)}, {"revoked_at", time_or_null(t.revoked_at)}});
    print_json(std::cout, out);
    return;
  }
  Table t({"ID", "USER", "LABEL", "CREATED", "EXPIRES", "REVOKED"});
  t.right(0);
  for (const auto& k : tokens)
    t.add({std::to_string(k.id), k.user, k.label, format_iso8601(k.created_at), time(k.expires_at),
           time(k.revoked_at)});
  t.print(std::cout);
}

struct RevokeArgs {
  StoreOptions store;
  std::int64_t id = 0;
};

void run_revoke(const RevokeArgs& a) {
  auto engine = open_engine(a.store);
  auto done = take(http::revoke_token_audited(*engine, a.id, unix_actor(), ""));
  using Outcome = inventory::TokenRevoked::Outcome;
  if (done.outcome == Outcome::no_such_token)
    fail(Status(Errc::invalid_argument, "no API token with id " + std::to_string(a.id)));
  std::cout << "token " << a.id << " of " << done.token.user
            << (done.outcome == Outcome::revoked ? " revoked\n" : " was revoked already\n");
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

  auto set = std::make_shared<SetArgs>();
  CLI::App* s = user->add_subcommand("set", "change a user's role or state; the last active admin stays one");
  s->add_option("name", set->name, "user name")->required();
  s->add_option("--role", set->role, "operator, manager or admin");
  auto* on = s->add_flag("--active", set->active, "may log in and use their tokens");
  s->add_flag("--inactive", set->inactive, "may not log in; their tokens are refused")->excludes(on);
  add_store_options(*s, set->store);
  s->callback([set] { run_set(*set); });

  auto passwd = std::make_shared<PasswdArgs>();
  CLI::App* p = user->add_subcommand("passwd", "set a user's password, read from a prompt or stdin");
  p->add_option("name", passwd->name, "user name")->required();
  add_store_options(*p, passwd->store);
  p->callback([passwd] { run_passwd(*passwd); });

  auto tokens = std::make_shared<TokensArgs>();
  CLI::App* ks = user->add_subcommand("tokens", "API tokens (of one user), oldest first; never their secret");
  ks->add_option("name", tokens->name, "only this user's tokens");
  ks->add_flag("--json", tokens->json, "JSON array");
  add_store_options(*ks, tokens->store);
  ks->callback([tokens] { run_tokens(*tokens); });

  auto revoke = std::make_shared<RevokeArgs>();
  CLI::App* r = user->add_subcommand("revoke", "revoke an API token by its id (see user tokens)");
  r->add_option("id", revoke->id, "the token's id")->required()->check(CLI::PositiveNumber);
  add_store_options(*r, revoke->store);
  r->callback([revoke] { run_revoke(*revoke); });
}

}  // namespace jxc::app
