#!/usr/bin/env bash
# Lockstep canary demo: three canary Rollouts in a chain (frontend → backend → rates) on the
# embedded simulated cluster, released as one group with plans/loan-app-canary.yaml: apply the
# 1.0 world, show the group's steps, release 2.0 — the group steps 20 % → 50 % together and stops
# at the weight:50 checkpoint — print every member's canary step and the canary/stable pairing,
# approve, resume to the end (consumers promoted first), print the pairing again.
# State lives in a fresh folder (printed at the start), so every run starts clean.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
swift build --product tandem >&2
tandem="$root/.build/debug/tandem"
work="$(mktemp -d "${TMPDIR:-/tmp}/tandem-demo-canary.XXXXXX")"
cp -r plans "$work/"
cd "$work"
echo "== state in $work/.tandem (release database and simulated cluster)"

step() { echo; echo "== $*"; }

# One simulator for the whole demo, so kubectl can watch it too.
kubeconfig="$work/sim.kubeconfig"
"$tandem" sim serve --port 0 --kubeconfig-out "$kubeconfig" --ready-delay 300ms > "$work/sim.log" 2>&1 &
sim=$!
trap 'kill $sim 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q serving "$work/sim.log" && break; sleep 0.1; done
export KUBECONFIG="$kubeconfig"
members() {
  kubectl get rollouts -n loan-canary \
    -o custom-columns=ROLLOUT:.metadata.name,STEP:.status.currentStepIndex,PHASE:.status.phase,IMAGE:.spec.template.spec.containers[0].image
}

step "apply the 1.0 world: three canary Rollouts with steps 20 → pause → 50 → pause → 100"
"$tandem" sim apply -f plans/loan-app-canary/
until [ "$(kubectl get rollouts -n loan-canary -o jsonpath='{.items[*].status.phase}')" = "Healthy Healthy Healthy" ]; do sleep 0.2; done
members

step "the program tandem would run (read from the Rollouts: the group's stages)"
"$tandem" plan steps plans/loan-app-canary.yaml --version 2.0 --kubeconfig "$kubeconfig"

step "start release 2.0 (the group stops at weight 50: exit 3)"
set +e
"$tandem" release start plans/loan-app-canary.yaml --version 2.0 --by ci-bot
code=$?
set -e
[ "$code" -eq 3 ] || { echo "expected exit 3 at the checkpoint, got $code" >&2; exit 1; }
id="$("$tandem" release list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')"

step "every member paused at canary step 3 (50 %)"
members

step "pairing at 50 %: canary pods call canary pods (pinned Services), stable pods call stable pods (stableService)"
"$tandem" pairs plans/loan-app-canary.yaml

step "alice approves"
"$tandem" approve "$id" --checkpoint half --by alice --comment "canaries look good at 50 %"

step "resume: full promotion, consumers first"
"$tandem" release resume "$id"
members

step "pairing after the release"
"$tandem" pairs plans/loan-app-canary.yaml
