#pragma once
// The alert page channel messages link to ([alerts] ack_base_url), for a
// person on a phone, in HTML forms rather than the JSON API:
//   GET  /alerts/{id}              the alert, and a sign-in form or the
//                                  acknowledge button; never changes anything
//                                  (mail scanners and chat previews fetch links)
//   POST /alerts/{id}/sign-in      user, password → the session cookie, then
//                                  back to the page (the API's login: lock-out, audit)
//   POST /alerts/{id}/acknowledge  csrf_token → acknowledged as the API's
//                                  POST /api/v1/alerts/{id}/acknowledge does, then back
// Only a manager sees an alert's text or acknowledges it; an acknowledgement
// by session cookie carries the session's CSRF token as a form field.

#include "edge/http/api_context.h"
#include "edge/http/router.h"

namespace jxc::http {

void add_alert_page_routes(Router& router, ApiContext& ctx);

}  // namespace jxc::http
