#!/usr/bin/env bash
# Benchmark the simulated cluster: 500 blue/green Rollouts, one template change each, 10 concurrent
# watchers. Prints time until all are Paused, requests per second and the simulator's peak memory.
#   scripts/bench-sim.sh            # debug build (.build/debug/tandem)
#   BUILD=release scripts/bench-sim.sh   # release build in .build-release (slow to build on 2 cores)
#   COUNT=200 WATCHERS=5 scripts/bench-sim.sh
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-500}
WATCHERS=${WATCHERS:-10}
BUILD=${BUILD:-debug}
if [[ "$BUILD" == release ]]; then
  BIN=.build-release/release/tandem
  swift build -c release --scratch-path .build-release --product tandem >/dev/null \
    || { [[ -x $BIN ]] && echo "bench-sim: build failed, using the existing $BIN" >&2; } || exit 1
else
  BIN=.build/debug/tandem
  swift build --product tandem >/dev/null \
    || { [[ -x $BIN ]] && echo "bench-sim: build failed, using the existing $BIN" >&2; } || exit 1
fi
WORK=$(mktemp -d)
trap 'kill "$SIM_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
"$BIN" sim serve --port 0 --ready-delay 1s --kubeconfig-out "$WORK/kubeconfig" > "$WORK/sim.log" 2>&1 &
SIM_PID=$!
for _ in $(seq 100); do grep -q "serving" "$WORK/sim.log" && break; sleep 0.1; done
PORT=$(grep -o 'serving http://127.0.0.1:[0-9]*' "$WORK/sim.log" | sed 's/.*://')
echo "bench-sim: $BUILD build, $COUNT Rollouts (1 replica each), $WATCHERS watchers, port $PORT"
python3 scripts/bench-sim-client.py "$PORT" "$COUNT" "$WATCHERS" "$SIM_PID"
