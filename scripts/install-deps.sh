#!/usr/bin/env bash
# Installs everything jxc-edge needs to build, test and run, from Debian 12's
# own packages only. Idempotent: a second run changes nothing.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps.sh: run as root (it calls apt-get)" >&2
  exit 1
fi

packages=(
  # toolchain
  build-essential cmake pkg-config clang lld ccache
  # libFuzzer and the sanitizer runtimes for clang (only recommended by clang)
  libclang-rt-14-dev
  # fixed libraries
  libboost-dev libboost-system-dev
  libssl-dev
  # HTTPS robots and SMTP with TLS and AUTH for the alert channels
  libcurl4-openssl-dev
  libsodium-dev
  zlib1g-dev
  libserialport-dev
  libpaho-mqtt-dev libpaho-mqttpp-dev
  libsqlite3-dev sqlite3
  libmodbus-dev
  libspdlog-dev libfmt-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  # helpers
  libtomlplusplus-dev nlohmann-json3-dev libcli11-dev libsystemd-dev
  # time zones from the system's database (the site's local time)
  libhowardhinnant-date-dev
  # reports exported as .xlsx (edge/export)
  libxlsxwriter-dev
  # peers and independent checkers used by tests
  mosquitto mosquitto-clients tshark mbpoll openssl systemd python3
  # the contract test: an independent JSON Schema validator and a YAML parser
  python3-jsonschema python3-yaml
  # an independent .xlsx reader for the export test (edge/export)
  python3-openpyxl
  # a second central system written from docs/contract/ alone (tests/contract)
  python3-paho-mqtt
  # an SMTP server with STARTTLS and AUTH for the alert channel tests
  python3-aiosmtpd
  # the OpenAPI document's validator runs on Node (tests/contract/openapi-check)
  nodejs
  # the .deb: its man page from --help, and Debian's checker (tests/package)
  help2man lintian dpkg-dev
  # the web app's browser tests drive Debian's chromium, headless (web/tests)
  chromium
  # a font with Chinese glyphs, so that the pages' Chinese renders in those
  # tests' screenshots instead of empty boxes
  fonts-noto-cjk
  # the load generator of bench/bench_http_api
  wrk
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Debian's npm, unless the installed nodejs brings its own (a nodejs that
# bundles npm conflicts with Debian's npm package).
command -v npm >/dev/null 2>&1 || missing+=(npm)

# An npm package of the tree, exactly as its package-lock.json pins it; tests
# and builds fetch nothing. Left alone when that tree is already installed.
# Usage: install_node_modules FOLDER WHAT (FOLDER relative to the tree's root)
install_node_modules() {
  local dir what=$2
  dir="$(cd "$(dirname "$0")/.." && pwd)/$1"
  if [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ] &&
     npm ls --prefix "$dir" --all >/dev/null 2>&1; then
    return
  fi
  npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >/dev/null
  echo "install-deps.sh: installed $what in $dir/node_modules"
}
# The OpenAPI validator (tests/contract/openapi-check), and the web app's
# bundler, libraries and browser-test tools (web/; the build embeds the app).
install_all_node_modules() {
  install_node_modules tests/contract/openapi-check "the OpenAPI validator"
  install_node_modules web "the web app's packages"
}

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps.sh: all ${#packages[@]} packages present"
  install_all_node_modules
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer once, without a prompt.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
# The broker is started by tests on loopback ports; the packaged system
# service is not wanted on a build machine.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl disable --now mosquitto >/dev/null 2>&1 || true
fi
echo "install-deps.sh: installed ${missing[*]}"
install_all_node_modules
