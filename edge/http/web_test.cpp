// The web app through the real server, with curl as the browser: the
// redirects to it, its page with its security policy, its hashed files
// cached for good, gzip as the request accepts it, revalidation by ETag,
// names that are not files, and that none of it asks who is there. Each
// file's ETag is the hash embed_web.py took of the file web/build.mjs wrote,
// so a byte lost in embedding it fails here.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <zlib.h>

#include <map>
#include <set>
#include <regex>

#include "edge/http/test_api.h"
#include "edge/http/web_assets.h"

namespace jxc::http {
namespace {

using testing::curl;
using testing::expect_problem;
using testing::Reply;

// The page's policy around the hashes of its inline script and style sheet.
std::string csp_with(const std::string& script_hash, const std::string& style_hash) {
  return "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-" + script_hash +
         "'; style-src 'self' 'sha256-" + style_hash +
         "'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; worker-src 'self'; "
         "manifest-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
}
constexpr const char* kForever = "public, max-age=31536000, immutable";

// SHA-256 in base64, as a CSP hash source names it.
std::string sha256_base64(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr) != 1) return "<error>";
  unsigned char text[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
  const int n = EVP_EncodeBlock(text, digest, static_cast<int>(size));
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(n));
}

// What lies between `open`'s end and the next `close` in `page`.
std::string between(const std::string& page, const std::string& open, const std::string& close) {
  const auto start = page.find(open);
  if (start == std::string::npos) return "<no " + open + ">";
  const auto from = start + open.size();
  return page.substr(from, page.find(close, from) - from);
}

// The ETag embed_web.py gives `bytes`: the first 16 hex digits of their
// SHA-256, quoted.
std::string etag_of(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr) != 1) return "<error>";
  static const char* const kHex = "0123456789abcdef";
  std::string out = "\"";
  for (int i = 0; i < 8; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out + "\"";
}

// The gzip stream `packed` inflated; "<error>" when it is not one.
std::string gunzip(const std::string& packed) {
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return "<error>";
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  z.avail_in = static_cast<uInt>(packed.size());
  std::string out;
  char buf[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  inflateEnd(&z);
  return rc == Z_STREAM_END && z.avail_in == 0 ? out : "<error>";
}

// How many times header `name` is in the reply's header block.
int header_count(const Reply& r, const std::string& name) {
  const std::regex line("(^|\n)" + name + ":", std::regex::icase);
  return static_cast<int>(std::distance(std::sregex_iterator(r.headers.begin(), r.headers.end(), line),
                                        std::sregex_iterator()));
}

class WebAppTest : public testing::ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (web_assets().empty()) GTEST_SKIP() << "built with -DJXC_WEB=OFF";
    start();
  }
  // The bytes of `name` as built into the binary.
  static std::string built(std::string_view name) {
    const WebAsset* a = find_web_asset(name);
    return a ? std::string(a->body) : "<not built in>";
  }
  // A script of the app with a hashed name (one loaded after the page: the
  // page itself holds the first load).
  std::string script_name() {
    for (const WebAsset& a : web_assets())
      if (a.immutable && a.name.ends_with(".js")) return std::string(a.name);
    return "<no hashed script built in>";
  }
};

TEST_F(WebAppTest, TheRootAndAppWithoutItsSlashLeadToTheApp) {
  auto root = curl(url("/"));
  EXPECT_EQ(root.status, 302) << root.error;
  EXPECT_EQ(root.header("Location"), "/app/");
  EXPECT_TRUE(root.body.empty());
  auto app = curl(url("/app"));
  EXPECT_EQ(app.status, 301);
  EXPECT_EQ(app.header("Location"), "/app/");
  // Followed, as a browser does: the page.
  auto followed = curl(url("/"), {"-L"});
  EXPECT_EQ(followed.status, 200);
  EXPECT_EQ(followed.body, built("index.html"));
}

