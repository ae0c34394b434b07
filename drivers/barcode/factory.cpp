#include "drivers/barcode/factory.h"

#include <spdlog/spdlog.h>

#include "drivers/barcode/hid_scanner.h"
#include "drivers/barcode/serial_scanner.h"
#include "edge/config/config.h"
#include "edge/scan/processor.h"

namespace jxc::barcode {
namespace {

// A scan as a person can read it in the journal: GS and other control bytes
// spelt out, long scans cut.
std::string printable(const std::string& raw) {
  std::string out;
  for (unsigned char c : raw) {
    if (out.size() > 120) return out + "...";
    if (c == 0x1D) out += "<GS>";
    else if (c < 0x20 || c >= 0x7F) out += fmt::format("\\x{:02X}", c);
    else out += static_cast<char>(c);
  }
  return out;
}

}  // namespace

devices::DeviceFactory scanner_factory() {
  return [](devices::DeviceContext& ctx) -> Result<std::vector<std::unique_ptr<devices::Device>>> {
    std::vector<std::unique_ptr<devices::Device>> out;
    const auto& cfg = ctx.config.scanners;
    if (cfg.devices.empty()) return out;
    JXC_ASSIGN(std::shared_ptr<scan::ScanProcessor> proc,
               scan::ScanProcessor::open(ctx.engine, ctx.store_path, cfg.labels, ctx.clock, 100, &ctx.health));
    if (ctx.scan_results) proc->also_record_in(ctx.scan_results);
    for (const auto& d : cfg.devices) {
      scan::ScannerSetup setup{d.id, d.mode, d.user};
      // Checked when the configuration was read.
      if (d.receipt_inspection != "none") (void)inventory::parse_inspection(d.receipt_inspection, &setup.receipt_inspection);
      proc->add_scanner(setup);
      // Each device holds the processor, so it lives until the last scanner stops.
      ScanSink sink = [proc, id = d.id](const std::string& raw) {
        auto r = proc->handle(id, raw);
        if (r.accepted) spdlog::debug("scanner {}: {}", id, r.message);
        else spdlog::warn("scanner {}: rejected \"{}\": {}", id, printable(raw), r.message);
        return r.accepted;
      };
      FramerOptions framing;
      framing.suffix = d.suffix;
      framing.gs_substitute = d.gs_substitute;
      if (d.kind == "hid") {
        HidScannerOptions o;
        o.id = d.id;
        o.path = d.path;
        o.framing = framing;
        out.push_back(std::make_unique<HidScanner>(std::move(o), ctx.health, std::move(sink)));
      } else {
        SerialScannerOptions o;
        o.id = d.id;
        o.path = d.path;
        o.serial.baud = static_cast<int>(d.baud);
        o.serial.data_bits = static_cast<int>(d.data_bits);
        o.serial.parity = d.parity == "odd" ? 'O' : d.parity == "even" ? 'E' : 'N';
        o.serial.stop_bits = static_cast<int>(d.stop_bits);
        o.framing = framing;
        o.ack = d.ack;
        o.nak = d.nak;
        out.push_back(std::make_unique<SerialScanner>(std::move(o), ctx.health, std::move(sink)));
      }
    }
    return out;
  };
}

}  // namespace jxc::barcode
