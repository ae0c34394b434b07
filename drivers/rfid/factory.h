#pragma once
// Builds one ReaderLink per [[rfid.readers]] entry. The read pipeline that
// receives the reads is passed in (it lives in edge/rfid).

#include <memory>
#include <vector>

#include "edge/devices/device.h"
#include "edge/rfid/reads.h"

namespace jxc::llrp {

Result<std::vector<std::unique_ptr<devices::Device>>> make_llrp_readers(devices::DeviceContext& ctx,
                                                                        rfid::ReadSink& sink);

}  // namespace jxc::llrp
