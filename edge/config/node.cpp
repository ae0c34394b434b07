// The only file that includes toml++: Document parses, Node reads.
#include <toml++/toml.h>

#include "edge/config/document.h"

namespace jxc::config {
namespace {

const toml::node& of(const void* n) { return *static_cast<const toml::node*>(n); }

Position position(const toml::source_region& r) {
  return Position{static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
}

}  // namespace

Node::Kind Node::kind() const {
  switch (of(node_).type()) {
    case toml::node_type::table: return Kind::table;
    case toml::node_type::array: return Kind::array;
    case toml::node_type::string: return Kind::string;
    case toml::node_type::integer: return Kind::integer;
    case toml::node_type::floating_point: return Kind::floating_point;
    case toml::node_type::boolean: return Kind::boolean;
    case toml::node_type::date: return Kind::date;
    case toml::node_type::time: return Kind::time;
    case toml::node_type::date_time: return Kind::date_time;
    case toml::node_type::none: break;
  }
  return Kind::none;
}

Position Node::at() const { return position(of(node_).source()); }

std::optional<std::string> Node::as_string() const {
  if (auto s = of(node_).as_string()) return s->get();
  return std::nullopt;
}

std::optional<std::int64_t> Node::as_integer() const {
  if (auto i = of(node_).as_integer()) return i->get();
  return std::nullopt;
}

std::optional<double> Node::as_floating_point() const {
  if (auto f = of(node_).as_floating_point()) return f->get();
  return std::nullopt;
}

std::optional<bool> Node::as_boolean() const {
  if (auto b = of(node_).as_boolean()) return b->get();
  return std::nullopt;
}

std::vector<Entry> Node::entries() const {
  std::vector<Entry> out;
  if (auto t = of(node_).as_table())
    for (auto&& [key, value] : *t)
      out.push_back(Entry{std::string(key.str()), position(key.source()), Node(&value)});
  return out;
}

bool Node::contains(std::string_view key) const {
  auto t = of(node_).as_table();
  return t && t->contains(key);
}

std::vector<Node> Node::elements() const {
  std::vector<Node> out;
  if (auto a = of(node_).as_array())
    for (const auto& e : *a) out.push_back(Node(&e));
  return out;
}

struct Document::Impl {
  toml::table root;
};

Document::Document(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Document::Document(Document&&) noexcept = default;
Document::~Document() = default;

std::optional<Document> Document::parse(const std::string& text, const std::string& source_name,
                                        ConfigError* syntax_error) {
  auto impl = std::make_unique<Impl>();
  try {
    impl->root = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    const auto& at = e.source().begin;
    *syntax_error = ConfigError{static_cast<int>(at.line), static_cast<int>(at.column), "",
                                "syntax error: " + std::string(e.description())};
    return std::nullopt;
  }
  return Document(std::move(impl));
}

Node Document::root() const { return Node(&impl_->root); }

}  // namespace jxc::config
