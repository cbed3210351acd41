"""Drives a running `tandem sim serve` with the official Kubernetes Python client (PyPI
`kubernetes`) and checks the API conventions a real API server follows, so the simulator is
measured by a client nobody on this project wrote.

Usage: python sim_conformance.py KUBECONFIG
Prints one `ok NAME` or `FAIL NAME: detail` line per check and a `N/M checks passed` summary;
exits 1 when any check fails. Run by Tests/TandemSimTests/E2E/PythonClientE2ETests.swift.
"""
import datetime
import json
import sys
import time
import uuid

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException

GROUP, VERSION, PLURAL = "argoproj.io", "v1alpha1", "rollouts"
results = []


def check(name, condition, detail=""):
    results.append((name, bool(condition), detail))


def expect_status(name, code, call):
    try:
        call()
    except ApiException as error:
        check(name, error.status == code, f"got {error.status}: {error.body}")
        return error
    check(name, False, f"expected HTTP {code}, the call succeeded")
    return None


def expect_forbidden(name, call):
    """A write the read-only user may not make: 403 with a Status whose reason is Forbidden."""
    error = expect_status(name, 403, call)
    if error is not None:
        reason = json.loads(error.body or "{}").get("reason")
        check(name + " (reason Forbidden)", reason == "Forbidden", str(error.body))


def wait_for(fetch, done, timeout=30):
    """Polls fetch() until done(value) holds or the timeout passes; returns the last value."""
    deadline = time.time() + timeout
    value = fetch()
    while not done(value) and time.time() < deadline:
        time.sleep(0.2)
        value = fetch()
    return value


def rollout(name, **spec_extra):
    spec = {
        "replicas": 1,
        "selector": {"matchLabels": {"app": name}},
        "template": {"metadata": {"labels": {"app": name}},
                     "spec": {"containers": [{"name": "app", "image": "app:1"}]}},
        "strategy": {"blueGreen": {"activeService": f"{name}-active", "autoPromotionEnabled": False}},
    }
    spec.update(spec_extra)
    return {"apiVersion": f"{GROUP}/{VERSION}", "kind": "Rollout", "metadata": {"name": name}, "spec": spec}


