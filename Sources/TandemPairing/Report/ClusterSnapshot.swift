import TandemKubeModel

/// The live objects the pairing report reads, taken at one moment (or as close as a series of
/// list calls gets). Objects that disappeared between reads are simply absent.
public struct ClusterSnapshot: Sendable, Hashable {
    public var rollouts: [JSON]
    public var replicaSets: [JSON]
    public var services: [JSON]
    public var configMaps: [JSON]
    /// What a pod answered through the API server's proxy, by `namespace/replicaSetName`.
    public var podAnswers: [String: JSON]

    public init(rollouts: [JSON] = [], replicaSets: [JSON] = [], services: [JSON] = [], configMaps: [JSON] = [],
                podAnswers: [String: JSON] = [:]) {
        self.rollouts = rollouts
        self.replicaSets = replicaSets
        self.services = services
        self.configMaps = configMaps
        self.podAnswers = podAnswers
    }

    public func rollout(_ namespace: String, _ name: String) -> Rollout? {
        find(rollouts, namespace, name).map(Rollout.init)
    }

    public func service(_ namespace: String, _ name: String) -> Service? {
        find(services, namespace, name).map(Service.init)
    }

    public func configMap(_ namespace: String, _ name: String) -> ConfigMap? {
        find(configMaps, namespace, name).map(ConfigMap.init)
    }

    /// The ReplicaSets a Rollout controls: by controller owner UID when both carry UIDs, else
    /// by the Rollout's selector. Newest revision first.
    public func replicaSets(of rollout: Rollout) -> [ReplicaSet] {
        let namespace = rollout.namespace ?? ""
        let selector = rollout.selector
        return replicaSets.map(ReplicaSet.init).filter { replicaSet in
            guard (replicaSet.namespace ?? "") == namespace else { return false }
            if let uid = rollout.uid, let owner = replicaSet.controllerUID { return owner == uid }
            return !selector.isEmpty && selector.matches(replicaSet.template.labels)
        }.sorted { ($0.revision ?? 0, $0.name) > ($1.revision ?? 0, $1.name) }
    }

    private func find(_ objects: [JSON], _ namespace: String, _ name: String) -> JSON? {
        objects.first { $0.name == name && ($0.namespace ?? "") == namespace }
    }
}

extension ReplicaSet {
    /// True when the ReplicaSet wants or still has pods.
    var hasPods: Bool { specReplicas > 0 || replicas > 0 }
}
