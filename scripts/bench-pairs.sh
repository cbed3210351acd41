#!/usr/bin/env bash
# Benchmark the pairing report (`tandem pairs`) at the moment it is largest: a generated lockstep plan
# of SERVICES services in DEPTH levels (scripts/gen-plan.py layered), seeded at 1.0 and released to
# 2.0 up to its checkpoint, so every service has two revisions with pods. Prints the wall time of
# `tandem pairs --no-pods` (four list calls per namespace + the report) over RUNS runs, and its rows.
#   scripts/bench-pairs.sh
#   SERVICES=1000 DEPTH=8 RUNS=3 BIN=.build-release/release/tandem BIN_GIVEN=1 scripts/bench-pairs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SERVICES=${SERVICES:-200}
DEPTH=${DEPTH:-6}
RUNS=${RUNS:-5}
BIN=${BIN:-$PWD/.build/debug/tandem}
[[ -n ${BIN_GIVEN:-} ]] || swift build --product tandem >/dev/null
WORK=$(mktemp -d)
trap 'kill "$SIM_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
python3 scripts/gen-plan.py layered "$SERVICES" "$DEPTH" 50 > "$WORK/plan.yaml"
"$BIN" sim serve --port 0 --ready-delay 0.05s --kubeconfig-out "$WORK/kubeconfig" > "$WORK/sim.log" 2>&1 &
SIM_PID=$!
for _ in $(seq 100); do grep -q "serving" "$WORK/sim.log" && break; sleep 0.1; done
export KUBECONFIG=$WORK/kubeconfig TANDEM_DB=$WORK/state.db
kubectl create namespace bench >/dev/null 2>&1 || true
"$BIN" sim seed "$WORK/plan.yaml" --version 1.0 --timeout 10m > "$WORK/seed.log"
set +e
"$BIN" release start "$WORK/plan.yaml" --version 2.0 --by bench > "$WORK/start.log" 2>&1
code=$?
set -e
[[ $code -eq 3 ]] || { echo "release start exited $code"; tail -20 "$WORK/start.log"; exit 1; }
echo "bench-pairs: $SERVICES services, depth $DEPTH, at the checkpoint of a 1.0 -> 2.0 release"
for run in $(seq "$RUNS"); do
  s=$(date +%s.%N)
  "$BIN" pairs "$WORK/plan.yaml" --no-pods --json > "$WORK/pairs.json"
  e=$(date +%s.%N)
  echo "$s $e" >> "$WORK/times"
done
python3 - "$WORK" <<'PY'
import json, statistics, sys
work = sys.argv[1]
times = [float(e) - float(s) for s, e in (line.split() for line in open(f"{work}/times"))]
rows = json.load(open(f"{work}/pairs.json"))["rows"]
verdicts = {}
for row in rows:
    verdicts[row.get("verdict") or "draining"] = verdicts.get(row.get("verdict") or "draining", 0) + 1
print(f"tandem pairs --no-pods: median {statistics.median(times):.3f} s, min {min(times):.3f} s over {len(times)} runs; "
      f"{len(rows)} rows ({', '.join(f'{k} {v}' for k, v in sorted(verdicts.items()))})")
PY
