#!/usr/bin/env bash
# A day in the demo warehouse: build jxc-edge, start a simulated smart shelf
# (a Modbus TCP weight transmitter, jxc-hwsim scales) and the gateway, import
# master data, watch the shelf confirm a putaway and catch an unexplained
# removal, receive a truck against its ASN, put the goods away, pick and ship
# an order, scrap a broken bottle, count zone A, and show what the central
# system will be sent.
#
# Every run starts from a fresh store in ./var/demo (removed first), so the
# figures are the same each time. Usage: bash scripts/demo.sh
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
state="$root/var/demo"
toml="$state/gateway.toml"
bin="$root/build/bin/jxc-edge"
hwsim="$root/build/bin/jxc-hwsim"
daemon_pid=""
shelf_pid=""

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# Shows each command as a person would type it, then runs it on the demo store.
jxc() {
  local special="[[:space:]#'\";&|\$]" shown=() a
  for a in "$@"; do
    if [[ $a =~ $special ]]; then shown+=("'${a//\'/\'\\\'\'}'"); else shown+=("$a"); fi
  done
  printf '$ jxc-edge %s\n' "${shown[*]}"
  "$bin" "$@" --config "$toml"
}

stop_daemon() {
  if [ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null; then
    kill -TERM "$daemon_pid"
    if wait "$daemon_pid"; then echo "gateway stopped"; else echo "gateway exited with status $?"; fi
  fi
  daemon_pid=""
}
stop_shelf() {
  if [ -n "$shelf_pid" ] && kill -0 "$shelf_pid" 2>/dev/null; then
    kill -TERM "$shelf_pid"
    wait "$shelf_pid" 2>/dev/null || true
  fi
  shelf_pid=""
}
# A failing step must not leave the gateway or a simulator running behind the script.
trap 'stop_daemon; stop_shelf' EXIT

# Waits up to $1 seconds for a command to print something matching $2.
wait_for() {
  local seconds=$1 pattern=$2
  shift 2
  for _ in $(seq $((seconds * 5))); do
    if "$@" 2>/dev/null | grep -qE "$pattern"; then return 0; fi
    sleep 0.2
  done
  echo "timed out after ${seconds}s waiting for /$pattern/ from: $*" >&2
  return 1
}

step "Installing build dependencies (Debian 12 packages)"
if [ "$(id -u)" -eq 0 ]; then
  bash scripts/install-deps.sh
elif command -v sudo >/dev/null 2>&1; then
  sudo bash scripts/install-deps.sh
else
  echo "not root and no sudo: skipping scripts/install-deps.sh (run it as root if the build fails)"
fi

step "Building"
cmake -S . -B build
cmake --build build -j2

step "Fresh demo store in $state"
rm -rf "$state"
mkdir -p "$state"

step "A simulated smart shelf: bin B-01-1 on a Modbus TCP weight transmitter"
# One load cell under bin B-01-1, read as a Tuna ID551 transmitter (float kg).
# The script: empty at first; 40 USB-C cables (45 g each) are put on it after
# 6 s, and 3 of them vanish 10 s later without any document.
cat >"$state/shelf.txt" <<EOF
slot 1 0 tuna-id551 grams=0 unit=45
at 6000 put 1 0 40
at 16000 pick 1 0 3
EOF
cat "$state/shelf.txt"
"$hwsim" scales --scenario "$state/shelf.txt" >"$state/shelf.log" 2>&1 &
shelf_pid=$!
wait_for 10 '^ready' cat "$state/shelf.log"
shelf_port=$(sed -n 's/^tcp 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$state/shelf.log" | head -n 1)
echo "shelf transmitter listening on 127.0.0.1:$shelf_port"

cat >"$toml" <<EOF
[gateway]
id = "gw-demo"
site = "SITE-SH"

[log]
level = "info"

[store]
path = "$state/jxc-edge.db"

[scales]
# A weight change the books do not explain within 3 s is a discrepancy.
match_window_s = 3

[[scales.buses]]
id = "shelf-bus-1"
transport = "tcp"
host = "127.0.0.1"
port = $shelf_port
poll_interval_ms = 200

[[scales.slots]]
id = "B-01-1-cables"
bus = "shelf-bus-1"
slave = 1
channel = 0
model = "tuna-id551"
item = "SKU-4001"
bin = "B-01-1"
EOF
cat "$toml"

step "Importing master data: locations, items, stock thresholds"
# Before the daemon starts: the shelf's slot names an item and a bin. The
# commands never create a store; `init` does, where the daemon will look.
jxc init
jxc import locations config/demo/locations.csv
jxc import items config/demo/items.csv
jxc import thresholds config/demo/thresholds.csv

step "Starting the gateway daemon (log: $state/daemon.log)"
"$bin" run --config "$toml" >"$state/daemon.log" 2>&1 &
daemon_pid=$!
# Wait (at most 5 s) until the daemon says it is ready.
for _ in $(seq 50); do
  grep -q "ready: store" "$state/daemon.log" 2>/dev/null && break
  kill -0 "$daemon_pid" 2>/dev/null || { cat "$state/daemon.log"; exit 1; }
  sleep 0.1
done
echo "gateway running, pid $daemon_pid"

step "The shelf: 40 cables put away on B-01-1, booked by a receipt"
jxc post receipt --to B-01-1 --line SKU-4001:40 --source clerk-7
echo "-- waiting for the transmitter to settle at 40 units"
wait_for 30 'B-01-1-cables +SKU-4001 +B-01-1 +40 ' "$bin" weight slots --config "$toml"
jxc weight slots
echo "-- 3 cables leave the shelf with no document, while the books say 40"
wait_for 30 'open' "$bin" weight discrepancies --config "$toml"
jxc weight discrepancies
echo "-- the manager accepts the shelf's count: an adjustment posts the loss"
discrepancy=$("$bin" weight discrepancies --json --config "$toml" | sed -n 's/.*"id": *\([0-9]*\).*/\1/p' | head -n 1)
jxc weight accept "$discrepancy" --by 张经理
jxc stock --location B-01-1

step "A bad spreadsheet is refused whole, with the line of each problem"
printf 'sku,name,gtins\nSKU-9001,好的 fine,\nSKU-9002,"check digit wrong",6901234001014\n' \
  >"$state/bad-items.csv"
jxc import items "$state/bad-items.csv" || echo "(exit code $?: nothing was imported)"

step "Expected receipt (ASN) at dock door 3, and a pick list for a customer"
jxc order add receipt ASN-20240815-01 --ref PO-4500012345 --door DOOR-3 \
  --partner "华东供应链 East China Supply Co." \
  --line SKU-2001:240 --line SKU-3001:24 --line SKU-1001:500
jxc order add pick PL-20240815-07 --ref SO-8800231 --partner "便利店 #7 Corner shop 7" \
  --line SKU-2001:48 --line SKU-1001:100
jxc order list

step "Receiving the truck: one can of formula short, so the ASN closes with an exception"
jxc post receipt --order ASN-20240815-01 --to RECV --close --source DOOR-3 \
  --line SKU-2001:240 --line SKU-3001:23:L240601:2026-06-01 --line SKU-1001:500
jxc order show ASN-20240815-01

step "Putaway: RECV -> A-01-1"
jxc post transfer --from RECV --to A-01-1 --line SKU-2001:240 --line SKU-1001:500 \
  --source forklift-2

step "Picking and shipping against the pick list"
jxc post issue --order PL-20240815-07 --from A-01-1 --line SKU-2001:48 --line SKU-1001:100 \
  --source DOOR-5

step "A refused issue changes nothing: more than is on the shelf"
jxc post issue --from A-01-1 --line SKU-2001:9999 || echo "(exit code $?: nothing was posted)"

step "Scrapping a broken bottle"
jxc post scrap --from A-01-1 --line SKU-2001:1 --reason "破损 broken bottle"

step "Cycle count of zone A (tolerance 0: every variance is recounted)"
count=CNT-20240815-A
jxc count open --number "$count" --location A --by 张经理 --tolerance 0
jxc count enter "$count" --location A-01-1 --counter 李四 --line SKU-2001:190 --line SKU-1001:400
jxc count enter "$count" --location A-01-2 --counter 李四 --empty
jxc count enter "$count" --location A-02-1 --counter 李四 --empty
jxc count enter "$count" --location A-02-2 --counter 李四 --empty
jxc count report "$count"
echo "-- recount of A-01-1 by a second counter confirms the variance"
jxc count enter "$count" --location A-01-1 --counter 王五 --line SKU-2001:190 --line SKU-1001:400
jxc count report "$count"
jxc count approve "$count"

step "Stock"
jxc stock

step "The newest ledger lines"
jxc ledger --limit 12

step "Documents"
jxc doc list

step "Outbox: events waiting for the central system"
jxc outbox --limit 20

step "Invariants: balances equal the ledger, the outbox has no gap"
jxc verify

step "Stopping the gateway and the shelf"
stop_daemon
stop_shelf
tail -n 5 "$state/daemon.log"
echo "demo store kept at $state/jxc-edge.db"
