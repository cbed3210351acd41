/// One line of the pairing report: a consumer revision, one dependsOn key, and the dependency
/// revision that key reaches.
public struct PairingRow: Sendable, Hashable, Codable {
    /// Plan service name of the consumer and its ReplicaSet.
    public var consumer: String
    public var consumerRevision: String
    public var role: RevisionRole
    public var version: String
    public var key: String
    /// The key's value in the ConfigMap the revision's template references.
    public var configMap: String?
    public var value: String?
    public var targetService: String?
    public var dependency: String
    public var dependencyRevision: String?
    public var dependencyVersion: String?
    public var dependencyRole: RevisionRole?
    /// `nil` for draining revisions: they serve nothing, so they get no verdict.
    public var verdict: PairingVerdict?
    /// Why the verdict is what it is, in words.
    public var reason: String
    /// What a pod of the consumer revision reported through the Service proxy, if asked.
    public var podSays: String?
    /// The dependency version that pod says it reaches through this key.
    public var podReachedVersion: String?
}

public enum PairingVerdict: String, Sendable, Hashable, Codable {
    /// The revision calls a dependency of its own release, and both sides have ready pods.
    case ok
    /// Paired correctly, but the target has no ready pod yet or the consumer's pods are not ready.
    case waiting
    /// A live or preview revision calls a dependency of another release.
    case mixed = "MIXED"
    /// The chain could not be followed (missing ConfigMap, key, Service, or no revision selected).
    case unresolved
}