TEST_F(WebAppTest, ThePageIsIndexHtmlUnderItsPolicyAndCheckedEachTime) {
  auto r = curl(url("/app/"));
  ASSERT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.body, built("index.html"));
  EXPECT_NE(r.body.find("<html"), std::string::npos);
  EXPECT_EQ(r.header("Content-Type"), "text/html; charset=utf-8");
  // The whole first load is in the page; the policy allows exactly its inline script and style sheet.
  const std::string script = between(r.body, "<script type=\"module\">", "</script>");
  const std::string style = between(r.body, "<style>", "</style>");
  EXPECT_GT(script.size(), 1000u);
  EXPECT_EQ(r.header("Content-Security-Policy"), csp_with(sha256_base64(script), sha256_base64(style)));
  EXPECT_EQ(r.header("Cache-Control"), "no-cache");
  EXPECT_EQ(header_count(r, "Cache-Control"), 1) << r.headers;
  EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(header_count(r, "X-Content-Type-Options"), 1) << r.headers;
  EXPECT_EQ(r.header("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(r.header("Vary"), "Accept-Encoding");
  EXPECT_TRUE(std::regex_match(r.header("ETag"), std::regex(R"("[0-9a-f]{16}")"))) << r.header("ETag");
  // The same page by its name.
  EXPECT_EQ(curl(url("/app/index.html")).body, r.body);
  // HEAD (a monitor's check): the same headers, no body.
  auto head = curl(url("/app/"), {"-I"});
  EXPECT_EQ(head.status, 200) << head.error;
  EXPECT_EQ(head.header("Content-Length"), std::to_string(r.body.size()));
  EXPECT_EQ(head.header("ETag"), r.header("ETag"));
  EXPECT_EQ(head.header("Content-Type"), "text/html; charset=utf-8");
}

TEST_F(WebAppTest, TheHashedScriptIsJavascriptCachedForGood) {
  const std::string name = script_name();
  auto r = curl(url("/app/" + name));
  ASSERT_EQ(r.status, 200) << name << r.body;
  EXPECT_EQ(r.body, built(name));
  EXPECT_FALSE(r.body.empty());
  EXPECT_EQ(r.header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(r.header("Cache-Control"), kForever);
  EXPECT_EQ(header_count(r, "Cache-Control"), 1) << r.headers;
  EXPECT_EQ(r.header("Content-Encoding"), "");
  EXPECT_EQ(r.header("Content-Security-Policy"), "") << "the policy is the page's";
  // Files without a hash in their name are checked each time.
  EXPECT_EQ(curl(url("/app/sw.js")).header("Cache-Control"), "no-cache");
  EXPECT_EQ(curl(url("/app/manifest.webmanifest")).header("Cache-Control"), "no-cache");
}

TEST_F(WebAppTest, AcceptingGzipGetsTheScriptGzippedAndItInflatesToThePlainBytes) {
  const std::string name = script_name();
  auto plain = curl(url("/app/" + name));
  auto packed = curl(url("/app/" + name), {"-H", "Accept-Encoding: br;q=1.0, gzip;q=0.8"});
  ASSERT_EQ(packed.status, 200) << packed.error;
  EXPECT_EQ(packed.header("Content-Encoding"), "gzip");
  EXPECT_EQ(packed.header("Vary"), "Accept-Encoding");
  EXPECT_LT(packed.body.size(), plain.body.size());
  EXPECT_EQ(gunzip(packed.body), plain.body);
  // Another representation, another tag.
  EXPECT_NE(packed.header("ETag"), plain.header("ETag"));
  EXPECT_FALSE(packed.header("ETag").empty());
}

TEST_F(WebAppTest, GzipRefusedWithQZeroGetsThePlainBytes) {
  const std::string name = script_name();
  for (const char* accept : {"gzip;q=0", "gzip;q=0.000, deflate", "*;q=0", "identity"}) {
    auto r = curl(url("/app/" + name), {"-H", std::string("Accept-Encoding: ") + accept});
    ASSERT_EQ(r.status, 200) << accept;
    EXPECT_EQ(r.header("Content-Encoding"), "") << accept;
    EXPECT_EQ(r.body, built(name)) << accept;
  }
}

TEST_F(WebAppTest, IfNoneMatchWithTheTagGets304AndNoBody) {
  const std::string name = script_name();
  auto first = curl(url("/app/" + name));
  const std::string etag = first.header("ETag");
  ASSERT_FALSE(etag.empty());
  for (const std::string& given : {etag, "W/" + etag, "\"0000000000000000\", " + etag, std::string("*")}) {
    auto again = curl(url("/app/" + name), {"-H", "If-None-Match: " + given});
    EXPECT_EQ(again.status, 304) << given;
    EXPECT_TRUE(again.body.empty()) << given;
    EXPECT_EQ(again.header("ETag"), etag) << given;
    EXPECT_EQ(again.header("Cache-Control"), kForever) << given;
  }
  auto other = curl(url("/app/" + name), {"-H", "If-None-Match: \"0000000000000000\""});
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(other.body, first.body);
  // The gzip'd copy's tag does not stand for the plain bytes, nor the reverse.
  auto packed = curl(url("/app/" + name), {"-H", "Accept-Encoding: gzip"});
  auto cross = curl(url("/app/" + name), {"-H", "If-None-Match: " + packed.header("ETag")});
  EXPECT_EQ(cross.status, 200);
  auto packed_again = curl(url("/app/" + name),
                           {"-H", "Accept-Encoding: gzip", "-H", "If-None-Match: " + packed.header("ETag")});
  EXPECT_EQ(packed_again.status, 304);
  EXPECT_TRUE(packed_again.body.empty());
}

TEST_F(WebAppTest, AFileTheAppDoesNotHaveIsA404Problem) {
  expect_problem(curl(url("/app/nothing-AAAAAAAA.js")), 404, "not_found");
  expect_problem(curl(url("/app/INDEX.HTML")), 404, "not_found");
  expect_problem(curl(url("/app/sub/index.html")), 404, "not_found");
}

TEST_F(WebAppTest, NamesThatClimbOutOfTheAppNeverReachAFile) {
  // Sent as written (--path-as-is), not tidied by curl first.
  for (const char* path :
       {"/app/../etc/passwd", "/app/..%2f..%2f..%2fetc%2fpasswd", "/app/%2e%2e/%2e%2e/etc/passwd",
        "/app/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/app/%2fetc%2fpasswd", "/app/..%5c..%5cetc%5cpasswd",
        "/app/index.html%00", "/app/./index.html", "/app//index.html", "/app/%2e"}) {
    auto r = curl(url(path), {"--path-as-is"});
    EXPECT_EQ(r.status, 404) << path << " " << r.body;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << path;
    EXPECT_EQ(r.header("Content-Type"), "application/problem+json") << path;
  }
}

TEST_F(WebAppTest, NoSignInIsAskedWhileTheApiStillAsks) {
  add_user("li.wei", inventory::Role::operator_, "correct horse");
  for (const std::string& path : {std::string("/"), std::string("/app"), std::string("/app/"),
                                  "/app/" + script_name(), std::string("/app/sw.js")}) {
    auto r = curl(url(path), {"-H", "Authorization: Bearer jxc_not_a_token"});
    EXPECT_LT(r.status, 400) << path << " " << r.body;
  }
  expect_problem(curl(url("/api/v1/me")), 401, "unauthenticated");
}

TEST_F(WebAppTest, EveryFileIsServedWithTheBytesTheBuildWroteAndItsType) {
  const std::map<std::string, std::string> types = {
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"webmanifest", "application/manifest+json; charset=utf-8"},
      {"svg", "image/svg+xml; charset=utf-8"},
      {"wasm", "application/wasm"},
  };
  std::set<std::string> names;
  for (const WebAsset& a : web_assets()) {
    const std::string name(a.name);
    names.insert(name);
    auto r = curl(url("/app/" + name));
    ASSERT_EQ(r.status, 200) << name;
    // The tag was taken of the file as built; the hash of what is served
    // must be it.
    EXPECT_EQ(etag_of(r.body), r.header("ETag")) << name << ": " << r.body.size() << " bytes served";
    EXPECT_EQ(r.header("ETag"), a.etag) << name;
    auto type = types.find(name.substr(name.rfind('.') + 1));
    if (type != types.end()) {
      EXPECT_EQ(r.header("Content-Type"), type->second) << name;
    }
    if (!a.gzip_body.empty()) {
      auto packed = curl(url("/app/" + name), {"-H", "Accept-Encoding: gzip"});
      EXPECT_EQ(gunzip(packed.body), r.body) << name;
    }
  }
  for (const char* name : {"index.html", "sw.js", "manifest.webmanifest", "icon.svg"})
    EXPECT_EQ(names.count(name), 1u) << name;
}

TEST_F(WebAppTest, TheAppsFilesShareOneMetricsRoute) {
  ASSERT_EQ(curl(url("/app/sw.js")).status, 200);
  ASSERT_EQ(curl(url("/app/" + script_name())).status, 200);
  ASSERT_EQ(curl(url("/app/nothing.js")).status, 404);
  const std::string metrics = curl(url("/metrics")).body;
  auto counted = [&](const std::string& code) {
    const std::string line = "jxc_http_requests_total{code=\"" + code + "\",method=\"GET\",route=\"/app/{file}\"} ";
    const auto at = metrics.find(line);
    if (at == std::string::npos) return std::string("none");
    const auto from = at + line.size();
    return metrics.substr(from, metrics.find('\n', from) - from);
  };
  EXPECT_EQ(counted("200"), "2") << metrics;
  EXPECT_EQ(counted("404"), "1") << metrics;
  EXPECT_EQ(metrics.find("sw.js"), std::string::npos);
}

// Only a gateway built with -DJXC_WEB=OFF runs this one.
class NoWebAppTest : public testing::ApiTest {};

TEST_F(NoWebAppTest, AGatewayBuiltWithoutTheAppSaysSo) {
  if (!web_assets().empty()) GTEST_SKIP() << "built with the web app";
  start();
  expect_problem(curl(url("/app/")), 404, "web_app_not_built");
  expect_problem(curl(url("/app/index.html")), 404, "web_app_not_built");
  EXPECT_EQ(curl(url("/")).status, 302);
}

}  // namespace
}  // namespace jxc::http
