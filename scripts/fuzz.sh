#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ with clang (AddressSanitizer and
# UndefinedBehaviorSanitizer) in build-fuzz/ and runs each for a fixed time,
# starting from its committed seed corpus in fuzz/corpus/<target>/. A crash,
# a leak, a sanitizer finding or a broken invariant fails the script; the
# input that caused it is kept in build-fuzz/findings/<target>/ (replay it
# with build-fuzz/bin/fuzz_<target> FILE) and belongs in a regression test.
# New inputs the fuzzer finds go to build-fuzz/work/, never into the seeds.
#
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET (15)] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-15}
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(gs1 epc llrp hid modbus config downlink csv document_body http_request)

CXX=clang++ cmake -S . -B build-fuzz -DJXC_WERROR=ON -DJXC_FUZZ=ON \
  -DJXC_SANITIZE=address,undefined -DJXC_BENCHMARKS=OFF -DJXC_UNITY=ON >/dev/null
cmake --build build-fuzz -j2 --target "${targets[@]/#/fuzz_}"

# One target on each of the machine's cores at a time; each writes its
# verdict to build-fuzz/verdict/<target>, printed in the targets' order.
jobs=$(nproc)
run_target() {
  local t=$1
  local work=build-fuzz/work/$t findings=build-fuzz/findings/$t log=build-fuzz/fuzz_$t.log
  local verdict=build-fuzz/verdict/$t
  rm -rf "$work" "$findings"
  mkdir -p "$work" "$findings"
  if build-fuzz/bin/fuzz_"$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix="$findings/" "$work" "fuzz/corpus/$t" >"$log" 2>&1; then
    echo "fuzz_$t: ok, $(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$') runs in ${seconds} s" >"$verdict"
  else
    { echo "fuzz_$t: FAILED (log: $log, input: $findings/)"; tail -n 40 "$log"; } >"$verdict.failed"
  fi
}
rm -rf build-fuzz/verdict
mkdir -p build-fuzz/verdict
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  run_target "$t" &
done
wait

failed=()
for t in "${targets[@]}"; do
  if [ -f "build-fuzz/verdict/$t" ]; then
    cat "build-fuzz/verdict/$t"
  else
    cat "build-fuzz/verdict/$t.failed" 2>/dev/null || echo "fuzz_$t: FAILED (no verdict)"
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: findings in ${failed[*]}" >&2
  exit 1
fi
