import Foundation
import TandemKubeModel

/// The simulated pods' network: the Service proxy picks a ready pod the Service selects
/// (round-robin over the ready pods sorted by name) and the pod answers with who it is, what
/// configuration it read at start, and which pod each configured Service address reaches.
/// For those calls the callee is the first ready pod by name, so answers are reproducible.
struct SimulatedPodNetwork: PodNetwork {
    let store: ObjectStore
    let roundRobin = RoundRobin()

    func proxyToService(namespace: String, service: String, port: String?, path: String) async throws(APIStatus) -> JSON {
        let svc = try await store.get(.services, namespace: namespace, name: service)
        let endpoints = await readyPods(of: svc, namespace: namespace)
        guard !endpoints.isEmpty else { throw Self.noEndpoints(service) }
        let pod = endpoints[await roundRobin.next("\(namespace)/\(service)", count: endpoints.count)]
        return await answer(from: pod, path: path)
    }

    func proxyToPod(namespace: String, pod: String, port: String?, path: String) async throws(APIStatus) -> JSON {
        let object = try await store.get(.pods, namespace: namespace, name: pod)
        guard object.isPodReady else {
            throw APIStatus(code: 503, reason: "ServiceUnavailable", message: "pod \"\(pod)\" is not ready")
        }
        return await answer(from: object, path: path)
    }

    static func noEndpoints(_ service: String) -> APIStatus {
        APIStatus(code: 503, reason: "ServiceUnavailable", message: "no endpoints available for service \"\(service)\"")
    }

    /// Ready, not deleted pods matching the Service's selector, sorted by name. No selector = no endpoints.
    func readyPods(of service: JSON, namespace: String) async -> [JSON] {
        let selector = service[path: ["spec", "selector"]].stringMap
        guard !selector.isEmpty else { return [] }
        return await store.list(.pods, namespace: namespace, labelSelector: LabelSelector(matchLabels: selector)).items
            .filter { $0.isPodReady && $0.deletionTimestamp == nil }
    }

    /// The JSON a simulated pod returns at any path.
    func answer(from pod: JSON, path: String) async -> JSON {
        let namespace = pod.namespace ?? "default"
        let image = pod[path: ["spec", "containers"]].arrayValue?.first?["image"].stringValue ?? ""
        let config = (try? JSON.parse(pod.annotations[PodKeys.config] ?? "{}"))?.stringMap ?? [:]
        var calls: [String: JSON] = [:]
        for key in config.keys.sorted() {
            guard let reference = ServiceReference.parse(config[key]!, defaultNamespace: namespace) else { continue }
            if let call = await call(reference) { calls[key] = call }
        }
        return [
            "service": .string(await serviceName(of: pod)), "pod": .string(pod.name), "namespace": .string(namespace),
            "path": .string(path.hasPrefix("/") ? path : "/" + path),
            "version": .string(PodImage.tag(of: image)), "image": .string(image),
            "podTemplateHash": .string(pod.labels[ArgoKeys.hashLabel] ?? ""),
            "config": JSON(config), "calls": .object(calls),
        ]
    }

    private func call(_ reference: ServiceReference) async -> JSON? {
        var result: JSON = ["service": .string(reference.name), "namespace": .string(reference.namespace)]
        guard let service = try? await store.get(.services, namespace: reference.namespace, name: reference.name) else {
            guard reference.explicit else { return nil }
            result["error"] = "service not found"
            return result
        }
        guard let pod = await readyPods(of: service, namespace: reference.namespace).first else {
            result["error"] = "no endpoints"
            return result
        }
        let image = pod[path: ["spec", "containers"]].arrayValue?.first?["image"].stringValue ?? ""
        result["reachedPod"] = .string(pod.name)
        result["version"] = .string(PodImage.tag(of: image))
        result["podTemplateHash"] = .string(pod.labels[ArgoKeys.hashLabel] ?? "")
        return result
    }

    /// The Rollout that owns the pod's ReplicaSet, else the `app` label, else the RS name.
    private func serviceName(of pod: JSON) async -> String {
        if let rsName = pod.controllerOwner?["name"].stringValue,
           let rs = try? await store.get(.replicaSets, namespace: pod.namespace, name: rsName),
           let owner = rs.controllerOwner, owner["kind"].stringValue == "Rollout", let name = owner["name"].stringValue {
            return name
        }
        return pod.labels["app"] ?? pod.controllerOwner?["name"].stringValue ?? pod.name
    }
}

/// Per-Service round-robin counters.
actor RoundRobin {
    private var counters: [String: Int] = [:]

    func next(_ key: String, count: Int) -> Int {
        let value = counters[key, default: 0]
        counters[key] = value &+ 1
        return value % max(count, 1)
    }
}
