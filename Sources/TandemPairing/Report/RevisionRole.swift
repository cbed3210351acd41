import TandemKubeModel

/// What a revision (ReplicaSet) of a Rollout does right now.
public enum RevisionRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// Blue-green: behind the activeService (live traffic).
    case active
    /// Blue-green: behind the previewService only.
    case preview
    /// Canary: the new revision taking part of the traffic.
    case canary
    /// Canary: the stable revision.
    case stable
    /// An old revision waiting for its scale-down; it serves no Service.
    case draining

    /// Whether its pods serve traffic the invariant protects (live or preview).
    public var isServing: Bool { self != .draining }

    /// The role of each revision (by pod-template hash) of a Rollout, read from the live
    /// Services' selectors (falling back to the Rollout's status when a Service is missing).
    static func roles(of rollout: Rollout, replicaSets: [ReplicaSet], snapshot: ClusterSnapshot) -> [String: RevisionRole] {
        let namespace = rollout.namespace ?? ""
        let status = rollout.status
        var roles: [String: RevisionRole] = [:]
        let hashes = replicaSets.compactMap(\.podTemplateHash)
        if let blueGreen = rollout.blueGreen {
            func selected(_ service: String?, fallback: String?) -> String? {
                guard let service else { return nil }
                guard let live = snapshot.service(namespace, service) else { return fallback }
                return live.podTemplateHash
            }
            // An active Service without a hash selects every revision (initial deploy): the stable one serves.
            let active = selected(blueGreen.activeService, fallback: status.activeSelector) ?? status.stableRS
            let preview = selected(blueGreen.previewService, fallback: status.previewSelector)
            for hash in hashes {
                roles[hash] = hash == active ? .active : hash == preview ? .preview : .draining
            }
        } else {
            for hash in hashes {
                roles[hash] = hash == status.stableRS ? .stable : hash == status.currentPodHash ? .canary : .draining
            }
        }
        return roles
    }
}
