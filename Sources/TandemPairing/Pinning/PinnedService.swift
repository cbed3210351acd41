import Crypto
import TandemKubeModel

/// A Service that selects exactly one revision of a dependency: the dependency's active
/// Service selector plus `rollouts-pod-template-hash: <hash>` — the mechanism Argo Rollouts
/// uses for its own active and preview Services — with the active Service's ports.
public struct PinnedService: Sendable, Hashable {
    public var name: String
    public var namespace: String
    public var selector: [String: String]
    public var ports: [JSON]
    public var labels: [String: String]
    public var annotations: [String: String]

    /// The pinned Service for revision `hash` of `dependency`, modelled on its active Service.
    /// `release` is the release that revision belongs to.
    public init(dependency: PairingService, plan: String, release: String, hash: String, activeService: JSON) {
        name = Self.name(service: dependency.name, hash: hash)
        namespace = dependency.namespace
        var selector = activeService[path: ["spec", "selector"]].stringMap
        selector[TandemLabels.podTemplateHash] = hash
        self.selector = selector
        ports = (activeService[path: ["spec", "ports"]].arrayValue ?? []).map(Self.clusterIPPort)
        var labels = TandemLabels.objectLabels(plan: plan, service: dependency.name, release: release)
        labels[TandemLabels.revision] = hash
        labels[TandemLabels.rollout] = TandemLabels.labelValue(dependency.rollout)
        self.labels = labels
        annotations = [TandemLabels.release: release]
    }

    public var object: JSON {
        var object: JSON = ["apiVersion": "v1", "kind": "Service"]
        object["metadata"] = ["name": .string(name), "namespace": .string(namespace),
                              "labels": JSON(labels), "annotations": JSON(annotations)]
        object["spec"] = ["type": "ClusterIP", "selector": JSON(selector), "ports": .array(ports)]
        return object
    }

    /// What to do when a Service of this name already exists: nothing when it selects the same
    /// pods (creating twice is a no-op), an error when it is something else.
    public func checkExisting(_ existing: JSON) throws(PairingError) {
        guard selectsSamePods(existing) else {
            let existingSelector = existing[path: ["spec", "selector"]].stringMap
            let shown = existingSelector.keys.sorted().map { "\($0)=\(existingSelector[$0]!)" }.joined(separator: ",")
            throw PairingError("Service \"\(namespace)/\(name)\" already exists and selects {\(shown)}, not revision \(selector[TandemLabels.podTemplateHash] ?? "") of \(labels[TandemLabels.service] ?? "the dependency"); delete or rename that Service so tandem can pin the revision")
        }
    }

    /// Whether an existing Service of this name selects the pods this one would (then it is this pin).
    public func selectsSamePods(_ existing: JSON) -> Bool {
        existing[path: ["spec", "selector"]].stringMap == selector
    }

    /// A deterministic DNS-1035 label (what a Service name must be) of at most 63 characters:
    /// `<service>-<hash>`, or for long names a cut `<service>` plus a short digest of the full
    /// service name, so that two long names never share a pinned Service.
    public static func name(service: String, hash: String) -> String {
        var base = service.lowercased()
        if let first = base.first, !(first.isASCII && first.isLetter) { base = "p-" + base }
        let plain = "\(base)-\(hash)"
        guard plain.count > 63 else { return plain }
        let digest = SHA256.hash(data: Array(service.utf8)).prefix(3)
            .map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        let room = 63 - hash.count - digest.count - 2
        var cut = String(base.prefix(max(room, 1)))
        while cut.hasSuffix("-") { cut.removeLast() }
        return "\(cut)-\(digest)-\(hash)"
    }

    /// A port as a ClusterIP Service takes it: `nodePort` dropped.
    static func clusterIPPort(_ port: JSON) -> JSON {
        guard var object = port.objectValue else { return port }
        object["nodePort"] = nil
        return .object(object)
    }
}
