import Foundation
import Testing
import TandemKubeModel
@testable import TandemSim

/// The pure rules of the emulated Argo CD: Rollout health (health.lua), comparison, apply, spec parsing.
@Suite("Simulated Argo CD: rules")
struct ArgoCDRulesTests {
    static func rollout(generation: Int = 1, status: JSON, spec: JSON = ["replicas": 2, "strategy": ["blueGreen": ["activeService": "a"]]]) -> JSON {
        ["metadata": ["name": "r", "generation": .int(generation)], "spec": spec, "status": status]
    }

    @Test("Rollout health follows health.lua: unobserved spec Progressing, phase Paused → Suspended, other phases surfaced")
    func rolloutHealthFromPhase() {
        #expect(ResourceHealth.rollout(Self.rollout(status: .null)).status == .progressing)
        let stale = ResourceHealth.rollout(Self.rollout(generation: 3, status: ["observedGeneration": "2", "phase": "Healthy"]))
        #expect(stale == ResourceHealth(status: .progressing, message: "Waiting for rollout spec update to be observed"))
        #expect(ResourceHealth.rollout(Self.rollout(status: ["observedGeneration": "1", "phase": "Paused", "message": "BlueGreenPause"]))
            == ResourceHealth(status: .suspended, message: "BlueGreenPause"))
        #expect(ResourceHealth.rollout(Self.rollout(status: ["observedGeneration": "1", "phase": "Degraded", "message": "RolloutAborted: x"])).status == .degraded)
        #expect(ResourceHealth.rollout(Self.rollout(status: ["observedGeneration": "1", "phase": "Healthy"])).status == .healthy)
    }

    @Test("Rollout health without a phase: conditions, pause, replicas and the blue-green cutover decide")
    func rolloutHealthWithoutPhase() {
        let aborted = Self.rollout(status: ["conditions": [["type": "Progressing", "reason": "RolloutAborted", "message": "aborted"]]])
        #expect(ResourceHealth.rollout(aborted) == ResourceHealth(status: .degraded, message: "aborted"))
        let paused = Self.rollout(status: ["pauseConditions": [["reason": "BlueGreenPause"]], "currentPodHash": "h"])
        #expect(ResourceHealth.rollout(paused) == ResourceHealth(status: .suspended, message: "Rollout is paused"))
        let specPaused = Self.rollout(status: ["currentPodHash": "h"], spec: ["paused": true, "strategy": ["canary": [:]]])
        #expect(ResourceHealth.rollout(specPaused).status == .suspended)
        let scaling = Self.rollout(status: ["currentPodHash": "h", "replicas": 2, "updatedReplicas": 1, "availableReplicas": 1])
        #expect(ResourceHealth.rollout(scaling).message == "Waiting for roll out to finish: More replicas need to be updated")
        let cutover = Self.rollout(status: ["currentPodHash": "h", "replicas": 2, "updatedReplicas": 2, "availableReplicas": 2,
                                            "blueGreen": ["activeSelector": "old"]])
        #expect(ResourceHealth.rollout(cutover) == ResourceHealth(status: .progressing, message: "active service cutover pending"))
        let done = Self.rollout(status: ["currentPodHash": "h", "stableRS": "h", "replicas": 2, "updatedReplicas": 2, "availableReplicas": 2,
                                         "blueGreen": ["activeSelector": "h"]])
        #expect(ResourceHealth.rollout(done).status == .healthy)
        let canarySteps = Self.rollout(status: ["currentPodHash": "h", "stableRS": "old", "replicas": 2, "updatedReplicas": 2, "availableReplicas": 2],
                                       spec: ["replicas": 2, "strategy": ["canary": ["steps": []]]])
        #expect(ResourceHealth.rollout(canarySteps).message == "Waiting for rollout to finish steps")
    }

    @Test("the application is as healthy as its worst resource; ConfigMaps have no health; absent objects are Missing")
    func applicationHealthOrder() {
        #expect([ResourceHealth.Status.healthy, .degraded, .suspended, .progressing, .missing].max() == .degraded)
        #expect([ResourceHealth.Status.healthy, .suspended].max() == .suspended)
        #expect([ResourceHealth.Status.suspended, .progressing].max() == .progressing)
        #expect(ResourceHealth.assess(.configMaps, ["data": [:]]) == nil)
        #expect(ResourceHealth.assess(.services, ["spec": ["type": "LoadBalancer"]])?.status == .progressing)
        #expect(ResourceHealth.assess(.services, ["spec": ["type": "ClusterIP"]])?.status == .healthy)
    }

    @Test("comparison ignores server-set fields and status, but sees every field the manifest sets")
    func comparisonIgnoresServerFields() {
        let desired: JSON = ["apiVersion": "v1", "kind": "Service", "metadata": ["name": "s", "namespace": "shop", "labels": ["a": "b"]],
                             "spec": ["ports": [["port": 80]], "selector": ["app": "x"]]]
        var live = desired
        live[path: ["metadata", "uid"]] = "u"
        live[path: ["metadata", "resourceVersion"]] = "9"
        live[path: ["spec", "clusterIP"]] = "10.96.0.9"
        live[path: ["spec", "ports"]] = [["port": 80, "protocol": "TCP", "targetPort": 80]]
        live["status"] = ["loadBalancer": [:]]
        #expect(LiveState.inSync(desired: desired, live: live))
        var drifted = live
        drifted[path: ["spec", "selector", "app"]] = "y"
        #expect(!LiveState.inSync(desired: desired, live: drifted))
        var relabeled = live
        relabeled[path: ["metadata", "labels"]] = ["a": "c"]
        #expect(!LiveState.inSync(desired: desired, live: relabeled))
        var extraPort = live
        extraPort[path: ["spec", "ports"]] = [["port": 80], ["port": 81]]
        #expect(!LiveState.inSync(desired: desired, live: extraPort))
    }

    @Test("apply replaces what the manifest sets, keeps server fields and status, and drops fields the last apply set")
    func applyLikeKubectl() {
        let first: JSON = ["kind": "ConfigMap", "metadata": ["name": "c", "annotations": ["x": "1"]], "data": ["A": "1", "B": "2"]]
        var live = LiveState.created(first)
        live[path: ["metadata", "uid"]] = "u"
        live[path: ["data", "C"]] = "someone else's"
        let second: JSON = ["kind": "ConfigMap", "metadata": ["name": "c"], "data": ["A": "9"]]
        let applied = LiveState.applied(second, over: live)
        #expect(applied["data"] == ["A": "9", "C": "someone else's"])
        #expect(applied["metadata"]["uid"] == "u")
        #expect(applied["metadata"]["annotations"]["x"].isNull, "set by the last apply, gone from the manifest")
        #expect(applied["metadata"]["annotations"][LiveState.lastApplied].stringValue?.contains("\"A\":\"9\"") == true)
        var rollout: JSON = ["kind": "Rollout", "metadata": ["name": "r"], "spec": ["replicas": 1], "status": ["phase": "Healthy"]]
        rollout = LiveState.applied(["kind": "Rollout", "metadata": ["name": "r"], "spec": ["replicas": 2]], over: rollout)
        #expect(rollout["status"]["phase"] == "Healthy")
        #expect(rollout["spec"]["replicas"] == 2)
    }

    @Test("desired objects get the destination namespace and the tracking id <app>:<group>/<kind>:<namespace>/<name>")
    func trackingIDs() {
        let rollout = LiveState.desired(["apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": ["name": "r"]],
                                        application: "shop", type: .rollouts, destinationNamespace: "prod")
        #expect(rollout.namespace == "prod")
        #expect(TrackingIDs.of(rollout) == "shop:argoproj.io/Rollout:prod/r")
        let namespace = LiveState.desired(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "prod"]],
                                          application: "shop", type: .namespaces, destinationNamespace: "prod")
        #expect(TrackingIDs.of(namespace) == "shop:/Namespace:/prod")
        #expect(TrackingID.application(of: rollout) == "shop")
        #expect(TrackingID.managingApplication(of: rollout, type: .rollouts) == "shop")
        var replicaSet: JSON = ["metadata": ["name": "r-abc", "namespace": "prod"]]
        replicaSet[path: ["metadata", "annotations"]] = rollout["metadata"]["annotations"]
        #expect(TrackingID.managingApplication(of: replicaSet, type: .replicaSets) == nil, "a copied id names its Rollout")
    }

    @Test("spec errors name the field and what to do: remote repositories, Helm, multiple sources, paths outside the repository")
    func specErrors() {
        func error(_ source: JSON, sources: JSON = .null) -> String {
            do {
                _ = try ApplicationSpec(["spec": ["source": source, "sources": sources]])
                return "no error"
            } catch { return error.description }
        }
        #expect(error(["repoURL": "https://github.com/x/y"]).contains("not a local path or file:// URL"))
        #expect(error([:]) == "spec.source.repoURL is required")
        #expect(error(["repoURL": "/r", "chart": "nginx"]).contains("Helm"))
        #expect(error(.null, sources: [["repoURL": "/r"]]).contains("spec.sources"))
        #expect(error(["repoURL": "/r", "path": "../etc"]).contains("must be relative"))
        let spec = try? ApplicationSpec(["spec": ["source": ["repoURL": "file:///tmp/r", "path": "m"],
                                                  "syncPolicy": ["automated": ["prune": true]]]])
        #expect(spec?.repositoryPath == "/tmp/r")
        #expect(spec?.targetRevision == "HEAD")
        #expect(spec?.automated == true && spec?.prune == true && spec?.selfHeal == false)
    }

    @Test("rendered YAML keeps quoted numbers as strings, flattens Lists and refuses documents that are not objects")
    func renderedYAML() throws {
        let objects = try ManifestRenderer.parse("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
        data: {VERSION: "2.0", N: "3"}
        ---
        apiVersion: v1
        kind: List
        items:
        - {apiVersion: v1, kind: Service, metadata: {name: s}, spec: {ports: [{port: 8080}]}}
        """, origin: "test")
        #expect(objects.count == 2)
        #expect(objects[0]["data"] == ["VERSION": "2.0", "N": "3"])
        #expect(objects[1]["spec"]["ports"][0]["port"] == 8080)
        #expect(throws: ManifestRenderer.Failure.self) { try ManifestRenderer.parse("just: text\n", origin: "x.yaml") }
    }
}
