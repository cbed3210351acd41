import Foundation
import Testing
import TandemKubeModel
@testable import TandemSim

@Suite("Simulated pods and their answers")
struct SimulatedPodTests {
    @Test("pods are named <rs>-<5 chars>, carry the RS labels and owner, and get Ready after readyDelay")
    func podsOfReplicaSet() async throws {
        let f = try ControllerFixture()
        try await f.createBlueGreen(replicas: 2)
        await f.settle()
        let hash = try #require(try await f.status()["currentPodHash"].stringValue)
        let pods = await f.pods(hash: hash)
        #expect(pods.count == 2)
        for pod in pods {
            let suffix = pod.name.dropFirst("web-\(hash)-".count)
            #expect(pod.name.hasPrefix("web-\(hash)-"))
            #expect(suffix.count == 5 && suffix.allSatisfy { "bcdfghjklmnpqrstvwxz2456789".contains($0) })
            #expect(pod.labels == ["app": "web", "rollouts-pod-template-hash": hash])
            #expect(pod.controllerOwner?["name"].stringValue == "web-\(hash)")
            #expect(pod[path: ["status", "phase"]].stringValue == "Running")
            #expect(!pod.isPodReady)
            #expect(pod[path: ["status", "podIP"]].stringValue?.hasPrefix("10.") == true)
        }
        await f.advance(seconds: 0.5)
        #expect(await f.pods(hash: hash).allSatisfy { !$0.isPodReady })
        await f.advance(seconds: 0.5)
        #expect(await f.pods(hash: hash).allSatisfy(\.isPodReady))
        let rs = try await f.replicaSet(hash: hash)
        #expect(rs[path: ["status", "replicas"]].intValue == 2)
        #expect(rs[path: ["status", "readyReplicas"]].intValue == 2)
        #expect(rs[path: ["status", "availableReplicas"]].intValue == 2)
        #expect(rs[path: ["status", "observedGeneration"]].intValue == rs.generation)
    }

    @Test("the Service proxy answers as a pod of the selected revision, round-robin over ready pods")
    func proxyAnswers() async throws {
        let f = try ControllerFixture()
        let v1 = try await f.healthyBlueGreen(replicas: 2)
        let v2 = try await f.pausedUpdate("registry.local/shop/web:2.0")
        let active = try await f.ask("web-active", path: "/version")
        #expect(active["service"].stringValue == "web")
        #expect(active["version"].stringValue == "1.0")
        #expect(active["image"].stringValue == "shop/web:1.0")
        #expect(active["podTemplateHash"].stringValue == v1)
        #expect(active["path"].stringValue == "/version")
        let preview = try await f.ask("web-preview")
        #expect(preview["version"].stringValue == "2.0")
        #expect(preview["podTemplateHash"].stringValue == v2)
        var seen = Set<String>()
        for _ in 0..<4 { seen.insert(try await f.ask("web-active")["pod"].stringValue ?? "") }
        #expect(seen.count == 2)
    }

