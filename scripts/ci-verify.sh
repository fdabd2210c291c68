#!/usr/bin/env bash
# Runs locally what .github/workflows/verify.yml runs in CI: the quick tier in $SHARDS shards (sequentially here,
# in parallel there), the merge into one report, and a check that the merged report is complete.
#
# Usage: scripts/ci-verify.sh [SEED]
#   SEED     root seed (argument, or $SEED, default 20250108 as in CI)
#   SHARDS   number of shards (default 3 as in CI)
#   OUT      output root (default reports: shards in $OUT/shard-N, merged report in $OUT/latest)
#   CLAIMS   optional comma-separated claim ids to restrict the run to (default: every quick-tier claim)
# Exit status: 0 when every shard passed and the merged report exists; 1 when a shard failed (the merged report is
# still written, as in CI); 2 on bad arguments or when the merge or the report check fails.
set -euo pipefail
cd "$(dirname "$0")/.."

SEED="${1:-${SEED:-20250108}}"
SHARDS="${SHARDS:-3}"
OUT="${OUT:-reports}"
[[ "$SEED" =~ ^[0-9]+$ ]] || { echo "ci-verify.sh: SEED must be a non-negative integer, got '$SEED'" >&2; exit 2; }
[[ "$SHARDS" =~ ^[1-9][0-9]*$ ]] || { echo "ci-verify.sh: SHARDS must be a positive integer, got '$SHARDS'" >&2; exit 2; }

status=0
dirs=()
for ((i = 1; i <= SHARDS; i++)); do
  dir="$OUT/shard-$i"
  dirs+=("$dir")
  echo "== verify shard $i/$SHARDS (seed $SEED) -> $dir"
  # A failing claim makes verify exit 1; keep going so the merged report shows it (as CI does).
  if ! npm run -s verify -- --tier quick --shard "$i/$SHARDS" --seed "$SEED" --out "$dir" ${CLAIMS:+--claim "$CLAIMS"}; then
    echo "ci-verify.sh: shard $i/$SHARDS did not pass" >&2
    status=1
  fi
  [[ -f "$dir/results.json" ]] || { echo "ci-verify.sh: shard $i/$SHARDS wrote no $dir/results.json" >&2; exit 2; }
done

echo "== merge -> $OUT/latest"
npm run -s cli -- report merge "${dirs[@]}" --out "$OUT/latest" || exit 2

for f in results.json report.md index.html junit.xml; do
  [[ -s "$OUT/latest/$f" ]] || { echo "ci-verify.sh: merged report lacks $OUT/latest/$f" >&2; exit 2; }
done
grep -q '"schema": "clip-theory/results@1"' "$OUT/latest/results.json" || { echo "ci-verify.sh: $OUT/latest/results.json is not a results@1 file" >&2; exit 2; }
echo "== merged report: $OUT/latest/index.html (summary: $OUT/latest/report.md)"
exit "$status"
