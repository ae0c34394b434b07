// Stock counts: opened blind, counted by label and by SKU, recounted,
// submitted, reopened and approved; the four-eyes refusal; each refusal the
// document lists.
#include "tests/contract/http_samples.h"

namespace jxc::samples {

void counts(Run& run) {
  const Args clerk_writes = with(run.clerk, {"-H", "X-CSRF-Token: " + run.clerk_csrf});
  const std::string counts = "/api/v1/counts", one = "/api/v1/counts/{number}";
  // The book as the areas before this one left it: the count finds it, after
  // a first round one short of it.
  auto book = [&](const std::string& sku, const std::string& lot) {
    auto r = http::testing::curl(run.base + "/api/v1/stock?sku=" + sku, run.manager);
    for (const auto& b : r.json().value("balances", nlohmann::json::array()))
      if (b.value("location", "") == "A-01" && b.value("lot", "") == lot) return b.value("qty", 0LL);
    die("no " + sku + " in A-01: " + r.body);
  };
  const std::string tea = std::to_string(book("TEA-500", "")), tea_short = std::to_string(book("TEA-500", "") - 1),
                    milk = std::to_string(book("MILK-1", "L1"));

  // Opening: refusals first, then a blind count of zone A.
  run.call("POST", counts, counts, with(run.operator_token, with(kJson, data(R"({"locations":["A"]})"))));
  run.call("POST", counts, counts, with(kJson, data(R"({"locations":["A"]})")));
  run.call("POST", counts, counts, with(run.manager, with(kJson, data(R"({"locations":[]})"))));
  run.call("POST", counts, counts, with(run.manager, with(kJson, data(R"({"locations":["NOWHERE"]})"))));
  run.call("POST", counts, counts, with(run.manager, data(R"({"locations":["A"]})")));
  run.call("POST", counts, counts,
           with(run.manager, with(kJson, data(R"({"locations":["A"],"items":[")" + std::string(2000, 'X') + R"("]})"))));
  auto opened = run.call("POST", counts, counts,
                         with(run.manager, with(kJson, data(R"({"locations":["A"],"blind":true,"tolerance":0})"))));
  if (opened.status != 201) die("opening a count: " + opened.body);
  const std::string number = opened.json().value("number", "");
  const std::string path = counts + "/" + number;
  run.call("POST", counts, counts, with(run.manager, with(kJson, data(R"({"locations":["A-01"]})"))));  // 409

  // Lists and the report: an operator's blind view, a manager's full one.
  run.call("GET", counts, counts, run.clerk);
  run.call("GET", counts, counts + "?state=counting&limit=1", run.clerk);
  run.call("GET", counts, counts + "?state=done", run.clerk);
  run.call("GET", counts, counts, {});

  // Counting: by a scanned label, by SKU and lot; refusals.
  const std::string lines = one + "/lines";
  run.call("POST", lines, path + "/lines",
           with(run.operator_token, with(kJson, data(R"({"bin":"A-01","barcode":"6901234567892","qty":)" + tea_short + "}"))));
  run.call("POST", lines, path + "/lines",
           with(clerk_writes, with(kJson, data(R"({"bin":"A-01","sku":"MILK-1","lot":"L1","qty":)" + milk + "}"))));
  run.call("GET", one, path, run.clerk);
  run.call("GET", one, path, run.manager);
  run.call("GET", one, counts + "/CNT-NOPE", run.clerk);
  run.call("GET", one, path, {});
  run.call("POST", lines, path + "/lines", with(run.operator_token, with(kJson, data(R"({"bin":"A-01","qty":1})"))));
  run.call("POST", lines, path + "/lines",
           with(run.operator_token, with(kJson, data(R"({"bin":"A-01","sku":"NOPE","qty":1})"))));
  run.call("POST", lines, counts + "/CNT-NOPE/lines",
           with(run.operator_token, with(kJson, data(R"({"bin":"A-01","sku":"TEA-500","qty":1})"))));
  run.call("POST", lines, path + "/lines",
           with(run.clerk, with(kJson, data(R"({"bin":"A-01","sku":"TEA-500","qty":1})"))));  // no CSRF token
  run.call("POST", lines, path + "/lines", with(kJson, data(R"({"bin":"A-01","sku":"TEA-500","qty":1})")));
  run.call("POST", lines, path + "/lines", with(run.operator_token, data(R"({"bin":"A-01"})")));
  run.call("POST", lines, path + "/lines",
           with(run.operator_token, with(kJson, data(R"({"bin":"A-01","sku":")" + std::string(2000, 'X') + "\"}"))));

