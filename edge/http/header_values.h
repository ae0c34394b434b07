#pragma once
// Request header values as RFC 9110 writes them: comma-separated lists whose
// entries carry q-values (Accept-Language, Accept-Encoding), the content
// codings a request accepts, and entity-tag lists (If-None-Match). A header
// sent on several lines is one list: join its values with ", " first. Pure
// code; nothing here throws, a malformed entry only counts for nothing.

#include <string_view>
#include <vector>

namespace jxc::http {

/// `s` without the spaces and tabs around it.
std::string_view trim_ows(std::string_view s);

/// One entry of a list: its value ("gzip", "zh-CN") and its q-value, 1 when
/// none is given, -1 when the q-value is malformed ("q=2", "q=banana").
struct WeightedEntry {
  std::string_view value;
  double q = 1;
};
/// The entries of `header`, in order, empty ones left out.
std::vector<WeightedEntry> weighted_list(std::string_view header);

/// Whether an answer to a request with Accept-Encoding `header` may be
/// gzip'd: gzip (or x-gzip) is listed with a q above 0, or, when neither is
/// listed, "*" is. An empty header accepts no coding.
bool accepts_gzip(std::string_view header);

/// Whether If-None-Match `header` names `etag` (a quoted entity-tag), by the
/// weak comparison the field uses: "*" names every tag, "W/" is ignored.
bool names_etag(std::string_view header, std::string_view etag);

}  // namespace jxc::http
