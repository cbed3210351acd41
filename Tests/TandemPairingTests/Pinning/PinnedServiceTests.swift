import Testing
import TandemKubeModel
@testable import TandemPairing

@Suite("revision-pinned Services")
struct PinnedServiceTests {
    static let backend = PairingService(name: "backend", rollout: "my-backend", namespace: "legacy", image: "repo/interest")
    static let active: JSON = try! JSON.parse(#"""
    {"apiVersion":"v1","kind":"Service","metadata":{"name":"backend-active","namespace":"legacy",
      "annotations":{"argo-rollouts.argoproj.io/managed-by-rollouts":"my-backend"}},
     "spec":{"type":"NodePort","clusterIP":"10.0.0.9","selector":{"app":"interest","rollouts-pod-template-hash":"6cbccd9f99"},
      "ports":[{"name":"http","protocol":"TCP","port":8080,"targetPort":8080,"nodePort":30080}]}}
    """#)

    @Test("selects the active Service's selector plus the new hash, with its ports, as ClusterIP")
    func spec() {
        let pinned = PinnedService(dependency: Self.backend, plan: "loan-app", release: "2.0", hash: "74b948fccb", activeService: Self.active)
        #expect(pinned.name == "backend-74b948fccb")
        let object = pinned.object
        #expect(object[path: ["spec", "selector"]] == ["app": "interest", "rollouts-pod-template-hash": "74b948fccb"])
        #expect(object[path: ["spec", "ports"]] == [["name": "http", "protocol": "TCP", "port": 8080, "targetPort": 8080]])
        #expect(object[path: ["spec", "type"]] == "ClusterIP")
        #expect(object[path: ["spec", "clusterIP"]].isNull)
        #expect(object.namespace == "legacy")
        #expect(object.labels == ["app.kubernetes.io/managed-by": "tandem", "tandem.dev/plan": "loan-app",
                                  "tandem.dev/service": "backend", "tandem.dev/release": "2.0",
                                  "tandem.dev/revision": "74b948fccb", "tandem.dev/rollout": "my-backend"])
        #expect(object.annotations["argo-rollouts.argoproj.io/managed-by-rollouts"] == nil)
    }

    @Test("creating it again is a no-op; a different Service of that name is an error")
    func idempotence() throws {
        let pinned = PinnedService(dependency: Self.backend, plan: "loan-app", release: "2.0", hash: "74b948fccb", activeService: Self.active)
        try pinned.checkExisting(pinned.object)
        var other = pinned.object
        other[path: ["spec", "selector"]] = ["app": "something-else"]
        #expect(throws: PairingError.self) { try pinned.checkExisting(other) }
    }

    @Test("names are valid DNS-1035 labels of at most 63 characters, deterministic and distinct", arguments: [
        "backend", "a", "9lives", String(repeating: "x", count: 52), String(repeating: "x", count: 53),
        String(repeating: "long-name-", count: 6) + "a", String(repeating: "long-name-", count: 6) + "b",
    ])
    func names(service: String) {
        let name = PinnedService.name(service: service, hash: "74b948fccb")
        #expect(name.count <= 63)
        #expect(name == PinnedService.name(service: service, hash: "74b948fccb"))
        #expect(name.first!.isLetter && name.last != "-")
        #expect(name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" })
        #expect(name.hasSuffix("-74b948fccb"))
        #expect(name != PinnedService.name(service: service, hash: "6cbccd9f99"))
    }

    @Test("two long names that share a prefix get different pinned names")
    func longNamesDiffer() {
        let a = PinnedService.name(service: String(repeating: "long-name-", count: 6) + "a", hash: "74b948fccb")
        let b = PinnedService.name(service: String(repeating: "long-name-", count: 6) + "b", hash: "74b948fccb")
        #expect(a != b)
        #expect(PinnedService.name(service: String(repeating: "x", count: 52), hash: "74b948fccb").count == 63)
    }
}

@Suite("value templates")
struct ValueTemplateTests {
    @Test("renders host, port and namespace", arguments: [
        ("{host}", "legacy", "backend-74b948fccb"),
        ("http://{host}:{port}/api", "legacy", "http://backend-74b948fccb:8080/api"),
        ("{host}.{namespace}.svc.cluster.local", "legacy", "backend-74b948fccb.legacy.svc.cluster.local"),
        ("{host}", "other", "backend-74b948fccb.legacy"),
    ])
    func render(template: String, consumerNamespace: String, expected: String) {
        #expect(ValueTemplate(template).render(service: "backend-74b948fccb", namespace: "legacy", port: 8080,
                                               consumerNamespace: consumerNamespace) == expected)
    }

    @Test("reads the target Service back from a value", arguments: [
        ("{host}", "backend-74b948fccb", "backend-74b948fccb", nil as String?),
        ("http://{host}:{port}/api", "http://backend-active:8080/api", "backend-active", nil),
        ("{host}.{namespace}.svc.cluster.local", "b.ns2.svc.cluster.local", "b", "ns2"),
        ("{host}", "backend-active.legacy", "backend-active", "legacy"),
        ("http://{host}:{port}", "backend-preview", "backend-preview", nil),
        ("{host}", "https://user@Backend-Active.legacy.svc:443/x", "backend-active", "legacy"),
    ])
    func target(template: String, value: String, service: String, namespace: String?) {
        let target = ValueTemplate(template).target(in: value)
        #expect(target?.service == service)
        #expect(target?.namespace == namespace)
    }
}

@Suite("versioned ConfigMaps")
struct VersionedConfigMapTests {
    static let current: JSON = ["metadata": ["name": "my-frontend-settings-7hc895d47h"],
                                "data": ["APP_VERSION": "1.0", "BACKEND_HOST": "backend-active"]]

    @Test("keeps the current data, sets the dependsOn keys, and is named like kustomize would")
    func newConfiguration() {
        let config = VersionedConfigMap(base: "my-frontend-settings", namespace: "legacy", current: Self.current,
                                        values: ["APP_VERSION": "2.0", "BACKEND_HOST": "backend-preview"],
                                        plan: "loan-app", service: "frontend", release: "2.0", pairedReleases: ["BACKEND_HOST": "2.0"])
        #expect(config.name == "my-frontend-settings-4b7hkt7294")
        let object = config.object
        #expect(object.name == "my-frontend-settings-4b7hkt7294")
        #expect(object["data"] == ["APP_VERSION": "2.0", "BACKEND_HOST": "backend-preview"])
        #expect(object.labels["app.kubernetes.io/managed-by"] == "tandem")
        #expect(object.labels["tandem.dev/plan"] == "loan-app")
        #expect(object.labels["tandem.dev/service"] == "frontend")
        #expect(object.labels["tandem.dev/release"] == "2.0")
        #expect(VersionedConfigMap.pairedReleases(of: object) == ["BACKEND_HOST": "2.0"])
        #expect(object["binaryData"].isNull)
    }

    @Test("binaryData of the current ConfigMap is carried and hashed")
    func binaryData() {
        var current = Self.current
        current["binaryData"] = ["bin": "//4="]
        let config = VersionedConfigMap(base: "s", namespace: "n", current: current, values: [:], plan: "p", service: "s",
                                        release: "1", pairedReleases: [:])
        #expect(config.object["binaryData"] == ["bin": "//4="])
        #expect(config.hash == KustomizeHash.configMapSuffix(data: current["data"].stringMap, binaryData: ["bin": "//4="]))
    }

    @Test("release label values are made valid; the exact release stays in the annotation")
    func labelValues() {
        #expect(TandemLabels.labelValue("1.0+build.7") == "1.0-build.7")
        #expect(TandemLabels.labelValue("-x-") == "x")
        #expect(TandemLabels.labelValue(String(repeating: "a", count: 80)).count == 63)
        let config = VersionedConfigMap(base: "s", namespace: "n", current: nil, values: ["K": "v"], plan: "p", service: "s",
                                        release: "1.0+build.7", pairedReleases: [:])
        #expect(TandemLabels.recordedRelease(labels: config.labels, annotations: config.annotations) == "1.0+build.7")
    }
}
