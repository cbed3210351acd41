import TandemKubeModel

/// One pause of a lockstep canary group: the step index every member pauses at and the weight
/// the canaries carry there.
public struct CanaryStage: Sendable, Equatable, Hashable {
    /// Index of the `pause: {}` step in `spec.strategy.canary.steps`.
    public var pauseIndex: Int
    /// The last `setWeight` before that pause (0 when none).
    public var weight: Int

    public init(pauseIndex: Int, weight: Int) {
        self.pauseIndex = pauseIndex
        self.weight = weight
    }
}

/// The canary steps a lockstep group moves through together: every member has the same steps
/// (preflight makes sure), so the stages of any member are the group's. Stage 1 is reached by
/// the deploy; each later stage by one `canary-step`; the promotion after the last stage.
public struct CanaryGroup: Sendable, Equatable, Hashable {
    public var stages: [CanaryStage]

    public init(stages: [CanaryStage]) {
        self.stages = stages
    }

    /// The pauses of a Rollout's canary steps, with the weight set before each.
    public static func stages(of steps: [JSON]) -> [CanaryStage] {
        var weight = 0
        var stages: [CanaryStage] = []
        for (index, step) in steps.enumerated() {
            if let value = step["setWeight"].intValue { weight = value }
            if !step["pause"].isNull { stages.append(CanaryStage(pauseIndex: index, weight: weight)) }
        }
        return stages
    }

    /// The group of a canary Rollout (its own stages).
    public init(rollout: Rollout) {
        self.init(stages: Self.stages(of: rollout.canary?.steps ?? []))
    }

    /// Stage `number` (1-based), if the group has it.
    public func stage(_ number: Int) -> CanaryStage? {
        stages.indices.contains(number - 1) ? stages[number - 1] : nil
    }

    /// The first stage (1-based) at which the canaries carry `weight`.
    public func stageNumber(atWeight weight: Int) -> Int? {
        stages.firstIndex { $0.weight == weight }.map { $0 + 1 }
    }
}
