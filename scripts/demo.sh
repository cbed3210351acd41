#!/usr/bin/env bash
# The main job: build tandem and run a real lockstep release of plans/loan-app.yaml on the
# embedded simulated cluster — seed 1.0, release 2.0, stop at the QA checkpoint, approve,
# resume to the end — printing the pairing report (who calls whom) after each stage.
# State lives in a fresh folder (printed at the start), so every run starts clean.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
swift build --product tandem >&2
tandem="$root/.build/debug/tandem"
work="$(mktemp -d "${TMPDIR:-/tmp}/tandem-demo.XXXXXX")"
cp -r plans "$work/"
cd "$work"
echo "== state in $work/.tandem (release database and simulated cluster)"

step() { echo; echo "== $*"; }

step "seed the simulated cluster with loan-app 1.0"
"$tandem" sim seed plans/loan-app.yaml --version 1.0 --sim

step "start release 2.0 (stops at the checkpoint: exit 3)"
set +e
"$tandem" release start plans/loan-app.yaml --version 2.0 --sim --by ci-bot
code=$?
set -e
[ "$code" -eq 3 ] || { echo "expected exit 3 at the checkpoint, got $code" >&2; exit 1; }
id="$("$tandem" release list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')"

step "pairing while the new stack is in preview"
"$tandem" pairs plans/loan-app.yaml --sim

step "alice approves (no cluster access needed)"
"$tandem" approve "$id" --checkpoint qa --by alice --comment "QA passed on the preview stack"

step "resume: promote consumers first, then dependencies"
"$tandem" release resume "$id" --sim

step "pairing after the release"
"$tandem" pairs plans/loan-app.yaml --sim

step "release status"
"$tandem" release status "$id"
