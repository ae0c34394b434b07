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
  -DJXC_SANITIZE=address,undefined -DJXC_BENCHMARKS=OFF >/dev/null
cmake --build build-fuzz -j2 --target "${targets[@]/#/fuzz_}"

failed=()
for t in "${targets[@]}"; do
  work=build-fuzz/work/$t findings=build-fuzz/findings/$t log=build-fuzz/fuzz_$t.log
  rm -rf "$work" "$findings"
  mkdir -p "$work" "$findings"
  if build-fuzz/bin/fuzz_"$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix="$findings/" "$work" "fuzz/corpus/$t" >"$log" 2>&1; then
    echo "fuzz_$t: ok, $(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$') runs in ${seconds} s"
  else
    echo "fuzz_$t: FAILED (log: $log, input: $findings/)"
    tail -n 40 "$log"
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: findings in ${failed[*]}" >&2
  exit 1
fi
