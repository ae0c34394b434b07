#pragma once
// The web app's files, built into the binary: web/build.mjs bundles web/src
// into one flat folder, edge/http/embed_web.py turns that folder into the
// table web_assets() returns (a build with -DJXC_WEB=OFF has none).
// handlers_web.h serves them under /app/. The bytes live as long as the
// process; the table never changes, so it may be read from any thread.

#include <span>
#include <string_view>

namespace jxc::http {

struct WebAsset {
  std::string_view name;          // "app-7WOHADYI.js": its name under /app/
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string_view etag;          // of `body`, strong, quotes included: "3f1a9c0d5e7b2468"
  std::string_view gzip_etag;     // of `gzip_body`: "3f1a9c0d5e7b2468-gzip"
  bool immutable = false;         // the name carries a hash of the content
  std::string_view body;
  std::string_view gzip_body;     // the body gzip'd; empty when that is not smaller
  /// A page's inline scripts and style sheets as CSP sources
  /// ("'sha256-...'"), which its policy allows and nothing else inline.
  std::string_view script_hashes;
  std::string_view style_hashes;
};

/// Every file of the app, by name.
std::span<const WebAsset> web_assets();

/// The file named `name` (one segment, already percent-decoded); nullptr
/// when the app has none by that name.
const WebAsset* find_web_asset(std::string_view name);

}  // namespace jxc::http
