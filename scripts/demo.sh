#!/usr/bin/env bash
# A day in the demo warehouse (the README's first command): installs what
# running needs, builds the gateway and the simulators only, and runs
# scripts/demo_day.py: a local mosquitto, the central system, two dock doors
# with LLRP readers started by a light beam, a forklift reader, a serial
# scanner, a Modbus shelf, a webhook receiver for the alerts and `jxc-edge
# run` on a demo configuration, through a scripted day (the story is printed
# as it happens, then a summary, then the day is checked).
#
# Every run starts from a fresh store in ./var/demo (removed first), so the
# figures are the same each time; the store and every log stay there
# afterwards. Usage: bash scripts/demo.sh
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
state="$root/var/demo"
bin="$root/build/bin/jxc-edge"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Installing dependencies (Debian 12 packages)"
if [ "$(id -u)" -eq 0 ]; then
  bash scripts/install-deps.sh
elif command -v sudo >/dev/null 2>&1; then
  sudo bash scripts/install-deps.sh
else
  echo "not root and no sudo: skipping scripts/install-deps.sh (run it as root if the build fails)"
fi

step "Building the gateway and the simulators"
cmake -S . -B build
cmake --build build -j2 --target jxc-edge jxc-hwsim

step "The warehouse day"
# Debian's python3: the one scripts/install-deps.sh gives paho-mqtt and jsonschema.
status=0
/usr/bin/python3 scripts/demo_day.py --bin-dir "$root/build/bin" --keep "$state" || status=$?

if [ -f "$state/gateway.toml" ] && [ -f "$state/jxc-edge.db" ]; then
  step "The books at the end of the day, as the operator CLI shows them"
  for args in "stock" "doc list" "ledger --limit 8" "alerts list" "verify"; do
    printf '\n$ jxc-edge %s\n' "$args"
    # shellcheck disable=SC2086  # the arguments are split on purpose
    "$bin" $args --config "$state/gateway.toml" || status=$?
  done
  echo
  echo "store, configuration and logs kept in $state"
fi
exit "$status"
