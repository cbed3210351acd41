#!/usr/bin/env bash
# Benchmark a whole lockstep release on the simulated cluster: a generated plan of SERVICES services
# in DEPTH levels (each consumer reads its dependencies' addresses from a ConfigMap), ready delay 1 s.
# Prints wall time of `release start` (to the checkpoint) + `resume` (promotions, GC) against the
# critical path (2 x DEPTH waves x ready delay) and a sequential run (2 x SERVICES x ready delay),
# and tandem's peak memory.
#   scripts/bench-release.sh
#   SERVICES=50 DEPTH=3 PARALLEL=8 scripts/bench-release.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SERVICES=${SERVICES:-200}
DEPTH=${DEPTH:-6}
PARALLEL=${PARALLEL:-50}
DELAY=${DELAY:-1}
BIN=$PWD/.build/debug/tandem
swift build --product tandem >/dev/null || { [[ -x $BIN ]] && echo "bench-release: build failed, using the existing $BIN" >&2; } || exit 1
WORK=$(mktemp -d)
trap 'kill "$SIM_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
python3 - "$SERVICES" "$DEPTH" "$PARALLEL" > "$WORK/plan.yaml" <<'PY'
import random, sys
services, depth, parallel = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(7)
levels = [[] for _ in range(depth)]
for i in range(services):
    levels[i * depth // services].append(i)
out = ["apiVersion: tandem/v1alpha1", "kind: ReleasePlan", "metadata:", "  name: bench", "spec:",
       "  namespace: bench", "  coupling: lockstep", "  pairing: revision", f"  maxParallel: {parallel}", "  services:"]
for level, members in enumerate(levels):
    for i in members:
        out += [f"    - name: svc-{i}", f"      image: registry.example.com/bench/svc-{i}"]
        if level > 0:
            deps = rng.sample(levels[level - 1], min(2, len(levels[level - 1])))
            out.append("      dependsOn:")
            for d in sorted(deps):
                out += [f"        - service: svc-{d}", f"          configMap: svc-{i}-settings", f"          key: SVC_{d}_HOST"]
out += ["  checkpoints:", "    - name: go", "      after: deploy"]
print("\n".join(out))
PY
"$BIN" sim serve --port 0 --ready-delay "${DELAY}s" --kubeconfig-out "$WORK/kubeconfig" > "$WORK/sim.log" 2>&1 &
SIM_PID=$!
for _ in $(seq 100); do grep -q "serving" "$WORK/sim.log" && break; sleep 0.1; done
export KUBECONFIG=$WORK/kubeconfig TANDEM_DB=$WORK/state.db
echo "bench-release: $SERVICES services, depth $DEPTH, maxParallel $PARALLEL, ready delay ${DELAY}s"
kubectl create namespace bench >/dev/null 2>&1 || true
t0=$(date +%s.%N)
"$BIN" sim seed "$WORK/plan.yaml" --version 1.0 --timeout 10m > "$WORK/seed.log"
t1=$(date +%s.%N)
set +e
/usr/bin/time -f "%M" -o "$WORK/rss-start" "$BIN" release start "$WORK/plan.yaml" --version 2.0 --by bench > "$WORK/start.log" 2>&1
code=$?
set -e
[[ $code -eq 3 ]] || { echo "release start exited $code"; tail -20 "$WORK/start.log"; exit 1; }
t2=$(date +%s.%N)
ID=$("$BIN" release list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
"$BIN" approve "$ID" --by reviewer >/dev/null
/usr/bin/time -f "%M" -o "$WORK/rss-resume" "$BIN" release resume "$ID" > "$WORK/resume.log" 2>&1 || { tail -20 "$WORK/resume.log"; exit 1; }
t3=$(date +%s.%N)
steps=$("$BIN" release status "$ID" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["steps"]))')
python3 - "$t0" "$t1" "$t2" "$t3" "$SERVICES" "$DEPTH" "$DELAY" "$steps" "$(tail -n 1 "$WORK/rss-start")" "$(tail -n 1 "$WORK/rss-resume")" <<'PY'
import sys
t0, t1, t2, t3 = map(float, sys.argv[1:5])
services, depth, delay, steps = int(sys.argv[5]), int(sys.argv[6]), float(sys.argv[7]), int(sys.argv[8])
rss = max(int(sys.argv[9]), int(sys.argv[10]))
print(f"seed (not counted):          {t1 - t0:7.1f} s")
print(f"deploy+verify+pin to checkpoint: {t2 - t1:7.1f} s")
print(f"promote+GC after approval:   {t3 - t2:7.1f} s")
print(f"release wall time:           {t3 - t1:7.1f} s for {steps} steps")
print(f"critical path (2 x {depth} waves x {delay:g}s ready delay): {2 * depth * delay:7.1f} s")
print(f"sequential (2 x {services} services x {delay:g}s):      {2 * services * delay:7.1f} s")
print(f"tandem peak RSS:             {rss / 1024:7.1f} MiB")
PY
