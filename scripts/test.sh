#!/usr/bin/env bash
# Installs what the project needs (Debian packages), builds everything with
# warnings as errors, and runs the whole test suite through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -DJXC_WERROR=ON
cmake --build build -j2
ctest --test-dir build --output-on-failure -j2 --timeout 600
