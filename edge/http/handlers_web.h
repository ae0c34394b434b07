#pragma once
// The web app, served from the files built into the binary (web_assets.h):
//   GET /            302 to /app/
//   GET /app         301 to /app/
//   GET /app/        index.html
//   GET /app/{file}  the file, or a 404 problem (a name is looked up in the
//                    table alone: no path ever reaches the file system)
// Without authentication: the files hold no data, the app signs in through
// the API. Each answer carries a strong ETag (If-None-Match gets 304), is
// gzip'd when the request accepts it and a smaller copy exists, and may be
// cached for good when its name carries a hash of its content; index.html,
// sw.js and the manifest are checked with the gateway each time (no-cache),
// and index.html carries the app's Content-Security-Policy. Answered on the
// connection's thread (a QuickHandler): nothing here touches the store. A
// gateway built with -DJXC_WEB=OFF answers /app/ with a 404 problem saying so.

#include "edge/http/router.h"

namespace jxc::http {

void add_web_routes(Router& router);


}  // namespace jxc::http
