#!/usr/bin/env bash
# Benchmark a whole lockstep release on the simulated cluster: a generated plan of SERVICES services
# in DEPTH levels (each consumer reads its dependencies' addresses from a ConfigMap), ready delay 1 s.
# Prints wall time of `release start` (to the checkpoint) + `resume` (promotions, GC) against
# - the ideal critical path: DEPTH deploy waits of the ready delay (a promotion starts no pod in the
#   simulator, so its wait is only the controller's reaction);
# - the measured critical path: the longest dependency chain of this run's own step durations
#   (deploy+verify+pin down the chain, promote back up), i.e. what remains when scheduling is perfect;
# - running the services one after another (the sum of all step durations);
# and API requests per service (the simulator's request counter), CPU seconds and peak memory.
#   scripts/bench-release.sh
#   SERVICES=50 DEPTH=3 PARALLEL=8 scripts/bench-release.sh
# With PERF_OUT=DIR, `perf record` (Debian's linux-perf) samples the simulator and both tandem runs into
# DIR/{sim,start,resume}.data (read them with `perf report -i FILE --no-children | swift demangle`).
set -euo pipefail
cd "$(dirname "$0")/.."
SERVICES=${SERVICES:-200}
DEPTH=${DEPTH:-6}
PARALLEL=${PARALLEL:-50}
DELAY=${DELAY:-1}
BIN=${BIN:-$PWD/.build/debug/tandem}
# The client-side rate limit (TANDEM_KUBE_QPS, default 50): 0 here measures tandem itself; set
# KUBE_QPS=50 to see what the default budget costs a release of this size.
export TANDEM_KUBE_QPS=${KUBE_QPS:-0} TANDEM_KUBE_BURST=${KUBE_BURST:-100}
[[ -n ${BIN_GIVEN:-} ]] || swift build --product tandem >/dev/null || { [[ -x $BIN ]] && echo "bench-release: build failed, using the existing $BIN" >&2; } || exit 1
WORK=$(mktemp -d)
trap 'kill "$SIM_PID" 2>/dev/null || true; [[ -n ${KEEP:-} ]] && cp "$WORK"/state.db "$WORK"/*.log "$KEEP"/; rm -rf "$WORK"' EXIT
DEPS_OUT=$WORK/deps.json python3 scripts/gen-plan.py layered "$SERVICES" "$DEPTH" "$PARALLEL" > "$WORK/plan.yaml"
"$BIN" sim serve --port 0 --ready-delay "${DELAY}s" --kubeconfig-out "$WORK/kubeconfig" > "$WORK/sim.log" 2>&1 &
SIM_PID=$!
for _ in $(seq 100); do grep -q "serving" "$WORK/sim.log" && break; sleep 0.1; done
export KUBECONFIG=$WORK/kubeconfig TANDEM_DB=$WORK/state.db
echo "bench-release: $SERVICES services, depth $DEPTH, maxParallel $PARALLEL, ready delay ${DELAY}s, client rate limit ${TANDEM_KUBE_QPS} QPS (0 = none)"
kubectl create namespace bench >/dev/null 2>&1 || true
sim_cpu() { awk '{ print ($14 + $15) / 100 }' "/proc/$SIM_PID/stat"; }
metrics() { curl -s "$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')/tandem-sim/metrics"; }
PERF_START=() PERF_RESUME=()
if [[ -n ${PERF_OUT:-} ]]; then
    mkdir -p "$PERF_OUT"
    PERF_START=(perf record -F 499 -g -o "$PERF_OUT/start.data" --)
    PERF_RESUME=(perf record -F 499 -g -o "$PERF_OUT/resume.data" --)
