#!/usr/bin/env bash
# The test suite under the sanitizers, each in a build folder of its own:
#   asan: every test with AddressSanitizer + UndefinedBehaviorSanitizer
#         (build-asan/);
#   tsan: the tests of threaded parts (the ctest label "tsan") with
#         ThreadSanitizer (build-tsan/); only the targets those tests need
#         are built (tsan-tests).
# A sanitizer finding stops the process that has it, so its test fails.
# scripts/test.sh runs both after the plain suite and the fuzz targets; each
# build and each test run prints how long it took. Run after
# scripts/install-deps.sh.
#
# Usage: scripts/sanitize.sh [asan|tsan]...   (no argument: both)
set -euo pipefail
cd "$(dirname "$0")/.."

timed() {
  local name=$1 start=$SECONDS
  shift
  "$@"
  echo "== $name: $((SECONDS - start)) s"
}

# Sanitizer settings for every process a test starts, the daemon and the
# simulators included. Leaks count as findings (LeakSanitizer, part of ASan).
export ASAN_OPTIONS=detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/scripts/tsan-suppressions.txt"

asan() {
  cmake -S . -B build-asan -DJXC_WERROR=ON -DJXC_SANITIZE=address,undefined -DJXC_BENCHMARKS=OFF -DJXC_UNITY=ON
  timed "build-asan build" cmake --build build-asan -j2
  timed "build-asan ctest" ctest --test-dir build-asan --output-on-failure -j2 --timeout 900
}
tsan() {
  cmake -S . -B build-tsan -DJXC_WERROR=ON -DJXC_SANITIZE=thread -DJXC_BENCHMARKS=OFF -DJXC_UNITY=ON
  timed "build-tsan build" cmake --build build-tsan -j2 --target tsan-tests
  timed "build-tsan ctest" ctest --test-dir build-tsan --output-on-failure -j2 --timeout 900 -L tsan
}

runs=("$@")
[ ${#runs[@]} -eq 0 ] && runs=(asan tsan)
for r in "${runs[@]}"; do
  case $r in
    asan | tsan) "$r" ;;
    *) echo "sanitize.sh: unknown run '$r' (asan or tsan)" >&2; exit 2 ;;
  esac
done
