#!/usr/bin/env bash
# Builds the .deb of the gateway (Release, only what the package holds) into
# build-deb/: `bash scripts/package.sh`, then `apt install ./build-deb/jxc-edge_*.deb`.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-deb -DCMAKE_BUILD_TYPE=Release -DJXC_BENCHMARKS=OFF >/dev/null
cmake --build build-deb -j2 --target jxc-edge package-files
(cd build-deb && cpack -G DEB)
ls build-deb/jxc-edge_*.deb
