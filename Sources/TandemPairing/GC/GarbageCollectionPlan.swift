import TandemKubeModel

/// What tandem may delete of the objects it created for a plan, following the Rollouts'
/// revision history so that `undo` to any revision still in history finds its configuration
/// and its pinned dependencies:
/// - a versioned ConfigMap goes only when no existing ReplicaSet's template (and no Rollout's
///   current template) references it;
/// - a pinned Service goes only when no remaining ConfigMap names it.
/// Objects tandem did not create (no `app.kubernetes.io/managed-by: tandem` and plan label)
/// are never candidates.
public struct GarbageCollectionPlan: Sendable, Hashable {
    /// `namespace/name` of ConfigMaps and Services to delete, sorted.
    public var configMaps: [String]
    public var services: [String]

    public var isEmpty: Bool { configMaps.isEmpty && services.isEmpty }

    /// - Parameters:
    ///   - snapshot: every Rollout, ReplicaSet, Service and ConfigMap of the plan's namespaces.
    ///   - keep: `namespace/name` of objects being written right now (never deleted).
    public static func compute(plan: String, snapshot: ClusterSnapshot, keep: Set<String> = []) -> GarbageCollectionPlan {
        func key(_ object: JSON) -> String { "\(object.namespace ?? "")/\(object.name)" }
        func ours(_ object: JSON) -> Bool {
            TandemLabels.isManagedByTandem(object.labels) && object.labels[TandemLabels.plan] == TandemLabels.labelValue(plan)
        }

        var referenced = Set<String>()
        for template in snapshot.replicaSets.map({ ($0.namespace ?? "", $0[path: ["spec", "template"]]) })
            + snapshot.rollouts.map({ ($0.namespace ?? "", $0[path: ["spec", "template"]]) }) {
            for name in PodTemplateRewrite.configMapReferences(inTemplate: template.1) {
                referenced.insert("\(template.0)/\(name)")
            }
        }
        let doomedConfigMaps = snapshot.configMaps.filter {
            ours($0) && !referenced.contains(key($0)) && !keep.contains(key($0))
        }.map(key)

        let remaining = snapshot.configMaps.filter { !doomedConfigMaps.contains(key($0)) }
        let doomedServices = snapshot.services.filter { service in
            guard ours(service), service.labels[TandemLabels.revision] != nil, !keep.contains(key(service)) else { return false }
            return !remaining.contains { configMap in
                configMap["data"].stringMap.values.contains { names(service.name, in: $0) }
            }
        }.map(key)
        return GarbageCollectionPlan(configMaps: doomedConfigMaps.sorted(), services: doomedServices.sorted())
    }

    /// True when `value` mentions `name` as a whole word (a bare host, a URL host,
    /// `name.namespace`...), in any namespace: erring towards "in use" is the safe side.
    public static func names(_ name: String, in value: String) -> Bool {
        value.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "-") }.contains { $0 == name }
    }
}
