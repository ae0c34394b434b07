// libFuzzer target for the configuration file: any text through the TOML
// reader and every section the daemon registers. A file is either accepted
// with no errors or refused with at least one, each positioned (line and
// column not negative) and saying what is wrong in well-formed UTF-8 (the
// messages are printed by check-config and logged on reload); an accepted
// file differs from itself in nothing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "edge/common/text.h"
#include "edge/config/config.h"
#include "edge/config/diff.h"
#include "edge/service/config_sections.h"

using namespace jxc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto& sections = service::config_sections();
  std::vector<config::ConfigError> errors;
  auto c = config::parse(text, "fuzz.toml", sections, &errors);
  if (c) {
    if (!errors.empty()) std::abort();
    if (!config::diff(*c, *c, sections).empty()) std::abort();
    return 0;
  }
  if (errors.empty()) std::abort();
  for (const auto& e : errors) {
    if (e.line < 0 || e.column < 0 || e.message.empty()) std::abort();
    if (!text::is_valid_utf8(e.to_string("fuzz.toml"))) std::abort();
  }
  return 0;
}
