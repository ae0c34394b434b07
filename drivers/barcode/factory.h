#pragma once
// Builds the scanners of [scanners.devices] and the scan processor they
// share (one per gateway: workflows, results, a read connection).

#include "edge/devices/device.h"

namespace jxc::barcode {

devices::DeviceFactory scanner_factory();

}  // namespace jxc::barcode