fi
t0=$(date +%s.%N)
"$BIN" sim seed "$WORK/plan.yaml" --version 1.0 --timeout 10m > "$WORK/seed.log"
t1=$(date +%s.%N)
metrics > "$WORK/metrics-before"; cpu_before=$(sim_cpu)
[[ -z ${PERF_OUT:-} ]] || { perf record -F 499 -g -p "$SIM_PID" -o "$PERF_OUT/sim.data" 2>/dev/null & PERF_SIM=$!; }
set +e
/usr/bin/time -f "%M %U %S" -o "$WORK/time-start" "${PERF_START[@]}" "$BIN" release start "$WORK/plan.yaml" --version 2.0 --by bench > "$WORK/start.log" 2>&1
code=$?
set -e
[[ $code -eq 3 ]] || { echo "release start exited $code"; tail -20 "$WORK/start.log"; exit 1; }
t2=$(date +%s.%N)
ID=$("$BIN" release list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
"$BIN" approve "$ID" --by reviewer >/dev/null
t2b=$(date +%s.%N)
/usr/bin/time -f "%M %U %S" -o "$WORK/time-resume" "${PERF_RESUME[@]}" "$BIN" release resume "$ID" > "$WORK/resume.log" 2>&1 || { tail -20 "$WORK/resume.log"; exit 1; }
t3=$(date +%s.%N)
metrics > "$WORK/metrics-after"; cpu_after=$(sim_cpu)
[[ -z ${PERF_SIM:-} ]] || { kill -INT "$PERF_SIM"; wait "$PERF_SIM" || true; }
"$BIN" release status "$ID" --json > "$WORK/status.json"
python3 - "$WORK" "$t0" "$t1" "$t2" "$t2b" "$t3" "$SERVICES" "$DEPTH" "$DELAY" "$cpu_before" "$cpu_after" <<'PY'
import json, sys
from datetime import datetime
work = sys.argv[1]
t0, t1, t2, t2b, t3 = map(float, sys.argv[2:7])
services, depth, delay = int(sys.argv[7]), int(sys.argv[8]), float(sys.argv[9])
sim_cpu = float(sys.argv[11]) - float(sys.argv[10])
status = json.load(open(f"{work}/status.json"))
deps = json.load(open(f"{work}/deps.json"))
def seconds(step):
    parse = lambda t: datetime.fromisoformat(t.replace("Z", "+00:00")).timestamp()
    return parse(step["finishedAt"]) - parse(step["startedAt"]) if step.get("startedAt") and step.get("finishedAt") else 0.0
took = {}
for step in status["steps"]:
    if step.get("service"):
        phase = "promote" if step["kind"] == "promote" else "deploy"
        took[(step["service"], phase)] = took.get((step["service"], phase), 0.0) + seconds(step)
names = {s for s, _ in took}
consumers = {}
for consumer, ds in deps.items():
    for d in ds: consumers.setdefault(d, []).append(consumer)
memo = {}
def down(s):  # longest deploy chain ending at s (dependencies first)
    if ("d", s) not in memo: memo[("d", s)] = took.get((s, "deploy"), 0) + max([down(d) for d in deps.get(s, [])] or [0])
    return memo[("d", s)]
def up(s):  # longest promote chain ending at s (consumers first)
    if ("u", s) not in memo: memo[("u", s)] = took.get((s, "promote"), 0) + max([up(c) for c in consumers.get(s, [])] or [0])
    return memo[("u", s)]
measured = max(down(s) for s in names) + max(up(s) for s in names)
sequential = sum(took.values())
wall = (t2 - t1) + (t3 - t2b)
metrics_before, metrics_after = json.load(open(f"{work}/metrics-before")), json.load(open(f"{work}/metrics-after"))
before, after = metrics_before["requests"], metrics_after["requests"]
delta = {k: after.get(k, 0) - before.get(k, 0) for k in after}
by_before, by_after = metrics_before.get("byResource", {}), metrics_after.get("byResource", {})
by_resource = {k: by_after[k] - by_before.get(k, 0) for k in by_after if by_after[k] - by_before.get(k, 0)}
tandem = [open(f"{work}/time-{p}").read().split()[-3:] for p in ("start", "resume")]
rss = max(int(t[0]) for t in tandem) / 1024
cpu = sum(float(t[1]) + float(t[2]) for t in tandem)
print(f"release wall time (start to checkpoint + resume to end): {wall:6.1f} s  ({t2 - t1:.1f} + {t3 - t2b:.1f}), {len(status['steps'])} steps")
print(f"ideal critical path ({depth} deploy waits x {delay:g}s):        {depth * delay:6.1f} s  -> wall is {100 * (wall / (depth * delay) - 1):+.0f}%")
print(f"measured critical path (longest chain of this run's steps): {measured:6.1f} s  -> wall is {100 * (wall / measured - 1):+.0f}%")
print(f"one service after another (sum of step durations):         {sequential:6.1f} s")
kinds = ", ".join(f"{k} {v / services:.1f}" for k, v in sorted(delta.items()) if k != "total" and v)
print(f"API requests per service: {delta.get('total', 0) / services:.1f}  ({kinds})")
print("  by verb and resource, per service: " + ", ".join(f"{k} {v / services:.2f}" for k, v in sorted(by_resource.items(), key=lambda kv: -kv[1])))
print(f"CPU: tandem {cpu:.1f} s, simulated cluster {sim_cpu:.1f} s; tandem peak RSS {rss:.1f} MiB")
print(f"seed (not counted): {t1 - t0:.1f} s")
PY
