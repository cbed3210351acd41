#!/usr/bin/env bash
# Measures `tandem plan validate` on generated lockstep plans of about 1 MiB and 5 MiB in a
# release build: wall time, user CPU and peak RSS from /usr/bin/time -v (installed with apt
# when missing), best of RUNS runs. Prints figures; the target for 5 MiB is <= 0.4 s, <= 60 MB.
#   scripts/bench-plan-validate.sh [RUNS]        (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}

if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time (/usr/bin/time)" >&2
    apt-get install -y time >&2 || { apt-get update >&2 && apt-get install -y time >&2; }
fi

swift build -c release --scratch-path .build-release --product tandem >&2
bin=.build-release/release/tandem
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# SERVICES EDGES pairs sized so the plans come out at about 1 MiB and 5 MiB.
python3 scripts/gen-plan.py plan 3300 9700 > "$work/1mib.yaml"
python3 scripts/gen-plan.py plan 16500 48500 > "$work/5mib.yaml"

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; binary: $bin; best of $runs"
for plan in 1mib 5mib; do
    file="$work/$plan.yaml"
    best_wall="" best_user="" best_rss=""
    for _ in $(seq "$runs"); do
        status=0
        /usr/bin/time -v -o "$work/time.txt" "$bin" plan validate "$file" > /dev/null 2> "$work/stderr.txt" || status=$?
        if [ "$status" -ne 0 ]; then
            echo "plan validate $plan exited $status:" >&2
            cat "$work/stderr.txt" >&2
            exit 1
        fi
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/time.txt")
        user=$(awk -F': ' '/User time/ { print $2 }' "$work/time.txt")
        rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$work/time.txt")
        if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
            best_wall=$wall best_user=$user best_rss=$rss
        fi
    done
    printf '%-28s %9d bytes  wall %6.3f s  user %6.3f s  peak RSS %7.1f MB\n' \
        "plan validate $plan" "$(wc -c < "$file")" "$best_wall" "$best_user" "$best_rss"
done