  // A recount of the bin with the variance, and its second round.
  const std::string recount = one + "/recount";
  run.call("POST", recount, path + "/recount", run.operator_token);
  run.call("POST", recount, path + "/recount", {});
  run.call("POST", recount, counts + "/CNT-NOPE/recount", run.manager);
  run.call("POST", recount, path + "/recount", with(run.manager, with(kJson, data(R"({"bins":"A-01"})"))));
  run.call("POST", recount, path + "/recount", with(run.manager, data(R"({"bins":["A-01"]})")));
  run.call("POST", recount, path + "/recount", with(run.manager, with(kJson, data(R"({"bins":["A-01"]})"))));
  run.call("POST", lines, path + "/lines",
           with(run.operator_token, with(kJson, data(R"({"bin":"A-01","sku":"TEA-500","qty":)" + tea + "}"))));
  run.call("POST", lines, path + "/lines",
           with(run.operator_token, with(kJson, data(R"({"bin":"A-01","sku":"MILK-1","lot":"L1","qty":)" + milk + "}"))));
  run.call("POST", recount, path + "/recount", run.manager);  // 409: nothing differs now

  // Submitted, reopened, submitted again, approved.
  const std::string submit = one + "/submit", reopen = one + "/reopen", approve = one + "/approve";
  run.call("POST", approve, path + "/approve", run.manager);  // 409: still counting
  run.call("POST", reopen, path + "/reopen", run.manager);    // 409: not submitted
  run.call("POST", submit, path + "/submit", run.clerk);      // 403: no CSRF token
  run.call("POST", submit, path + "/submit", {});
  run.call("POST", submit, counts + "/CNT-NOPE/submit", run.operator_token);
  run.call("POST", submit, path + "/submit", clerk_writes);
  run.call("POST", submit, path + "/submit", run.operator_token);  // 409: already submitted
  run.call("POST", lines, path + "/lines",
           with(run.operator_token, with(kJson, data(R"({"bin":"A-01","sku":"TEA-500","qty":)" + tea + "}"))));  // 409
  run.call("POST", reopen, path + "/reopen", run.operator_token);
  run.call("POST", reopen, path + "/reopen", {});
  run.call("POST", reopen, counts + "/CNT-NOPE/reopen", run.manager);
  run.call("POST", reopen, path + "/reopen", run.manager);
  run.call("POST", submit, path + "/submit", run.operator_token);
  run.call("POST", approve, path + "/approve", run.operator_token);
  run.call("POST", approve, path + "/approve", {});
  run.call("POST", approve, counts + "/CNT-NOPE/approve", run.manager);
  run.call("POST", approve, path + "/approve", with(run.manager, with(kJson, data(R"({"force":"yes"})"))));
  run.call("POST", approve, path + "/approve", with(run.manager, data(R"({"force":true})")));
  run.call("POST", approve, path + "/approve", run.manager);
  run.call("GET", one, path, run.clerk);  // approved: the book is shown
  run.call("GET", counts, counts + "?state=approved", run.manager);

  // Four-eyes: the manager who counted may not approve; the admin may.
  auto second = run.call("POST", counts, counts,
                         with(run.manager, with(kJson, data(R"({"locations":["A-01"],"items":["TEA-500"]})"))));
  const std::string path2 = counts + "/" + second.json().value("number", "");
  run.call("POST", lines, path2 + "/lines",
           with(run.manager, with(kJson, data(R"({"bin":"A-01","sku":"TEA-500","qty":)" + tea + "}"))));
  run.call("POST", submit, path2 + "/submit", run.manager);
  run.call("POST", approve, path2 + "/approve", run.manager);  // 422 four_eyes
  run.call("POST", approve, path2 + "/approve", run.admin);

  // 盘点准确率 of the counts approved above.
  const std::string accuracy = "/api/v1/reports/count-accuracy",
                    period = accuracy + "?from=2020-01-01&to=2099-12-31";
  run.call("GET", accuracy, period, run.manager);
  run.call("GET", accuracy, period + "&by=zone&sort=-accuracy", run.manager);
  run.call("GET", accuracy, period + "&by=counter&location=W1&limit=1", run.manager);
  run.call("GET", accuracy, period + "&by=month&format=csv&lang=en", run.manager);
  run.call("GET", accuracy, period + "&format=xlsx", run.manager);
  run.call("GET", accuracy, period + "&by=bin", run.manager);
  run.call("GET", accuracy, period + "&location=NOPE", run.manager);
  run.call("GET", accuracy, period, run.clerk);
}

}  // namespace jxc::samples
