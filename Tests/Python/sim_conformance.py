"""Drives a running `tandem sim serve` with the official Kubernetes Python client (PyPI
`kubernetes`) and checks the API conventions a real API server follows, so the simulator is
measured by a client nobody on this project wrote.

Usage: python sim_conformance.py KUBECONFIG
Prints one `ok NAME` or `FAIL NAME: detail` line per check and a `N/M checks passed` summary;
exits 1 when any check fails. Run by Tests/TandemSimTests/E2E/PythonClientE2ETests.swift.
"""
import sys
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

    core.delete_namespace(ns)
    for name, passed, detail in results:
        print(f"ok {name}" if passed else f"FAIL {name}: {detail}")
    failed = sum(1 for _, passed, _ in results if not passed)
    print(f"{len(results) - failed}/{len(results)} checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
