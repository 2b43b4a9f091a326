#!/usr/bin/env bash
# Regenerates the ensembles behind docs/reproduction.md (issue 11).
#
#   bash scripts/reproduce.sh [OUT]        (default OUT=runs/reproduction)
#
# Four resumable `softspot run` calls, then `softspot figures` per N. Rerun the same
# command after an interruption: finished samples are skipped. On a 2-core machine the
# whole script takes 2–3 h (about 3 CPU-hours: ~25 s per N = 2000 glass, 3–5 min per
# N = 10000 glass). Raw data (OUT/) is not committed; docs/reproduction.* are written
# from it by scripts/reproduction-report.ts.
set -euo pipefail
OUT=${1:-runs/reproduction}
# A relative OUT given is the caller's (resolved before the cd); the default is the repository's.
[ $# -eq 0 ] || case $OUT in /*) ;; *) OUT="$PWD/$OUT" ;; esac
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
softspot() { node bin/softspot.js "$@"; }
log() { echo "[$(date -u +%FT%TZ)] $*"; }

# Fig. S1 validation (finite differences) on a subset: seeds 1–20 (N=2000), 1–4 (N=10000).
log "N=2000 validated subset";   softspot run --samples 20  --n 2000  --seed0 1  --validate --out "$OUT/n2000"  --no-aggregate --quiet
log "N=10000 validated subset";  softspot run --samples 4   --n 10000 --seed0 1  --validate --out "$OUT/n10000" --no-aggregate --quiet
log "N=10000 rest";              softspot run --samples 36  --n 10000 --seed0 5             --out "$OUT/n10000" --no-aggregate --quiet
log "N=2000 rest";               softspot run --samples 180 --n 2000  --seed0 21            --out "$OUT/n2000"  --no-aggregate --quiet
for n in n2000 n10000; do
  log "aggregate $n"; softspot figures "$OUT/$n" --out "$OUT/$n"
done
log "done"
