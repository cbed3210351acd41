import TandemKubeModel

/// The live objects the pairing report reads, taken at one moment (or as close as a series of
/// list calls gets). Objects that disappeared between reads are simply absent.
///
/// Lookups go through indexes rebuilt whenever a list is assigned: the report asks for a
/// Rollout, ConfigMap, Service or revision set once per row, and linear scans made a report of
/// 200 services cost about a second.
public struct ClusterSnapshot: Sendable, Hashable {
    public var rollouts: [JSON] { didSet { rolloutIndex = Self.index(rollouts) } }
    public var replicaSets: [JSON] { didSet { replicaSetIndex = ReplicaSetIndex(replicaSets) } }
    public var services: [JSON] {
        didSet {
            serviceIndex = Self.index(services)
            pinnedIndex = Self.pinnedIndex(services)
        }
    }
    public var configMaps: [JSON] { didSet { configMapIndex = Self.index(configMaps) } }
    /// What a pod answered through the API server's proxy, by `namespace/replicaSetName`.
    public var podAnswers: [String: JSON]

    private var rolloutIndex: [ObjectKey: Int]
    private var serviceIndex: [ObjectKey: Int]
    private var configMapIndex: [ObjectKey: Int]
    private var pinnedIndex: [PinnedKey: Int]
    private var replicaSetIndex: ReplicaSetIndex

    public init(rollouts: [JSON] = [], replicaSets: [JSON] = [], services: [JSON] = [], configMaps: [JSON] = [],
                podAnswers: [String: JSON] = [:]) {
        self.rollouts = rollouts
        self.replicaSets = replicaSets
        self.services = services
        self.configMaps = configMaps
        self.podAnswers = podAnswers
        rolloutIndex = Self.index(rollouts)
        serviceIndex = Self.index(services)
        configMapIndex = Self.index(configMaps)
        pinnedIndex = Self.pinnedIndex(services)
        replicaSetIndex = ReplicaSetIndex(replicaSets)
    }

    public func rollout(_ namespace: String, _ name: String) -> Rollout? {
        rolloutIndex[ObjectKey(namespace, name)].map { Rollout(rollouts[$0]) }
    }

    public func service(_ namespace: String, _ name: String) -> Service? {
        serviceIndex[ObjectKey(namespace, name)].map { Service(services[$0]) }
    }

    public func configMap(_ namespace: String, _ name: String) -> ConfigMap? {
        configMapIndex[ObjectKey(namespace, name)].map { ConfigMap(configMaps[$0]) }
    }

    /// The Service tandem pinned to revision `hash` of the plan service `service` in `namespace`.
    public func pinnedService(_ namespace: String, revision hash: String, service: String) -> Service? {
        pinnedIndex[PinnedKey(namespace: namespace, revision: hash, service: TandemLabels.labelValue(service))]
            .map { Service(services[$0]) }
    }

    /// The ReplicaSets a Rollout controls: by controller owner UID when both carry UIDs, else
    /// by the Rollout's selector. Newest revision first.
    public func replicaSets(of rollout: Rollout) -> [ReplicaSet] {
        replicaSetIndex.controlled(by: rollout)
    }

    // Equality and hashing are over the objects; the indexes are derived from them.
    public static func == (lhs: ClusterSnapshot, rhs: ClusterSnapshot) -> Bool {
        lhs.rollouts == rhs.rollouts && lhs.replicaSets == rhs.replicaSets && lhs.services == rhs.services
            && lhs.configMaps == rhs.configMaps && lhs.podAnswers == rhs.podAnswers
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rollouts)
        hasher.combine(replicaSets)
        hasher.combine(services)
        hasher.combine(configMaps)
        hasher.combine(podAnswers)
    }

    private struct ObjectKey: Hashable, Sendable {
        let namespace: String
        let name: String
        init(_ namespace: String, _ name: String) {
            self.namespace = namespace
            self.name = name
        }
    }

    private struct PinnedKey: Hashable, Sendable {
        let namespace: String
        let revision: String
        let service: String
    }

    /// namespace/name → position of the first object with that key (as a scan would find it).
    private static func index(_ objects: [JSON]) -> [ObjectKey: Int] {
        var index: [ObjectKey: Int] = [:]
        index.reserveCapacity(objects.count)
        for (position, object) in objects.enumerated() {
            let key = ObjectKey(object.namespace ?? "", object.name)
            if index[key] == nil { index[key] = position }
        }
        return index
    }

    private static func pinnedIndex(_ services: [JSON]) -> [PinnedKey: Int] {
        var index: [PinnedKey: Int] = [:]
        for (position, raw) in services.enumerated() {
            let service = Service(raw)
            guard TandemLabels.isManagedByTandem(service.labels),
                  let revision = service.labels[TandemLabels.revision],
                  let owner = service.labels[TandemLabels.service] else { continue }
            let key = PinnedKey(namespace: service.namespace ?? "", revision: revision, service: owner)
            if index[key] == nil { index[key] = position }
        }
        return index
    }

    /// ReplicaSets parsed once, by (namespace, controller UID) and, for those without a controller
    /// UID, by namespace; each list newest revision first.
    private struct ReplicaSetIndex: Sendable {
        private var owned: [ObjectKey: [ReplicaSet]] = [:]
        private var unowned: [String: [ReplicaSet]] = [:]

        init(_ objects: [JSON]) {
            for raw in objects {
                let replicaSet = ReplicaSet(raw)
                let namespace = replicaSet.namespace ?? ""
                if let owner = replicaSet.controllerUID {
                    owned[ObjectKey(namespace, owner), default: []].append(replicaSet)
                } else {
                    unowned[namespace, default: []].append(replicaSet)
                }
            }
            for key in owned.keys { owned[key]?.sort(by: Self.newestFirst) }
            for key in unowned.keys { unowned[key]?.sort(by: Self.newestFirst) }
        }

        func controlled(by rollout: Rollout) -> [ReplicaSet] {
            let namespace = rollout.namespace ?? ""
            let selector = rollout.selector
            func selected(_ replicaSet: ReplicaSet) -> Bool { !selector.isEmpty && selector.matches(replicaSet.template.labels) }
            let unownedMatches = (unowned[namespace] ?? []).filter(selected)
            guard let uid = rollout.uid else {
                // Without a UID on the Rollout every ReplicaSet of the namespace is judged by the selector.
                let ownedMatches = owned.filter { $0.key.namespace == namespace }.values.joined().filter(selected)
                return (ownedMatches + unownedMatches).sorted(by: Self.newestFirst)
            }
            let ownedByRollout = owned[ObjectKey(namespace, uid)] ?? []
            return unownedMatches.isEmpty ? ownedByRollout : (ownedByRollout + unownedMatches).sorted(by: Self.newestFirst)
        }

        private static func newestFirst(_ a: ReplicaSet, _ b: ReplicaSet) -> Bool {
            (a.revision ?? 0, a.name) > (b.revision ?? 0, b.name)
        }
    }
}

extension ReplicaSet {
    /// True when the ReplicaSet wants or still has pods.
    var hasPods: Bool { specReplicas > 0 || replicas > 0 }
}
