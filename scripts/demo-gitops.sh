#!/usr/bin/env bash
# GitOps mode end to end: a bare git repository in a temp folder is the remote Argo CD reads;
# a clone of it holds plans/loan-app-gitops.yaml and the manifests of examples/gitops; the
# simulated cluster (`tandem sim serve`) runs the emulated Argo CD with two Applications that
# sync automatically with prune and self-heal. tandem releases 2.0 through commits: stop at the QA
# checkpoint, approve, resume; then `git log` shows the commits (trailer Tandem-Release), `tandem
# pairs` who calls whom, and every Application ends Synced and Healthy (the script fails otherwise).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
swift build --product tandem >&2
tandem="$root/.build/debug/tandem"
work="$(mktemp -d "${TMPDIR:-/tmp}/tandem-demo-gitops.XXXXXX")"
echo "== working in $work (bare remote, work tree, simulator, release database)"
step() { echo; echo "== $*"; }

step "a bare remote and a work tree holding the plan and the manifests at 1.0"
git init -q --bare -b main "$work/remote.git"
git clone -q "$work/remote.git" "$work/tree" 2>/dev/null
mkdir -p "$work/tree/plans" "$work/tree/examples"
cp plans/loan-app-gitops.yaml "$work/tree/plans/"
cp -r examples/gitops "$work/tree/examples/"
git -C "$work/tree" -c user.name=demo -c user.email=demo@tandem.invalid add -A
git -C "$work/tree" -c user.name=demo -c user.email=demo@tandem.invalid commit -q -m "loan app 1.0"
git -C "$work/tree" push -q origin main
git -C "$work/tree" config user.name "tandem demo"
git -C "$work/tree" config user.email "demo@tandem.invalid"

step "the simulated cluster with the emulated Argo CD (refresh every second)"
"$tandem" sim serve --port 0 --kubeconfig-out "$work/sim.kubeconfig" --ready-delay 300ms --argocd-refresh 1s \
  > "$work/sim.log" 2>&1 &
sim=$!
trap 'kill "$sim" 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q serving "$work/sim.log" 2>/dev/null && break; sleep 0.1; done
export KUBECONFIG="$work/sim.kubeconfig" TANDEM_DB="$work/state.db"
for namespace in legacy argocd; do
  printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n' "$namespace" | kubectl apply -f - >/dev/null
done
for service in backend frontend; do
  kubectl apply -f - >/dev/null <<YAML
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: loan-$service
  namespace: argocd
spec:
  project: default
  source:
    repoURL: file://$work/remote.git
    path: examples/gitops/manifests/$service
    targetRevision: main
  destination:
    server: https://kubernetes.default.svc
    namespace: legacy
  syncPolicy:
    automated:
      prune: true
      selfHeal: true
YAML
done
for _ in $(seq 300); do
  healthy="$(kubectl get rollouts -n legacy -o jsonpath='{range .items[*]}{.status.phase}{" "}{end}' 2>/dev/null || true)"
  [ "$healthy" = "Healthy Healthy " ] && break
  sleep 0.1
done
kubectl get applications -n argocd
kubectl get rollouts -n legacy

cd "$work/tree"
step "start release 2.0 (commits wave by wave, Argo CD syncs each; stops at the checkpoint: exit 3)"
set +e
"$tandem" release start plans/loan-app-gitops.yaml --version 2.0 --by ci-bot
code=$?
set -e
[ "$code" -eq 3 ] || { echo "expected exit 3 at the checkpoint, got $code" >&2; exit 1; }
id="$("$tandem" release list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')"

step "pairing while the new stack is in preview"
"$tandem" pairs plans/loan-app-gitops.yaml

step "alice approves"
"$tandem" approve "$id" --checkpoint qa --by alice --comment "QA passed on the preview stack"

step "resume: promote consumers first (Rollout status patches; git already holds 2.0)"
"$tandem" release resume "$id"

step "git log of the remote"
git -C "$work/remote.git" log --format='%h %s%n%(trailers:key=Tandem-Release,key=Tandem-Wave)' main

step "pairing after the release"
"$tandem" pairs plans/loan-app-gitops.yaml

step "the generated ConfigMaps and pinned Services: the previous revision's were kept by Argo CD (Prune=false) while it ran"
kubectl get configmaps,services -n legacy -l app.kubernetes.io/managed-by=tandem \
  -o custom-columns='KIND:.kind,NAME:.metadata.name,RELEASE:.metadata.annotations.tandem\.dev/release,SYNC-OPTIONS:.metadata.annotations.argocd\.argoproj\.io/sync-options'

step "Argo CD Applications: every one Synced at the release's last commit and Healthy"
kubectl get applications -n argocd
head="$(git -C "$work/remote.git" rev-parse main)"
states="$(kubectl get applications -n argocd -o jsonpath='{range .items[*]}{.metadata.name}={.status.sync.status}/{.status.sync.revision}/{.status.health.status}{" "}{end}')"
echo "$states"
for app in loan-backend loan-frontend; do
  case " $states" in
    *" $app=Synced/$head/Healthy "*) ;;
    *) echo "demo failed: $app is not Synced at $head and Healthy: $states" >&2; exit 1 ;;
  esac
done
echo "every Application Synced at $head and Healthy"