    @Test("a Service with no ready pod answers 503 no endpoints")
    func noEndpoints() async throws {
        let f = try ControllerFixture()
        try await f.createBlueGreen()
        await f.settle()
        await #expect(throws: APIStatus(code: 503, reason: "ServiceUnavailable",
                                        message: "no endpoints available for service \"web-preview\"")) {
            try await f.ask("web-preview")
        }
        await f.advance(seconds: 1)
        #expect(try await f.ask("web-preview")["version"].stringValue == "1.0")
    }

    @Test("pods read env, configMapKeyRef, envFrom with prefix and configMap volumes when they start, and keep them")
    func configReadAtStart() async throws {
        let f = try ControllerFixture()
        try await f.createConfigMap("web-config", ["BACKEND_URL": "http://backend-active:8080/api", "MODE": "blue"])
        try await f.createConfigMap("web-files", ["app.properties": "color=blue"])
        let env: [JSON] = [
            ["name": "GREETING", "value": "hello"],
            ["name": "BACKEND", "valueFrom": ["configMapKeyRef": ["name": "web-config", "key": "BACKEND_URL"]]],
        ]
        var template = ControllerFixture.template(image: "shop/web:1.0", env: env, extraSpec: [
            "volumes": [["name": "files", "configMap": ["name": "web-files"]]],
        ])
        template[path: ["spec", "containers"]] = .array([{
            var c = template[path: ["spec", "containers"]][0]
            c["envFrom"] = [["configMapRef": ["name": "web-config"], "prefix": "CFG_"]]
            c["volumeMounts"] = [["name": "files", "mountPath": "/etc/web"]]
            return c
        }()])
        try await f.createBlueGreen(template: template)
        await f.settle()
        await f.advance(seconds: 1)
        let answer = try await f.ask("web-active")
        #expect(answer["config"] == [
            "GREETING": "hello", "BACKEND": "http://backend-active:8080/api",
            "CFG_BACKEND_URL": "http://backend-active:8080/api", "CFG_MODE": "blue",
            "/etc/web/app.properties": "color=blue",
        ])
        _ = try await f.store.modify(.configMaps, namespace: f.namespace, name: "web-config") { cm in
            var copy = cm
            copy[path: ["data", "MODE"]] = "green"
            return copy
        }
        await f.settle()
        #expect(try await f.ask("web-active")["config"]["CFG_MODE"].stringValue == "blue")
    }

    @Test("a pod whose ConfigMap is missing never gets Ready until the ConfigMap appears")
    func missingConfigMap() async throws {
        let f = try ControllerFixture()
        let env: [JSON] = [["name": "B", "valueFrom": ["configMapKeyRef": ["name": "absent", "key": "k"]]]]
        try await f.createBlueGreen(template: ControllerFixture.template(image: "shop/web:1.0", env: env))
        await f.settle()
        await f.advance(seconds: 30)
        let hash = try #require(try await f.status()["currentPodHash"].stringValue)
        let pod = try #require(await f.pods(hash: hash).first)
        #expect(!pod.isPodReady)
        #expect(pod[path: ["status", "containerStatuses"]][0]["state"]["waiting"]["reason"].stringValue == "CreateContainerConfigError")
        #expect(pod[path: ["status", "containerStatuses"]][0]["state"]["waiting"]["message"].stringValue == "configmap \"absent\" not found")
        #expect(try await f.status().phase == "Progressing")
        try await f.createConfigMap("absent", ["k": "v"])
        await f.settle()
        await f.advance(seconds: 1)
        #expect(try await f.status().phase == "Healthy")
        #expect(try await f.ask("web-active")["config"]["B"].stringValue == "v")
    }

    @Test("an image tag ending in -crashloop never gets Ready and its restartCount grows")
    func crashLoop() async throws {
        let f = try ControllerFixture()
        try await f.createBlueGreen(image: "shop/web:1.0-crashloop")
        await f.settle()
        await f.advance(seconds: 25)
        let hash = try #require(try await f.status()["currentPodHash"].stringValue)
        let pod = try #require(await f.pods(hash: hash).first)
        #expect(!pod.isPodReady)
        let container = pod[path: ["status", "containerStatuses"]][0]
        #expect(container["state"]["waiting"]["reason"].stringValue == "CrashLoopBackOff")
        #expect(container["restartCount"].intValue == 2)
        #expect(try await f.status().message == "updated replicas are still becoming available")
    }

    @Test("config values naming Services are called: the answer reports the version each one reaches")
    func calls() async throws {
        let f = try ControllerFixture()
        try await f.createBlueGreen("backend", image: "shop/backend:7.1", blueGreen: [:], template: ControllerFixture.template(app: "backend", image: "shop/backend:7.1"))
        let env: [JSON] = [
            ["name": "BACKEND_URL", "value": "http://backend-active:8080/api"],
            ["name": "BACKEND_HOST", "value": "backend-preview.shop.svc.cluster.local"],
            ["name": "LEGACY", "value": "http://billing/api"],
            ["name": "COLOR", "value": "blue"],
        ]
        try await f.createBlueGreen("web", blueGreen: [:], template: ControllerFixture.template(app: "web", image: "shop/web:1.0", env: env))
        try await f.createService("idle", app: "nobody")
        await f.settle()
        await f.advance(seconds: 1)
        let answer = try await f.ask("web-active")
        let backendPod = try #require(await f.store.list(.pods, namespace: f.namespace, labelSelector: LabelSelector(matchLabels: ["app": "backend"])).items.first)
        #expect(answer["calls"]["BACKEND_URL"] == [
            "service": "backend-active", "namespace": "shop", "reachedPod": .string(backendPod.name), "version": "7.1",
            "podTemplateHash": .string(backendPod.labels["rollouts-pod-template-hash"] ?? ""),
        ])
        #expect(answer["calls"]["BACKEND_HOST"]["version"].stringValue == "7.1")
        #expect(answer["calls"]["LEGACY"] == ["service": "billing", "namespace": "shop", "error": "service not found"])
        #expect(answer["calls"]["COLOR"].isNull)
    }

    @Test("config addresses parse to Services", arguments: [
        ("backend-active", "backend-active", "legacy", false),
        ("backend-active.other", "backend-active", "other", false),
        ("backend-active.other.svc", "backend-active", "other", true),
        ("backend-active.other.svc.cluster.local:9090", "backend-active", "other", true),
        ("http://backend-active:8080/path?q=1", "backend-active", "legacy", true),
        ("https://backend-active.other/x", "backend-active", "other", false),
    ])
    func serviceReferences(_ value: String, _ name: String, _ namespace: String, _ explicit: Bool) {
        #expect(ServiceReference.parse(value, defaultNamespace: "legacy") == ServiceReference(name: name, namespace: namespace, explicit: explicit))
    }

    @Test("values that are not Service addresses are ignored", arguments: ["hello world", "a/b", "http://", "x.y.z.w", "Upper", "3.14", "1"])
    func notServiceReferences(_ value: String) {
        let parsed = ServiceReference.parse(value, defaultNamespace: "legacy")
        #expect(parsed == nil || parsed?.explicit == false)
    }

    @Test("the pod proxy answers from that pod, 503 while it is not ready")
    func podProxy() async throws {
        let f = try ControllerFixture()
        try await f.createBlueGreen()
        await f.settle()
        let hash = try #require(try await f.status()["currentPodHash"].stringValue)
        let pod = try #require(await f.pods(hash: hash).first)
        await #expect(throws: APIStatus.self) {
            try await f.controllers.network.proxyToPod(namespace: f.namespace, pod: pod.name, port: nil, path: "/")
        }
        await f.advance(seconds: 1)
        let answer = try await f.controllers.network.proxyToPod(namespace: f.namespace, pod: pod.name, port: "8080", path: "healthz")
        #expect(answer["pod"].stringValue == pod.name)
        #expect(answer["path"].stringValue == "/healthz")
    }
}
