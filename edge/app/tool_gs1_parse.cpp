// `jxc-edge tools gs1-parse STRING...`: what a scanner's GS1 data says, one
// JSON object per scan, for integrators checking labels and scanner setup.
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "edge/app/cli_support.h"
#include "edge/app/commands.h"
#include "edge/identifiers/gs1.h"

namespace jxc::app {
namespace {

using Json = nlohmann::ordered_json;

// A shell cannot easily pass the GS byte (FNC1), so its usual spellings in
// scanner documentation stand in for it.
std::string unescape_gs(const std::string& arg) {
  std::string out;
  for (std::size_t i = 0; i < arg.size();) {
    if (arg.compare(i, 4, "<GS>") == 0) {
      out += '\x1D';
      i += 4;
    } else if (arg.size() - i >= 4 && arg[i] == '\\' && (arg[i + 1] == 'x' || arg[i + 1] == 'X') &&
               arg[i + 2] == '1' && (arg[i + 3] == 'D' || arg[i + 3] == 'd')) {
      out += '\x1D';
      i += 4;
    } else {
      out += arg[i++];
    }
  }
  return out;
}

Json element_json(const identifiers::Gs1Element& e) {
  Json j;
  j["ai"] = e.ai;
  j["name"] = std::string(e.title);
  j["raw"] = e.raw;
  if (e.date) {
    j["value"] = e.date->iso();
  } else if (e.measure) {
    j["value"] = e.measure->value();
    j["unit"] = std::string(e.measure->unit);
  } else if (e.amount) {
    j["value"] = e.amount->value();
    if (!e.amount->currency.empty()) j["currency"] = e.amount->currency;
  } else if (e.count) {
    j["value"] = *e.count;
  }
  return j;
}

Json scan_json(const std::string& input, const Result<identifiers::Gs1Scan>& r) {
  Json j;
  j["input"] = input;
  if (!r) {
    j["error"] = r.status().reason();
    return j;
  }
  if (r->symbology != identifiers::Gs1Symbology::unknown)
    j["symbology"] = std::string(identifiers::gs1_symbology_name(r->symbology));
  else
    j["symbology"] = nullptr;
  j["form"] = std::string(identifiers::gs1_form_name(r->form));
  Json elements = Json::array();
  for (const auto& e : r->elements) elements.push_back(element_json(e));
  j["elements"] = std::move(elements);
  return j;
}

}  // namespace

void add_gs1_parse_tool(CLI::App& tools) {
  auto scans = std::make_shared<std::vector<std::string>>();
  auto* cmd = tools.add_subcommand(
      "gs1-parse",
      "Parse GS1 scans (element strings with or without an AIM prefix such as ]C1/]d2/]Q3, "
      "\"(01)...(10)...\" text, Digital Link URIs, EAN/UPC digits); prints one JSON object per "
      "scan. Write FNC1/GS as the text \\x1D or <GS>. Exits 2 if any scan failed.");
  cmd->add_option("scans", *scans, "Scanned data, one argument per scan")->required();
  cmd->callback([scans] {
    bool any_failed = false;
    for (const auto& arg : *scans) {
      const auto r = identifiers::parse_gs1(unescape_gs(arg));
      if (!r) any_failed = true;
      // Scans are arbitrary bytes; invalid UTF-8 is replaced rather than thrown on.
      std::cout << scan_json(arg, r).dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
    }
    std::cout.flush();
    if (any_failed) throw CLI::RuntimeError(kExitFailed);
  });
}

}  // namespace jxc::app
