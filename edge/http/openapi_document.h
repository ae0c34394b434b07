#pragma once
// docs/contract/openapi.yaml as JSON, built into the binary
// (embed_openapi.py) and served at GET /api/v1/openapi.json.

#include <string_view>

#include "edge/http/router.h"

namespace jxc::http {

std::string_view openapi_json();

/// GET /api/v1/openapi.json, unauthenticated.
void add_openapi_route(Router& router);

}  // namespace jxc::http
