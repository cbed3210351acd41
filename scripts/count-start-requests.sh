#!/usr/bin/env bash
# Counts the API requests one `release start` makes, by verb and resource (the simulator's request
# counter, as scripts/bench-release.sh reads it): plans/loan-app.yaml seeded at 1.0, released at 2.0
# up to its first checkpoint (exit 3). Prints the total and one line per "verb resource".
#   scripts/count-start-requests.sh                 (builds and uses .build/debug/tandem)
#   BIN=/path/to/tandem PLAN=plans/other.yaml scripts/count-start-requests.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PLAN=${PLAN:-plans/loan-app.yaml}
BIN=${BIN:-$PWD/.build/debug/tandem}
[[ -n ${BIN_GIVEN:-} ]] || swift build --product tandem >/dev/null || [[ -x $BIN ]] || exit 1
WORK=$(mktemp -d)
trap 'kill "$SIM_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
"$BIN" sim serve --port 0 --ready-delay 0s --kubeconfig-out "$WORK/kubeconfig" > "$WORK/sim.log" 2>&1 &
SIM_PID=$!
for _ in $(seq 100); do grep -qs "serving" "$WORK/sim.log" && break; sleep 0.1; done
export KUBECONFIG=$WORK/kubeconfig TANDEM_DB=$WORK/state.db
metrics() { curl -s "$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')/tandem-sim/metrics"; }
"$BIN" sim seed "$PLAN" --version 1.0 --timeout 5m > "$WORK/seed.log"
metrics > "$WORK/before"
set +e
"$BIN" release start "$PLAN" --version 2.0 --by counter > "$WORK/start.log" 2>&1
code=$?
set -e
[[ $code -eq 3 ]] || { echo "release start exited $code"; tail -20 "$WORK/start.log"; exit 1; }
metrics > "$WORK/after"
python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
before, after = (json.load(open(f"{work}/{name}")) for name in ("before", "after"))
total = after["requests"]["total"] - before["requests"]["total"]
print(f"release start (to the first checkpoint): {total} requests")
b, a = before.get("byResource", {}), after.get("byResource", {})
for key in sorted(a):
    if a[key] - b.get(key, 0):
        print(f"  {key}: {a[key] - b.get(key, 0)}")
PY
