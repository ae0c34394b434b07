#!/usr/bin/env bash
# soak.sh: a busy warehouse day at ten times its speed through the real daemon,
# for as long as asked (30 minutes by default), watching what must not grow.
#
# The daemon (`jxc-edge run`) gets every kind of input at once, each from the
# simulator that speaks its protocol:
#   - an LLRP reader (jxc-hwsim rfid) with two dock doors: a pass of 48 cases
#     (SGTIN-96 of SKU-1001, 10 reads each) every --pass-s seconds, through the
#     doors in turn, so each door is quiet for one pass between its own (no
#     ASN is expected: each pass is a receipt held for review);
#   - a serial scanner on a pty (jxc-hwsim scanner) in move mode: 2 units from
#     A-01-1 to A-01-2 and back, one scan every --scan-ms;
#   - a Modbus TCP shelf (jxc-hwsim scales): one unit taken and put back every
#     20 s, each an unexplained change (discrepancy, alert);
#   - operator postings through the CLI: a receipt and an issue every 6 s;
#   - MQTT: a mosquitto broker on loopback and the central simulator
#     acknowledging every second.
# A warehouse day of 8 hours with 40 trucks, 400 shipments, 3,000 scans and
# 500 shelf changes is, at ten times its speed, about one pass every 70 s, one
# scan every second and one posting every 7 s; the defaults are above that.
#
# Every 10 s the daemon's resident memory (VmRSS), its peak (VmHWM), open file
# descriptors, threads and the error and warning lines of its log are written
# to soak.csv. The summary compares the end with the moment warm-up ended
# (--warmup-min): memory and descriptors should be flat after it.
#
# Usage: bash bench/soak.sh [--minutes 30] [--warmup-min 5] [--bin build-rel/bin]
#        [--pass-s 5] [--scan-ms 1000] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

minutes=30 warmup=5 bindir="$root/build-rel/bin" pass_s=5 scan_ms=1000 out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=$2; shift 2 ;;
    --warmup-min) warmup=$2; shift 2 ;;
    --bin) bindir=$(cd "$2" && pwd); shift 2 ;;
    --pass-s) pass_s=$2; shift 2 ;;
    --scan-ms) scan_ms=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "soak.sh: unknown option $1" >&2; exit 64 ;;
  esac
done
[ -x "$bindir/jxc-edge" ] && [ -x "$bindir/jxc-hwsim" ] || {
  echo "soak.sh: no jxc-edge/jxc-hwsim in $bindir (build them, or give --bin)" >&2; exit 66; }
command -v mosquitto >/dev/null || { echo "soak.sh: mosquitto is not installed" >&2; exit 66; }

state=${out:-$(mktemp -d /tmp/jxc-soak.XXXXXX)}
mkdir -p "$state"
bin="$bindir/jxc-edge" hwsim="$bindir/jxc-hwsim"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_line() {  # FILE PATTERN SECONDS
  for _ in $(seq $(($3 * 10))); do grep -qE "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "soak.sh: timed out waiting for /$2/ in $1" >&2; cat "$1" >&2; exit 1
}
seconds=$((minutes * 60))

# The broker and the central system.
mqtt_port=$(free_port)
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$mqtt_port" >"$state/mosquitto.conf"
mosquitto -c "$state/mosquitto.conf" >"$state/mosquitto.log" 2>&1 &
pids+=($!)
sleep 0.5

# The reader: passes of 48 cases, outside antenna first (1 -> 2 at door 1, 3 -> 4 at door 2).
cat >"$state/reader.json" <<EOF
{"id": "dock-1", "traffic": {"rate": $((480 / pass_s)), "doors": [[1, 2], [3, 4]],
 "epc_base": "3035A537C800194000000001", "tags_per_pass": 48, "reads_per_tag": 10,
 "rssi": -50, "duration_ms": $((seconds * 1000 + 60000))}}
EOF
"$hwsim" rfid --scenario "$state/reader.json" --port 0 >"$state/reader.log" 2>&1 &
pids+=($!)
wait_line "$state/reader.log" '^listening' 10
reader_port=$(awk '/^listening/ {print $3; exit}' "$state/reader.log")

