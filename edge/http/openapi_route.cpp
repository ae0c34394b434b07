#include "edge/http/openapi_document.h"

namespace jxc::http {

void add_openapi_route(Router& router) {
  router.add(beast_http::verb::get, "/api/v1/openapi.json", [](Request&) {
    Response r;
    r.body = std::string(openapi_json());
    return r;
  });
}

}  // namespace jxc::http
