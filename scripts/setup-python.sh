#!/usr/bin/env bash
# Creates .build/python-venv (when missing) with the official Kubernetes Python client, which
# the simulator's conformance test (Tests/Python/sim_conformance.py) drives tandem sim with.
# Idempotent: an existing venv that already imports `kubernetes` is left alone.
# Prints the venv's python path on stdout (everything else goes to stderr).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/python-venv
python=$venv/bin/python
if [ ! -x "$python" ]; then
    echo "setup-python: creating $venv" >&2
    python3 -m venv "$venv" >&2
fi
if ! "$python" -c 'import kubernetes' 2>/dev/null; then
    echo "setup-python: installing the kubernetes client into $venv" >&2
    "$python" -m pip install --quiet --disable-pip-version-check 'kubernetes>=29' >&2
fi
echo "$(pwd)/$python"
