#!/usr/bin/env bash
# Installs what the project needs (Debian packages), then:
#   1. builds everything with warnings as errors and runs the whole test
#      suite through ctest (build/);
#   2. builds the fuzz targets with clang and runs each for 15 s from its
#      seed corpus (scripts/fuzz.sh, build-fuzz/).
# The suite under AddressSanitizer, UBSan and ThreadSanitizer is
# scripts/sanitize.sh. Each step prints how long it took.
set -euo pipefail
cd "$(dirname "$0")/.."

step() {
  local name=$1 start=$SECONDS
  shift
  echo "== $name"
  "$@"
  echo "== $name: $((SECONDS - start)) s"
}

plain() {
  cmake -S . -B build -DJXC_WERROR=ON
  cmake --build build -j2
  ctest --test-dir build --output-on-failure -j2 --timeout 600
}

total=$SECONDS
step "install dependencies" bash scripts/install-deps.sh
step "build and test" plain
step "fuzz" bash scripts/fuzz.sh 15
echo "test.sh: all passed in $((SECONDS - total)) s"
