#!/bin/sh
# Benchmark of tandem's Kubernetes client (TandemKube): GET requests per second and watch
# events per second over one async-http-client connection pool, against the simulated
# cluster started in the same process, plus the process's memory. Prints figures only.
#
#   scripts/bench-kube.sh            # release build, HTTP and HTTPS (client certificate)
#   CONFIG=debug scripts/bench-kube.sh
set -eu
cd "$(dirname "$0")/.."
CONFIG="${CONFIG:-release}"
swift build -c "$CONFIG" --product tandem-kube-bench >/dev/null
BIN="$(swift build -c "$CONFIG" --show-bin-path)/tandem-kube-bench"
echo "== plain HTTP =="
"$BIN" --gets "${GETS:-1000}" --events "${EVENTS:-1000}" --concurrency "${CONCURRENCY:-8}"
echo "== HTTPS, client certificate =="
"$BIN" --gets "${GETS:-1000}" --events "${EVENTS:-1000}" --concurrency "${CONCURRENCY:-8}" --tls