def main(kubeconfig):
    config.load_kube_config(config_file=kubeconfig)
    core, custom = client.CoreV1Api(), client.CustomObjectsApi()
    ns = "py-" + uuid.uuid4().hex[:6]
    core.create_namespace({"metadata": {"name": ns}})

    # Schema: wrong type and missing required field are 422 with causes.
    error = expect_status("rollout with replicas \"two\" is 422", 422, lambda: custom.create_namespaced_custom_object(
        GROUP, VERSION, ns, PLURAL, rollout("bad", replicas="two")))
    check("422 names spec.replicas", error is not None and "spec.replicas" in (error.body or ""))
    no_active = rollout("bg")
    no_active["spec"]["strategy"] = {"blueGreen": {}}
    expect_status("blue-green without activeService is 422", 422, lambda: custom.create_namespaced_custom_object(
        GROUP, VERSION, ns, PLURAL, no_active))

    # Pruning with a Warning header.
    _, status, headers = custom.create_namespaced_custom_object_with_http_info(
        GROUP, VERSION, ns, PLURAL, rollout("web", replicaz=3))
    check("create answers 201", status == 201, str(status))
    check("unknown field reported in a Warning header", 'unknown field \\"spec.replicaz\\"' in (headers.get("Warning") or ""),
          str(headers.get("Warning")))
    stored = custom.get_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, "web")
    check("unknown field pruned", "replicaz" not in stored["spec"], str(stored["spec"].keys()))

    # Custom resources need a resourceVersion on replace.
    replacement = dict(stored)
    replacement["metadata"] = {k: v for k, v in stored["metadata"].items() if k != "resourceVersion"}
    expect_status("replace without resourceVersion is 422", 422, lambda: custom.replace_namespaced_custom_object(
        GROUP, VERSION, ns, PLURAL, "web", replacement))
    moved = dict(stored)
    moved["spec"] = dict(stored["spec"], selector={"matchLabels": {"app": "elsewhere"}})
    expect_status("changing spec.selector is 422", 422, lambda: custom.replace_namespaced_custom_object(
        GROUP, VERSION, ns, PLURAL, "web", moved))

    # dryRun=All persists nothing.
    core.create_namespaced_config_map(ns, {"metadata": {"name": "dry"}}, dry_run="All")
    expect_status("dry-run create stored nothing", 404, lambda: core.read_namespaced_config_map("dry", ns))

    # Service defaults.
    svc = core.create_namespaced_service(ns, {"metadata": {"name": "svc"}, "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}})
    check("service type ClusterIP", svc.spec.type == "ClusterIP", str(svc.spec.type))
    check("service clusterIP allocated", bool(svc.spec.cluster_ip) and svc.spec.cluster_ip != "None", str(svc.spec.cluster_ip))
    check("service sessionAffinity None", svc.spec.session_affinity == "None", str(svc.spec.session_affinity))
    check("port protocol TCP", svc.spec.ports[0].protocol == "TCP", str(svc.spec.ports[0].protocol))
    check("targetPort defaults to port", svc.spec.ports[0].target_port == 80, str(svc.spec.ports[0].target_port))

    # DELETE answers.
    core.create_namespaced_config_map(ns, {"metadata": {"name": "gone"}})
    answer = core.delete_namespaced_config_map("gone", ns)
    # The client returns a V1Status model or, for some versions, the plain dict.
    fields = answer if isinstance(answer, dict) else answer.to_dict()
    check("configmap DELETE answers Status Success", fields.get("kind") == "Status" and fields.get("status") == "Success", str(answer))
    deleted = custom.delete_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, "web")
    check("custom resource DELETE answers Status Success", deleted.get("kind") == "Status" and deleted.get("status") == "Success", str(deleted))

    # Scale subresource.
    custom.create_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, rollout("scaled"))
    scale = custom.get_namespaced_custom_object_scale(GROUP, VERSION, ns, PLURAL, "scaled")
    check("scale reads spec.replicas", scale["spec"]["replicas"] == 1, str(scale))
    custom.patch_namespaced_custom_object_scale(GROUP, VERSION, ns, PLURAL, "scaled", {"spec": {"replicas": 3}})
    check("scale patch writes spec.replicas",
          custom.get_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, "scaled")["spec"]["replicas"] == 3)

    # Field selectors and paging.
    for name in ["a", "b", "c", "d", "e"]:
        core.create_namespaced_config_map(ns, {"metadata": {"name": name, "labels": {"page": "yes"}}})
    names = [cm.metadata.name for cm in core.list_namespaced_config_map(ns, field_selector="metadata.name!=b", label_selector="page=yes").items]
    check("!= field selector", names == ["a", "c", "d", "e"], str(names))
    seen, token, pages = [], None, 0
    while pages < 10:
        page = core.list_namespaced_config_map(ns, label_selector="page=yes", limit=2, _continue=token)
        seen += [cm.metadata.name for cm in page.items]
        pages += 1
        token = page.metadata._continue
        if not token:
            break
    check("limit/continue pages", seen == ["a", "b", "c", "d", "e"] and pages == 3, f"{seen} in {pages} pages")

    # A label-selector watch: DELETED on leaving the selector, ADDED on entering it.
    start = core.list_namespaced_config_map(ns).metadata.resource_version
    core.patch_namespaced_config_map("a", ns, {"metadata": {"labels": {"page": "no"}}})
    core.patch_namespaced_config_map("a", ns, {"metadata": {"labels": {"page": "yes"}}})
    events = [e["type"] for e in watch.Watch().stream(core.list_namespaced_config_map, ns, label_selector="page=yes",
                                                     resource_version=start, timeout_seconds=1)]
    check("selector watch sends DELETED then ADDED", events == ["DELETED", "ADDED"], str(events))

    controller_checks(core, custom, ns)
    analysis_checks(custom, ns)
    read_only_checks(kubeconfig, ns)

    core.delete_namespace(ns)
    for name, passed, detail in results:
        print(f"ok {name}" if passed else f"FAIL {name}: {detail}")
    failed = sum(1 for _, passed, _ in results if not passed)
    print(f"{len(results) - failed}/{len(results)} checks passed")
    return 1 if failed else 0


