import Foundation
import Testing
import TandemKubeModel
@testable import TandemSim

/// A store, a manual clock and the controllers driven step by step (`reconcileUntilStable`).
struct ControllerFixture {
    let store: ObjectStore
    let clock: ManualSimClock
    let controllers: SimControllers
    let namespace = "shop"

    init(readyDelay: Duration = .seconds(1)) throws {
        let clock = ManualSimClock()
        self.clock = clock
        // The API server stamps creationTimestamps with the same clock the controllers read.
        store = try ObjectStore(statePath: nil, now: { clock.now })
        controllers = SimControllers(store: store, options: SimControllerOptions(readyDelay: readyDelay, clock: clock))
    }

    // MARK: - Driving

    func settle(sourceLocation: SourceLocation = #_sourceLocation) async {
        let settled = await controllers.reconcileUntilStable()
        #expect(settled, "controllers did not settle", sourceLocation: sourceLocation)
    }

    func advance(seconds: Double) async {
        clock.advance(by: .milliseconds(Int64(seconds * 1000)))
        await settle()
    }

    // MARK: - Objects

    func createService(_ name: String, app: String = "web", selector extra: [String: String] = [:]) async throws {
        var selector = ["app": app]
        for (k, v) in extra { selector[k] = v }
        let service: JSON = [
            "apiVersion": "v1", "kind": "Service", "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "spec": ["selector": JSON(selector), "ports": [["port": 80, "targetPort": 8080]]],
        ]
        _ = try await store.create(.services, namespace: namespace, service)
    }

    static func template(app: String = "web", image: String, env: [JSON] = [], extraSpec: JSON = .emptyObject) -> JSON {
        var container: JSON = ["name": "app", "image": .string(image)]
        if !env.isEmpty { container["env"] = .array(env) }
        var spec = extraSpec
        spec["containers"] = [container]
        return ["metadata": ["labels": ["app": .string(app)]], "spec": spec]
    }

    @discardableResult
    func createBlueGreen(_ name: String = "web", image: String = "shop/web:1.0", replicas: Int = 1,
                         blueGreen: JSON = ["autoPromotionEnabled": false], template: JSON? = nil,
                         extraSpec: JSON = .emptyObject, services: Bool = true) async throws -> JSON {
        var strategy = blueGreen
        if strategy["activeService"].isNull { strategy["activeService"] = .string("\(name)-active") }
        if strategy["previewService"].isNull { strategy["previewService"] = .string("\(name)-preview") }
        if strategy["previewService"] == "" { strategy = .object(strategy.objectValue!.filter { $0.key != "previewService" }) }
        if services {
            try await createService("\(name)-active", app: name)
            if let preview = strategy["previewService"].stringValue { try await createService(preview, app: name) }
        }
        var spec = extraSpec
        spec["replicas"] = .int(replicas)
        spec["selector"] = ["matchLabels": ["app": .string(name)]]
        spec["template"] = template ?? Self.template(app: name, image: image)
        spec["strategy"] = ["blueGreen": strategy]
        return try await createRollout(name, spec: spec)
    }

    @discardableResult
    func createRollout(_ name: String, spec: JSON) async throws -> JSON {
        let rollout: JSON = [
            "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
            "metadata": ["name": .string(name), "namespace": .string(namespace)], "spec": spec,
        ]
        return try await store.create(.rollouts, namespace: namespace, rollout)
    }

    func rollout(_ name: String = "web") async throws -> JSON {
        try await store.get(.rollouts, namespace: namespace, name: name)
    }

    func status(_ name: String = "web") async throws -> JSON { try await rollout(name)["status"] }

    /// `kubectl argo rollouts set image`: PUT of the whole object with the new image.
    func setImage(_ image: String, rollout name: String = "web") async throws {
        _ = try await store.modify(.rollouts, namespace: namespace, name: name) { current in
            var copy = current
            var containers = current[path: ["spec", "template", "spec", "containers"]].arrayValue ?? []
            containers[0]["image"] = .string(image)
            copy[path: ["spec", "template", "spec", "containers"]] = .array(containers)
            return copy
        }
    }

    /// A merge patch on the main resource or on `/status`.
    func patch(_ patch: JSON, status: Bool = false, rollout name: String = "web") async throws {
        _ = try await store.modify(.rollouts, namespace: namespace, name: name, subresource: status ? .status : .main) {
            MergePatch.apply(patch, to: $0)
        }
    }

    /// `kubectl argo rollouts promote` (default: clears pauseConditions and spec.paused).
    func promote(_ name: String = "web") async throws {
        let current = try await rollout(name)
        if !(current[path: ["status", "pauseConditions"]].arrayValue ?? []).isEmpty {
            try await patch(["status": ["pauseConditions": nil]], status: true, rollout: name)
        }
        if current[path: ["spec", "paused"]].boolValue == true { try await patch(["spec": ["paused": false]], rollout: name) }
    }

    func replicaSets(_ rollout: String = "web") async -> [JSON] {
        await store.list(.replicaSets, namespace: namespace).items
            .filter { $0.controllerOwner?["name"].stringValue == rollout }
            .sorted { (Int($0.annotations["rollout.argoproj.io/revision"] ?? "") ?? 0) < (Int($1.annotations["rollout.argoproj.io/revision"] ?? "") ?? 0) }
    }

    func replicaSet(hash: String, rollout: String = "web") async throws -> JSON {
        try await store.get(.replicaSets, namespace: namespace, name: "\(rollout)-\(hash)")
    }

    func pods(hash: String) async -> [JSON] {
        await store.list(.pods, namespace: namespace, labelSelector: LabelSelector(matchLabels: ["rollouts-pod-template-hash": hash])).items
    }

    func serviceHash(_ service: String) async throws -> String? {
        try await store.get(.services, namespace: namespace, name: service)[path: ["spec", "selector", "rollouts-pod-template-hash"]].stringValue
    }

    func createConfigMap(_ name: String, _ data: [String: String]) async throws {
        let cm: JSON = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name)], "data": JSON(data)]
        _ = try await store.create(.configMaps, namespace: namespace, cm)
    }

    func ask(_ service: String, path: String = "/") async throws(APIStatus) -> JSON {
        try await controllers.network.proxyToService(namespace: namespace, service: service, port: nil, path: path)
    }
}

extension JSON {
    var phase: String? { self["phase"].stringValue }
    var message: String? { self["message"].stringValue }
    func condition(_ type: String) -> JSON? { self["conditions"].arrayValue?.first { $0["type"].stringValue == type } }
}

extension ControllerFixture {
    /// Creates a blue/green rollout and brings revision 1 to Healthy; returns its hash.
    func healthyBlueGreen(replicas: Int = 1, blueGreen: JSON = ["autoPromotionEnabled": false],
                          extraSpec: JSON = .emptyObject) async throws -> String {
        try await createBlueGreen(replicas: replicas, blueGreen: blueGreen, extraSpec: extraSpec)
        await settle()
        await advance(seconds: 1)
        let status = try await status()
        #expect(status.phase == "Healthy")
        return status["currentPodHash"].stringValue ?? ""
    }

    /// Sets a new image and waits until the new RS is ready and paused; returns the new hash.
    func pausedUpdate(_ image: String) async throws -> String {
        try await setImage(image)
        await settle()
        await advance(seconds: 1)
        let status = try await status()
        #expect(status.phase == "Paused")
        return status["currentPodHash"].stringValue ?? ""
    }
}
