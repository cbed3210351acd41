/// `status` of a Rollout as the controller writes it (reference §2). Missing fields read as
/// their Go zero values, because the controller omits empty ones.
public struct RolloutStatus: Sendable, Hashable {
    public var raw: JSON
    public init(_ raw: JSON) { self.raw = raw }

    public var phase: String? { nonEmpty(raw["phase"].stringValue) }
    public var message: String? { nonEmpty(raw["message"].stringValue) }
    /// A decimal string in v0.10+ (a spec hash in v0.9 and older); tolerant of a number.
    public var observedGeneration: String? {
        if let s = raw["observedGeneration"].stringValue { return s }
        return raw["observedGeneration"].intValue.map(String.init)
    }
    public var currentPodHash: String? { nonEmpty(raw["currentPodHash"].stringValue) }
    public var currentStepHash: String? { nonEmpty(raw["currentStepHash"].stringValue) }
    public var stableRS: String? { nonEmpty(raw["stableRS"].stringValue) }
    public var replicas: Int { raw["replicas"].intValue ?? 0 }
    public var updatedReplicas: Int { raw["updatedReplicas"].intValue ?? 0 }
    public var readyReplicas: Int { raw["readyReplicas"].intValue ?? 0 }
    public var availableReplicas: Int { raw["availableReplicas"].intValue ?? 0 }
    public var hpaReplicas: Int { raw["HPAReplicas"].intValue ?? 0 }
    public var selector: String? { nonEmpty(raw["selector"].stringValue) }
    public var collisionCount: Int? { raw["collisionCount"].intValue }
    public var activeSelector: String? { nonEmpty(raw[path: ["blueGreen", "activeSelector"]].stringValue) }
    public var previewSelector: String? { nonEmpty(raw[path: ["blueGreen", "previewSelector"]].stringValue) }
    public var scaleUpPreviewCheckPoint: Bool { raw[path: ["blueGreen", "scaleUpPreviewCheckPoint"]].boolValue ?? false }
    public var prePromotionAnalysisRunStatus: JSON { raw[path: ["blueGreen", "prePromotionAnalysisRunStatus"]] }
    public var postPromotionAnalysisRunStatus: JSON { raw[path: ["blueGreen", "postPromotionAnalysisRunStatus"]] }
    public var currentStepAnalysisRunStatus: JSON { raw[path: ["canary", "currentStepAnalysisRunStatus"]] }
    public var currentStepIndex: Int? { raw["currentStepIndex"].intValue }
    public var pauseConditions: [PauseCondition] { (raw["pauseConditions"].arrayValue ?? []).map(PauseCondition.init) }
    public var controllerPause: Bool { raw["controllerPause"].boolValue ?? false }
    public var abort: Bool { raw["abort"].boolValue ?? false }
    public var abortedAt: String? { raw["abortedAt"].stringValue }
    public var promoteFull: Bool { raw["promoteFull"].boolValue ?? false }
    public var restartedAt: String? { raw["restartedAt"].stringValue }
    public var conditions: [KubeCondition] { (raw["conditions"].arrayValue ?? []).map(KubeCondition.init) }
    public func condition(_ type: String) -> KubeCondition? { conditions.first { $0.type == type } }

    private func nonEmpty(_ s: String?) -> String? { (s?.isEmpty ?? true) ? nil : s }
}

/// `status.pauseConditions[]`: `{reason, startTime}`.
public struct PauseCondition: Sendable, Hashable {
    public var raw: JSON
    public init(_ raw: JSON) { self.raw = raw }
    public var reason: String { raw["reason"].stringValue ?? "" }
    public var startTime: String? { raw["startTime"].stringValue }
}
