#!/usr/bin/env bash
# Installs what the project needs (Debian packages), then, stopping at the
# first failure:
#   1. builds everything with warnings as errors and runs the whole test
#      suite through ctest (build/);
#   2. builds the fuzz targets with clang and runs each for 15 s from its
#      seed corpus (scripts/fuzz.sh, build-fuzz/);
#   3. the whole suite again under AddressSanitizer + UBSan (build-asan/);
#   4. the threaded parts' tests under ThreadSanitizer (build-tsan/)
#      (3 and 4: scripts/sanitize.sh).
# docs/ci.md: what each step costs from an empty ccache on two cores. Each
# step prints how long it took.
set -euo pipefail
cd "$(dirname "$0")/.."

step() {
  local name=$1 start=$SECONDS
  shift
  echo "== $name"
  "$@"
  echo "== $name: $((SECONDS - start)) s"
}

# The build type's optimisation without its debug information: nothing in
# the suite reads it (a failed check names its line itself; the sanitizer
# builds keep line tables for their stack traces), and -g costs a third of
# the compile time. build/ keeps these flags until it is configured again
# (-DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g -DNDEBUG" for a debugger).
plain() {
  cmake -S . -B build -DJXC_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -DNDEBUG"
  cmake --build build -j2
  ctest --test-dir build --output-on-failure -j2 --timeout 600
}

total=$SECONDS
step "install dependencies" bash scripts/install-deps.sh
step "build and test" plain
step "fuzz" bash scripts/fuzz.sh 15
step "AddressSanitizer + UBSan" bash scripts/sanitize.sh asan
step "ThreadSanitizer" bash scripts/sanitize.sh tsan
echo "test.sh: all passed in $((SECONDS - total)) s"
