#pragma once
// The Prometheus text exposition format (version 0.0.4): what node_exporter's
// textfile collector reads and what an HTTP /metrics endpoint serves. Pure
// functions over snapshots; writing the text somewhere is textfile.h's job.

#include <string>
#include <string_view>
#include <vector>

#include "edge/common/status.h"
#include "edge/metrics/registry.h"

namespace jxc::metrics {

/// "# HELP", "# TYPE" and one line per series for every family, in order.
std::string render_prometheus(const std::vector<Family>& families);
inline std::string render_prometheus(const Registry& r) { return render_prometheus(r.snapshot()); }

/// Reads the format back (for tests and tools): every family with its HELP,
/// TYPE and samples. Malformed text (a bad name, label syntax or escape, a
/// value that is not a number, a sample of an undeclared family, a family
/// declared twice) is refused with the line number and the reason.
Result<std::vector<Family>> parse_prometheus(std::string_view text);

/// The value of `name{labels}` in parsed families; nullptr when absent.
const Sample* find_sample(const std::vector<Family>& families, std::string_view name, const Labels& labels = {});

}  // namespace jxc::metrics
