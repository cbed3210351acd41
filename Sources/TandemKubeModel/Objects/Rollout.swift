/// An Argo Rollout (`argoproj.io/v1alpha1`), reference §1: the spec parts tandem reads.
public struct Rollout: KubeObject {
    public static let resourceType = ResourceType.rollouts
    public static let podTemplateHashLabel = "rollouts-pod-template-hash"
    public static let revisionAnnotation = "rollout.argoproj.io/revision"

    public var raw: JSON
    public init(_ raw: JSON) { self.raw = raw }

    public enum StrategyKind: String, Sendable { case blueGreen, canary, none }

    /// `spec.replicas`, default 1.
    public var replicas: Int { raw[path: ["spec", "replicas"]].intValue ?? 1 }
    public var paused: Bool { raw[path: ["spec", "paused"]].boolValue ?? false }
    public var selector: LabelSelector { LabelSelector(object: raw[path: ["spec", "selector"]]) }
    public var selectorJSON: JSON { raw[path: ["spec", "selector"]] }
    public var template: PodTemplate { PodTemplate(raw[path: ["spec", "template"]]) }
    public var workloadRef: JSON? { let w = raw[path: ["spec", "workloadRef"]]; return w.isNull ? nil : w }
    public var restartAt: String? { raw[path: ["spec", "restartAt"]].stringValue }

    public var strategy: StrategyKind {
        let s = raw[path: ["spec", "strategy"]]
        if !s["blueGreen"].isNull { return .blueGreen }
        if !s["canary"].isNull { return .canary }
        return .none
    }
    public var blueGreen: BlueGreenStrategy? {
        let s = raw[path: ["spec", "strategy", "blueGreen"]]
        return s.isNull ? nil : BlueGreenStrategy(raw: s)
    }
    public var canary: CanaryStrategy? {
        let s = raw[path: ["spec", "strategy", "canary"]]
        return s.isNull ? nil : CanaryStrategy(raw: s)
    }

    public var status: RolloutStatus { RolloutStatus(raw["status"]) }

    /// `status.stableRS == status.currentPodHash` (and both set).
    public var isFullyPromoted: Bool {
        let s = status
        return s.stableRS != nil && s.stableRS == s.currentPodHash
    }

    /// `status.observedGeneration` parsed; non-numeric (v0.9 hashes) or greater counts as observed (§5).
    public var isGenerationObserved: Bool {
        guard let observed = status.observedGeneration, let number = Int(observed) else {
            return status.observedGeneration != nil
        }
        guard let generation else { return true }
        return number >= generation
    }
}

public struct BlueGreenStrategy: Sendable, Hashable {
    public var raw: JSON
    public var activeService: String? { raw["activeService"].stringValue }
    public var previewService: String? { raw["previewService"].stringValue }
    /// Default true.
    public var autoPromotionEnabled: Bool { raw["autoPromotionEnabled"].boolValue ?? true }
    public var autoPromotionSeconds: Int { raw["autoPromotionSeconds"].intValue ?? 0 }
    public var previewReplicaCount: Int? { raw["previewReplicaCount"].intValue }
    /// Default 30.
    public var scaleDownDelaySeconds: Int { raw["scaleDownDelaySeconds"].intValue ?? 30 }
    public var hasPostPromotionAnalysis: Bool { !raw["postPromotionAnalysis"].isNull }
    public var hasPrePromotionAnalysis: Bool { !raw["prePromotionAnalysis"].isNull }
}

public struct CanaryStrategy: Sendable, Hashable {
    public var raw: JSON
    public var steps: [JSON] { raw["steps"].arrayValue ?? [] }
    public var canaryService: String? { raw["canaryService"].stringValue }
    public var stableService: String? { raw["stableService"].stringValue }
    public var hasTrafficRouting: Bool { !raw["trafficRouting"].isNull }
}
