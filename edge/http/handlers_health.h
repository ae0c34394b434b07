#pragma once
// /healthz (the process answers), /readyz (store open, devices started) and
// /metrics (the Prometheus text of the gateway's registry and the HTTP
// server's own figures). Unauthenticated: they say nothing about stock and
// are what a load balancer or a Prometheus server on the LAN asks for.

#include "edge/http/api_context.h"
#include "edge/http/router.h"

namespace jxc::http {

void add_health_routes(Router& router, ApiContext& ctx);

}  // namespace jxc::http
