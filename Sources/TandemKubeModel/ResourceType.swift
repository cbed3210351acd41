/// One REST resource the client and the simulator know: where it lives in the API and how
/// it behaves (namespaced, status subresource, allowed patch types).
public struct ResourceType: Sendable, Hashable, CustomStringConvertible {
    public let group: String          // "" for the core group
    public let version: String
    public let plural: String
    public let kind: String
    public let singular: String
    public let shortNames: [String]
    public let namespaced: Bool
    public let hasStatusSubresource: Bool
    /// Custom resources accept no strategic-merge patch (Argo reference §0).
    public let supportsStrategicMerge: Bool
    public let verbs: [String]

    public init(group: String, version: String, plural: String, kind: String, singular: String? = nil,
                shortNames: [String] = [], namespaced: Bool = true, hasStatusSubresource: Bool = false,
                supportsStrategicMerge: Bool = true,
                verbs: [String] = ["create", "delete", "get", "list", "patch", "update", "watch"]) {
        self.group = group
        self.version = version
        self.plural = plural
        self.kind = kind
        self.singular = singular ?? kind.lowercased()
        self.shortNames = shortNames
        self.namespaced = namespaced
        self.hasStatusSubresource = hasStatusSubresource
        self.supportsStrategicMerge = supportsStrategicMerge
        self.verbs = verbs
    }

    /// `v1` or `apps/v1`.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `rollouts.argoproj.io`, `configmaps` — how RBAC and error messages name it.
    public var qualifiedName: String { group.isEmpty ? plural : "\(plural).\(group)" }

    public var description: String { qualifiedName }

    /// URL path of a collection (namespace nil = all namespaces or cluster scope).
    public func collectionPath(namespace: String?) -> String {
        let base = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        if namespaced, let namespace { return "\(base)/namespaces/\(namespace)/\(plural)" }
        return "\(base)/\(plural)"
    }

    public func objectPath(namespace: String?, name: String) -> String {
        "\(collectionPath(namespace: namespace))/\(name)"
    }
}

extension ResourceType {
    public static let namespaces = ResourceType(group: "", version: "v1", plural: "namespaces", kind: "Namespace",
                                                shortNames: ["ns"], namespaced: false, hasStatusSubresource: true)
    public static let pods = ResourceType(group: "", version: "v1", plural: "pods", kind: "Pod", shortNames: ["po"],
                                          hasStatusSubresource: true)
    public static let services = ResourceType(group: "", version: "v1", plural: "services", kind: "Service",
                                              shortNames: ["svc"], hasStatusSubresource: true)
    public static let configMaps = ResourceType(group: "", version: "v1", plural: "configmaps", kind: "ConfigMap",
                                                shortNames: ["cm"])
    public static let replicaSets = ResourceType(group: "apps", version: "v1", plural: "replicasets", kind: "ReplicaSet",
                                                 shortNames: ["rs"], hasStatusSubresource: true)
    public static let rollouts = ResourceType(group: "argoproj.io", version: "v1alpha1", plural: "rollouts",
                                              kind: "Rollout", shortNames: ["ro"], hasStatusSubresource: true,
                                              supportsStrategicMerge: false)
    /// Argo CD's Application (its CRD has no status subresource: the controller writes the whole object).
    public static let applications = ResourceType(group: "argoproj.io", version: "v1alpha1", plural: "applications",
                                                  kind: "Application", shortNames: ["app", "apps"],
                                                  supportsStrategicMerge: false)
    public static let leases = ResourceType(group: "coordination.k8s.io", version: "v1", plural: "leases", kind: "Lease")
    public static let events = ResourceType(group: "", version: "v1", plural: "events", kind: "Event", shortNames: ["ev"])
    public static let selfSubjectAccessReviews = ResourceType(
        group: "authorization.k8s.io", version: "v1", plural: "selfsubjectaccessreviews",
        kind: "SelfSubjectAccessReview", namespaced: false, verbs: ["create"])

    /// Every resource type tandem reads or writes.
    public static let all: [ResourceType] = [
        .namespaces, .pods, .services, .configMaps, .events, .replicaSets, .rollouts, .applications, .leases,
        .selfSubjectAccessReviews,
    ]
}
