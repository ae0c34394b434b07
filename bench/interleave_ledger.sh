#!/usr/bin/env bash
# Compares bench_ledger of two builds on a machine whose speed drifts: runs
# them in turn, order rotated each round, and prints each build's mean
# movements/s per row and client count, and the second ÷ the first.
#   bench/interleave_ledger.sh ROUNDS THREADS BUILD_DIR_A BUILD_DIR_B
#   e.g. bench/interleave_ledger.sh 10 8,64,256 /work/brel-base /work/brel-new
set -euo pipefail
rounds=$1 threads=$2
dirs=("$3" "$4")
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for r in $(seq "$rounds"); do
  for j in 0 1; do
    k=$(((j + r) % 2))
    sync
    sleep 1
    "${dirs[$k]}/bin/bench_ledger" --no-baselines --repeat 1 --threads "$threads" 2>/dev/null |
      awk -v b="$k" '$1 == "engine:" { one = ($2 == "1-line"); mv = one ? $11 : $10; gsub(",", "", mv);
        print b, (one ? "1-line" : "10-line"), (one ? $5 : $4), mv }' >>"$out"
  done
done
awk '{ key = $2 " " $3; s[$1, key] += $4; c[$1, key]++; keys[key] = 1 }
  END { for (k in keys) if (c[0, k] && c[1, k])
          printf "%-8s %5s clients  A %9.0f  B %9.0f  B/A %.3f  (n=%d)\n", substr(k, 1, index(k, " ") - 1),
                 substr(k, index(k, " ") + 1), s[0, k] / c[0, k], s[1, k] / c[1, k],
                 (s[1, k] / c[1, k]) / (s[0, k] / c[0, k]), c[0, k] }' "$out" | sort -k1,1 -k2n
