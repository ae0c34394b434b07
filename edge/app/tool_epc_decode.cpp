// `jxc-edge tools epc-decode HEX...`: what a captured EPC means, for an
// integrator checking tags against the item master. One JSON object per line
// so that the output of a long capture can be filtered line by line.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "edge/app/commands.h"
#include "edge/identifiers/epc.h"

namespace jxc::app {
namespace {

using Json = nlohmann::ordered_json;

Json epc_json(const std::string& input, const identifiers::Epc& e) {
  Json j;
  j["input"] = input;
  j["scheme"] = std::string(identifiers::epc_scheme_name(e.scheme));
  j["bits"] = e.bit_length;
  j["hex"] = e.hex;
  if (e.scheme == identifiers::EpcScheme::raw) {
    j["tag_uri"] = e.tag_uri;
    return j;
  }
  j["filter"] = e.filter;
  j["partition"] = e.partition;
  j["company_prefix"] = e.company_prefix;
  switch (e.scheme) {
    case identifiers::EpcScheme::sgtin96:
      j["item_reference"] = e.reference;
      j["serial"] = e.serial;
      break;
    case identifiers::EpcScheme::sscc96:
      j["serial_reference"] = e.reference;
      break;
    case identifiers::EpcScheme::sgln96:
      j["location_reference"] = e.reference;
      j["extension"] = e.serial;
      break;
    case identifiers::EpcScheme::grai96:
      j["asset_type"] = e.reference;
      j["serial"] = e.serial;
      break;
    case identifiers::EpcScheme::giai96:
      j["asset_reference"] = e.serial;
      break;
    case identifiers::EpcScheme::raw:
      break;
  }
  j["id_uri"] = e.id_uri;
  j["tag_uri"] = e.tag_uri;
  j[e.gs1_key_type] = e.gs1_key;
  j["gs1_element_string"] = e.gs1_element_string;
  return j;
}

}  // namespace

void add_epc_decode_tool(CLI::App& tools) {
  auto inputs = std::make_shared<std::vector<std::string>>();
  auto* cmd = tools.add_subcommand("epc-decode", "Decode 96-bit GS1 EPCs (hex) into URIs and GS1 keys");
  cmd->add_option("hex", *inputs, "EPC as hex; quote it when it contains spaces")->required();
  cmd->callback([inputs] {
    bool failed = false;
    for (const auto& input : *inputs) {
      auto r = identifiers::decode_epc_hex(input);
      Json j;
      if (r) {
        j = epc_json(input, *r);
      } else {
        j["input"] = input;
        j["error"] = r.status().reason();
        failed = true;
      }
      std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
    std::cout.flush();
    // Every EPC is reported before failing, so one bad tag in a capture does
    // not hide what the others are.
    if (failed) throw CLI::RuntimeError(2);
  });
}

}  // namespace jxc::app
