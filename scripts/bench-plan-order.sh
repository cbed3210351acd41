#!/usr/bin/env bash
# Benchmarks `tandem plan order` on a generated 10,000-service plan (~30,000 edges) and
# `tandem plan validate` on hostile input (a 17 MiB file, a depth bomb, an alias bomb), in a
# release build. Prints wall time and peak memory of each run and whether it met its target.
#   scripts/bench-plan-order.sh [SERVICES] [EDGES]      (defaults 10000 30000)
set -euo pipefail
cd "$(dirname "$0")/.."
services=${1:-10000}
edges=${2:-30000}

swift build -c release --scratch-path .build-release --product tandem >&2
bin=.build-release/release/tandem
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 scripts/gen-plan.py plan "$services" "$edges" > "$work/plan.yaml"
python3 scripts/gen-plan.py big 17 > "$work/big.yaml"
python3 scripts/gen-plan.py depth 100000 > "$work/depth.yaml"
python3 scripts/gen-plan.py aliases 9 > "$work/aliases.yaml"

# measure LABEL MAX_SECONDS MAX_MB EXPECTED_EXIT -- COMMAND...
measure() {
    local label=$1 max_s=$2 max_mb=$3 want=$4
    shift 5
    python3 - "$label" "$max_s" "$max_mb" "$want" "$@" <<'PY'
import resource, subprocess, sys, time
label, max_s, max_mb, want, cmd = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5:]
start = time.perf_counter()
done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
peak_mb = usage.ru_maxrss / 1024
cpu = usage.ru_utime + usage.ru_stime
ok = wall < max_s and peak_mb < max_mb and done.returncode == want
first = done.stderr.decode(errors="replace").splitlines()[:1]
print(f"{label:<44} wall {wall:6.3f} s  cpu {cpu:6.3f} s  peak {peak_mb:7.1f} MB  exit {done.returncode}  "
      f"{'PASS' if ok else 'FAIL'} (< {max_s:g} s, < {max_mb:g} MB, exit {want})"
      + (f"\n    {first[0]}" if first else ""))
sys.exit(0 if ok else 1)
PY
}

plan_bytes=$(wc -c < "$work/plan.yaml")
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "plan: $services services, $edges edges, $plan_bytes bytes; binary: $bin"
status=0
measure "plan order --format json (${services} svc)" 1 200 0 -- "$bin" plan order "$work/plan.yaml" --format json || status=1
measure "plan validate (${services} svc)" 1 200 0 -- "$bin" plan validate "$work/plan.yaml" || status=1
measure "plan validate 17 MiB file" 1 200 2 -- "$bin" plan validate "$work/big.yaml" || status=1
measure "plan validate depth bomb (100,000 levels)" 1 200 2 -- "$bin" plan validate "$work/depth.yaml" || status=1
measure "plan validate alias bomb (10^9 expansion)" 1 200 2 -- "$bin" plan validate "$work/aliases.yaml" || status=1
exit $status
