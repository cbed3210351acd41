#!/usr/bin/env bash
# The README's test command: installs what the tests need when it is missing (the same list
# .ci/run relied on), then runs the whole suite. Works on a fresh machine by itself.
#   scripts/test.sh [--require-browser] [swift test arguments…]
#   scripts/test.sh --install-only       only install what is missing (.ci/run does this before building)
# The dashboard's browser test must run (a missing chromium fails it instead of skipping it)
# when CI=true or with --require-browser; its screenshots are kept in .build/test-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."

install_only=false
if [ "${1:-}" = "--install-only" ]; then
  install_only=true
  shift
fi
if [ "${1:-}" = "--require-browser" ]; then
  export TANDEM_REQUIRE_BROWSER=1
  shift
elif [ "${CI:-}" = "true" ]; then
  export TANDEM_REQUIRE_BROWSER=1
fi

need_apt=()
command -v dot >/dev/null 2>&1 || need_apt+=(graphviz)                 # the graph tests render with dot
[ -f /usr/include/sqlite3.h ] || need_apt+=(libsqlite3-dev)
[ -f /usr/include/openssl/ssl.h ] || need_apt+=(libssl-dev)
command -v sqlite3 >/dev/null 2>&1 || need_apt+=(sqlite3)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)           # the dashboard's browser test (headless)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test: installing ${need_apt[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
command -v kubectl >/dev/null 2>&1 || {
  echo "test: kubectl is required (the kubeconfig and kubectl-plugin tests run the real kubectl); install it and run again" >&2
  exit 1
}

# kubectl is there now: the suites that use it as an oracle must fail, not switch themselves off.
export TANDEM_REQUIRE_KUBECTL=1

$install_only && exit 0

# Another part of the suite (a Python client test) prepares its interpreter here when it exists.
if [ -x scripts/setup-python.sh ]; then scripts/setup-python.sh; fi

# The full log goes to .build/test-artifacts/test.log; a run that fails ends with the list of the
# tests that recorded an issue, so the last lines of a CI log name what failed.
mkdir -p .build/test-artifacts
log=.build/test-artifacts/test.log
status=0
swift test --no-parallel "$@" 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
  echo "test: failed (exit $status); the tests that recorded an issue:"
  grep -E '^\S*✘ ' "$log" | grep -v '^\S*✘ Test run with' | head -40 || echo "test: (none recorded: the test process itself ended early; see $log)"
fi
exit "$status"
