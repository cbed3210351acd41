import TandemKubeModel

/// Which part of an object a write may change (Kubernetes status subresource rules).
public enum Subresource: Sendable { case main, status }

/// One change to a stored object, as delivered to watchers.
public struct WatchEvent: Sendable {
    public enum Kind: String, Sendable { case added = "ADDED", modified = "MODIFIED", deleted = "DELETED" }
    public let kind: Kind
    public let resource: ResourceType
    public let object: JSON            // carries metadata.resourceVersion
    /// The object before this change (nil for ADDED): a label-selector watch needs it to tell
    /// an object leaving the selector (DELETED) from one entering it (ADDED).
    public let previous: JSON?

    public init(kind: Kind, resource: ResourceType, object: JSON, previous: JSON? = nil) {
        self.kind = kind
        self.resource = resource
        self.object = object
        self.previous = previous
    }
}

/// Namespace + name of a stored object ("" namespace for cluster-scoped kinds).
struct ObjectKey: Hashable, Sendable, Comparable {
    let namespace: String
    let name: String

    static func < (a: ObjectKey, b: ObjectKey) -> Bool {
        (a.namespace, a.name) < (b.namespace, b.name)
    }
}

extension ResourceType {
    /// Kinds whose `metadata.generation` the API server maintains.
    var tracksGeneration: Bool {
        self == .rollouts || self == .replicaSets || self == .pods
    }

    /// The kind registered under a `qualifiedName` (used when loading persisted rows).
    static func byQualifiedName(_ name: String) -> ResourceType? {
        served.first { $0.qualifiedName == name }
    }
}
