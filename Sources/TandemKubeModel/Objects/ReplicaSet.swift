/// An `apps/v1` ReplicaSet, as the Rollouts controller creates them (one per pod-template hash).
public struct ReplicaSet: KubeObject {
    public static let resourceType = ResourceType.replicaSets
    public var raw: JSON
    public init(_ raw: JSON) { self.raw = raw }

    public var podTemplateHash: String? { labels[Rollout.podTemplateHashLabel] }
    /// `rollout.argoproj.io/revision` as a number.
    public var revision: Int? { annotations[Rollout.revisionAnnotation].flatMap { Int($0) } }
    public var specReplicas: Int { raw[path: ["spec", "replicas"]].intValue ?? 1 }
    public var selector: LabelSelector { LabelSelector(object: raw[path: ["spec", "selector"]]) }
    public var template: PodTemplate { PodTemplate(raw[path: ["spec", "template"]]) }
    public var replicas: Int { raw[path: ["status", "replicas"]].intValue ?? 0 }
    public var readyReplicas: Int { raw[path: ["status", "readyReplicas"]].intValue ?? 0 }
    public var availableReplicas: Int { raw[path: ["status", "availableReplicas"]].intValue ?? 0 }
    public var observedGeneration: Int? { raw[path: ["status", "observedGeneration"]].intValue }
    /// UID of the owner reference marked `controller: true`.
    public var controllerUID: String? { raw.controllerOwner?["uid"].stringValue }
    public var controllerKind: String? { raw.controllerOwner?["kind"].stringValue }
}
