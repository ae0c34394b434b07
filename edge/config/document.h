#pragma once
// A parsed TOML file, for parse() (internal to jxc_config).

#include <memory>
#include <optional>
#include <string>

#include "edge/config/section.h"

namespace jxc::config {

class Document {
 public:
  /// Parses TOML text. A syntax error stops the parser: it is returned in
  /// `syntax_error` (message "syntax error: ...") and there is no document.
  static std::optional<Document> parse(const std::string& text, const std::string& source_name,
                                       ConfigError* syntax_error);
  Document(Document&&) noexcept;
  ~Document();

  Node root() const;

 private:
  struct Impl;
  explicit Document(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace jxc::config