def controller_checks(core, custom, ns):
    """What the emulated Argo Rollouts controller adds: Events, scale status, selector watches,
    dry-run of custom resources, and `kubectl argo rollouts restart`."""
    core.create_namespaced_service(ns, {"metadata": {"name": "ev-active"},
                                        "spec": {"selector": {"app": "ev"}, "ports": [{"port": 80}]}})
    custom.create_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, rollout("ev"))
    ev = wait_for(lambda: custom.get_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, "ev"),
                  lambda ro: ro.get("status", {}).get("phase") == "Healthy")
    check("rollout becomes Healthy", ev.get("status", {}).get("phase") == "Healthy", str(ev.get("status")))

    events = [e for e in core.list_namespaced_event(ns).items if e.involved_object.name == "ev"]
    reasons = {e.reason for e in events}
    check("Events list the rollout's NewReplicaSetCreated, ScalingReplicaSet, RolloutCompleted",
          {"NewReplicaSetCreated", "ScalingReplicaSet", "RolloutCompleted"} <= reasons, str(reasons))
    uid = ev["metadata"]["uid"]
    check("Events reference the Rollout (kind, uid) from rollouts-controller",
          events and all(e.involved_object.kind == "Rollout" and e.involved_object.uid == uid
                         and e.source.component == "rollouts-controller" for e in events),
          str([(e.involved_object.kind, e.involved_object.uid, e.source.component) for e in events]))

    scale = custom.get_namespaced_custom_object_scale(GROUP, VERSION, ns, PLURAL, "ev")
    check("scale status from the controller (replicas, selector)",
          scale.get("status", {}).get("replicas") == 1 and "app=ev" in scale.get("status", {}).get("selector", ""), str(scale))

    core.create_namespaced_pod(ns, {"metadata": {"name": "other", "labels": {"app": "other"}},
                                    "spec": {"containers": [{"name": "c", "image": "other:1"}]}})
    watched = [e["object"].metadata.labels.get("app") for e in
               watch.Watch().stream(core.list_namespaced_pod, ns, label_selector="app=ev", timeout_seconds=1)]
    check("pod watch with a label selector sends only the selected pods", watched == ["ev"], str(watched))

    body = rollout("dry")
    created = custom.create_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, body, dry_run="All")
    check("dry-run create of a Rollout answers the object", created.get("metadata", {}).get("name") == "dry", str(created))
    expect_status("dry-run create of a Rollout stored nothing", 404,
                  lambda: custom.get_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, "dry"))
    custom.patch_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, "ev", {"spec": {"replicas": 4}}, dry_run="All")
    check("dry-run patch changes nothing",
          custom.get_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, "ev")["spec"]["replicas"] == 1)
    expect_status("patch to replicas \"two\" is 422", 422, lambda: custom.patch_namespaced_custom_object(
        GROUP, VERSION, ns, PLURAL, "ev", {"spec": {"replicas": "two"}}))

    # kubectl argo rollouts restart: spec.restartAt = now; the pods are replaced, then status.restartedAt is set.
    before = {p.metadata.name for p in core.list_namespaced_pod(ns, label_selector="app=ev").items}
    time.sleep(1.1)    # creationTimestamps have one-second resolution
    restart_at = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    custom.patch_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, "ev", {"spec": {"restartAt": restart_at}})
    ev = wait_for(lambda: custom.get_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, "ev"),
                  lambda ro: ro.get("status", {}).get("restartedAt") == restart_at and ro["status"].get("phase") == "Healthy")
    after = {p.metadata.name for p in core.list_namespaced_pod(ns, label_selector="app=ev").items}
    check("restart sets status.restartedAt and ends Healthy",
          ev.get("status", {}).get("restartedAt") == restart_at and ev["status"].get("phase") == "Healthy", str(ev.get("status")))
    check("restart replaced every pod", len(after) == 1 and not (after & before), f"{before} -> {after}")


def analysis_checks(custom, ns):
    """AnalysisTemplates and AnalysisRuns through CustomObjectsApi; the web metric asks the
    simulated pods behind ev-active for their version (image app:1 answers "1")."""
    def metric(condition):
        return {"name": "version", "successCondition": condition,
                "provider": {"web": {"url": f"http://ev-active.{ns}.svc/version", "jsonPath": "{$.version}"}}}

    custom.create_namespaced_custom_object(GROUP, VERSION, ns, "analysistemplates", {
        "apiVersion": f"{GROUP}/{VERSION}", "kind": "AnalysisTemplate", "metadata": {"name": "version"},
        "spec": {"metrics": [metric("result == '1'")]}})
    templates = [t["metadata"]["name"] for t in custom.list_namespaced_custom_object(GROUP, VERSION, ns, "analysistemplates")["items"]]
    check("AnalysisTemplate is listed", templates == ["version"], str(templates))
    for name, condition, expected in [("passes", "result == '1'", "Successful"), ("fails", "result == '2'", "Failed")]:
        custom.create_namespaced_custom_object(GROUP, VERSION, ns, "analysisruns", {
            "apiVersion": f"{GROUP}/{VERSION}", "kind": "AnalysisRun", "metadata": {"name": name},
            "spec": {"metrics": [metric(condition)]}})
        run = wait_for(lambda: custom.get_namespaced_custom_object(GROUP, VERSION, ns, "analysisruns", name),
                       lambda r: r.get("status", {}).get("phase") in ("Successful", "Failed", "Error", "Inconclusive"))
        check(f"AnalysisRun {name} is {expected}", run.get("status", {}).get("phase") == expected, str(run.get("status")))


def read_only_checks(kubeconfig, ns):
    """The read-only context may read; every write verb is 403 Forbidden, also for a missing object
    (authorization runs before the handler looks anything up)."""
    reader = config.new_client_from_config(config_file=kubeconfig, context="tandem-sim-readonly")
    core, custom = client.CoreV1Api(reader), client.CustomObjectsApi(reader)
    check("read-only context may list", [cm.metadata.name for cm in core.list_namespaced_config_map(ns, field_selector="metadata.name=c").items] == ["c"])
    expect_forbidden("read-only create is 403", lambda: core.create_namespaced_config_map(ns, {"metadata": {"name": "ro"}}))
    expect_forbidden("read-only replace is 403", lambda: core.replace_namespaced_config_map("c", ns, {"metadata": {"name": "c"}}))
    expect_forbidden("read-only patch is 403", lambda: core.patch_namespaced_config_map("c", ns, {"data": {"x": "1"}}))
    expect_forbidden("read-only delete is 403", lambda: core.delete_namespaced_config_map("c", ns))
    expect_forbidden("read-only delete of a missing object is 403, not 404", lambda: core.delete_namespaced_config_map("missing", ns))
    expect_forbidden("read-only deletecollection is 403", lambda: core.delete_collection_namespaced_config_map(ns))
    expect_forbidden("read-only Rollout status patch is 403", lambda: custom.patch_namespaced_custom_object_status(
        GROUP, VERSION, ns, PLURAL, "ev", {"status": {"abort": True}}))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
