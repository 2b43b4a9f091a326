#!/usr/bin/env bash
# The ensembles of the predictor benchmark (docs/predictors.md "Results", issue 20 part 4):
# the reproduction's seeds with the package defaults, then the report.
#
#   bash scripts/predictors/run.sh [RUNS=runs/pred]
#
# Resumable (softspot run skips finished samples). On 2 idle cores ≈ 20 min for N = 2000
# and ≈ 20 min for N = 10⁴; the report ≈ 2 min. Needs `npm run build` (bin/softspot.js runs dist/).
set -euo pipefail
runs="${1:-runs/pred}"
# A relative RUNS given is the caller's (resolved before the cd); the default is the repository's.
[ $# -eq 0 ] || case $runs in /*) ;; *) runs="$PWD/$runs" ;; esac
cd "$(dirname "$0")/../.."
mkdir -p "$runs"
git rev-parse --short HEAD > "$runs/commit.txt" 2>/dev/null || true
node bin/softspot.js run --samples 200 --n 2000 --seed0 1 --out "$runs/n2000"
node bin/softspot.js run --samples 40 --n 10000 --seed0 1 --out "$runs/n10000"
node --import tsx scripts/predictors/report.ts "$runs" docs
