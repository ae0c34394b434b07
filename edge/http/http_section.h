#pragma once
// The [http] section's parser: the local HTTP API's listen address, TLS
// files, limits and login policy, config::Http (edge/config/http.h).

#include "edge/config/section.h"

namespace jxc::http {

config::Section http_section();

}  // namespace jxc::http
