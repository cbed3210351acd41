/// A core/v1 Pod: readiness and the labels that tie it to a ReplicaSet.
public struct Pod: KubeObject {
    public static let resourceType = ResourceType.pods
    public var raw: JSON
    public init(_ raw: JSON) { self.raw = raw }

    public var phase: String? { raw[path: ["status", "phase"]].stringValue }
    public var podIP: String? { raw[path: ["status", "podIP"]].stringValue }
    public var podTemplateHash: String? { labels[Rollout.podTemplateHashLabel] }
    public var containers: [Container] { (raw[path: ["spec", "containers"]].arrayValue ?? []).map(Container.init) }
    public var conditions: [KubeCondition] { (raw[path: ["status", "conditions"]].arrayValue ?? []).map(KubeCondition.init) }
    /// The `Ready` condition is `True`.
    public var isReady: Bool { conditions.contains { $0.type == "Ready" && $0.status == "True" } }
    public var ownerReplicaSet: String? {
        guard let owner = raw.controllerOwner, owner["kind"].stringValue == "ReplicaSet" else { return nil }
        return owner["name"].stringValue
    }
}