# The shelf: one unit off and back on every 20 s.
{
  echo "slot 1 0 tuna-id551 grams=1800 unit=45"
  for ((t = 20000; t < seconds * 1000 + 60000; t += 20000)); do
    if (((t / 20000) % 2)); then echo "at $t pick 1 0 1"; else echo "at $t put 1 0 1"; fi
  done
} >"$state/shelf.txt"
"$hwsim" scales --scenario "$state/shelf.txt" >"$state/shelf.log" 2>&1 &
pids+=($!)
wait_line "$state/shelf.log" '^ready' 10
shelf_port=$(sed -n 's/^tcp 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$state/shelf.log" | head -n 1)

# The scanner: moves of 2 units A-01-1 -> A-01-2 and back.
{
  echo "await-open 30000"
  n=$((seconds * 1000 / scan_ms / 8 + 8))
  for ((i = 0; i < n; i++)); do
    for s in LOC-A-01-1 6901234001013 6901234001013 LOC-A-01-2 LOC-A-01-2 6901234001013 6901234001013 LOC-A-01-1; do
      echo "scan $s"; echo "sleep $scan_ms"
    done
  done
} >"$state/scanner.txt"

cat >"$state/gateway.toml" <<EOF
[gateway]
id = "gw-soak"
site = "SITE-SH"
[log]
level = "info"
[store]
path = "$state/jxc-edge.db"
[scales]
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
[[rfid.readers]]
id = "dock-1"
host = "127.0.0.1"
port = $reader_port
[[portal.doors]]
id = "DOOR-1"
location = "RECV"
reader = "dock-1"
outside_antennas = [1]
inside_antennas = [2]
[[portal.doors]]
id = "DOOR-2"
location = "RECV"
reader = "dock-1"
outside_antennas = [3]
inside_antennas = [4]
[scanners.labels]
bin = ["LOC-*"]
[[scanners.devices]]
id = "hand-1"
kind = "serial"
path = "$state/scanner"
mode = "move"
[mqtt]
uri = "tcp://127.0.0.1:$mqtt_port"
EOF

"$bin" init --config "$state/gateway.toml" >/dev/null
"$bin" import locations config/demo/locations.csv --config "$state/gateway.toml" >/dev/null
"$bin" import items config/demo/items.csv --config "$state/gateway.toml" >/dev/null
"$bin" import thresholds config/demo/thresholds.csv --config "$state/gateway.toml" >/dev/null
"$bin" post receipt --to A-01-1 --line SKU-1001:1000 --config "$state/gateway.toml" >/dev/null
"$bin" post receipt --to B-01-1 --line SKU-4001:40 --config "$state/gateway.toml" >/dev/null

"$hwsim" scanner --link "$state/scanner" --script "$state/scanner.txt" --stay >"$state/scanner.log" 2>&1 &
pids+=($!)
"$hwsim" central --broker "tcp://127.0.0.1:$mqtt_port" --site SITE-SH --gateway gw-soak \
  --ack-interval-ms 1000 --summary-interval-ms 60000 >"$state/central.log" 2>&1 &
pids+=($!)
"$bin" run --config "$state/gateway.toml" >"$state/daemon.log" 2>&1 &
daemon=$!
pids+=("$daemon")
wait_line "$state/daemon.log" 'ready: store' 30

# Operator postings.
(
  while kill -0 "$daemon" 2>/dev/null; do
    "$bin" post receipt --to A-01-1 --line SKU-1001:10 --source clerk-1 --config "$state/gateway.toml" >/dev/null || true
    sleep 3
    "$bin" post issue --from A-01-1 --line SKU-1001:10 --source clerk-2 --config "$state/gateway.toml" >/dev/null || true
    sleep 3
  done
) >"$state/postings.log" 2>&1 &
pids+=($!)

field() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$daemon/status"; }
echo "t_s,rss_kb,hwm_kb,fds,threads,error_lines,warning_lines" >"$state/soak.csv"
start=$(date +%s)
while :; do
  now=$(($(date +%s) - start))
  kill -0 "$daemon" 2>/dev/null || { echo "soak.sh: the daemon exited" >&2; tail -n 30 "$state/daemon.log" >&2; exit 1; }
  echo "$now,$(field VmRSS),$(field VmHWM),$(ls "/proc/$daemon/fd" | wc -l),$(field Threads),$(grep -c '\[error\]' "$state/daemon.log" || true),$(grep -c '\[warning\]' "$state/daemon.log" || true)" >>"$state/soak.csv"
  [ "$now" -ge "$seconds" ] && break
  sleep 10
done

kill -TERM "$daemon"
status=0
wait "$daemon" || status=$?
documents=$("$bin" doc list --limit 1000000 --config "$state/gateway.toml" 2>/dev/null | tail -n +2 | wc -l || true)
pending=$("$bin" outbox --json --config "$state/gateway.toml" |
  python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["last_seq"], "events,", d["pending"], "not acknowledged")' || true)
verify=$("$bin" verify --config "$state/gateway.toml" >/dev/null 2>&1 && echo ok || echo FAILED)

python3 - "$state/soak.csv" "$((warmup * 60))" <<'EOF'
import csv, sys
rows = [dict((k, int(v or 0)) for k, v in r.items()) for r in csv.DictReader(open(sys.argv[1]))]
warm = int(sys.argv[2])
w = next((r for r in rows if r["t_s"] >= warm), rows[0])
end = rows[-1]
after = [r for r in rows if r["t_s"] >= w["t_s"]]
print(f"samples {len(rows)} over {end['t_s']} s; warm-up ends at {w['t_s']} s")
print(f"resident memory: {w['rss_kb']/1024:.1f} MB after warm-up, {end['rss_kb']/1024:.1f} MB at the end "
      f"({end['rss_kb']/w['rss_kb']:.3f} x), highest after warm-up {max(r['rss_kb'] for r in after)/1024:.1f} MB, "
      f"peak {end['hwm_kb']/1024:.1f} MB")
print(f"file descriptors: {w['fds']} after warm-up, {end['fds']} at the end, "
      f"{min(r['fds'] for r in after)}-{max(r['fds'] for r in after)} in between; threads {w['threads']} -> {end['threads']}")
print(f"log lines: {end['error_lines']} error, {end['warning_lines']} warning")
EOF
echo "daemon exit status $status; $documents documents in the store; outbox after stop: $pending; verify: $verify"
echo "central: $(tail -n 1 "$state/central.log")"
echo "everything is in $state"
