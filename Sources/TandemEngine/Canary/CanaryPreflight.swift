import TandemKubeModel
import TandemPairing
import TandemPlan

/// A lockstep plan whose Rollouts cannot step their canaries together: every reason, each with
/// its fix. Nothing was changed in the cluster (exit 2).
public struct CanaryPreflightError: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [String]

    public var description: String {
        "plan cannot be released as a lockstep canary group (nothing was changed):\n"
            + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}

/// What a consumer's current (stable) pods read for one dependency: the Service named by the value
/// of its ConfigMap key.
public struct StableTarget: Sendable, Equatable {
    public var consumer: String
    public var dependency: String
    public var key: String
    public var configMap: String
    public var value: String
    /// The Service the value names; `nil` when it names none that exists.
    public var service: Service?

    public init(consumer: String, dependency: String, key: String, configMap: String, value: String, service: Service?) {
        self.consumer = consumer
        self.dependency = dependency
        self.key = key
        self.configMap = configMap
        self.value = value
        self.service = service
    }
}

/// Decides, from the live Rollouts alone, whether a lockstep plan is a canary group and whether it
/// can step together (product.md "Lockstep canary"). Pure.
public enum CanaryPreflight {
    /// - Parameters:
    ///   - members: every service of the plan with its Rollout, in plan order.
    ///   - stableTargets: what each consumer's stable pods call (see `StableTarget`).
    /// - Returns: the group's stages, or `nil` for a plan without canary Rollouts.
    public static func check(plan: ReleasePlan, members: [(service: String, rollout: Rollout)],
                             stableTargets: [StableTarget]) throws(CanaryPreflightError) -> CanaryGroup? {
        let weightCheckpoints = plan.checkpoints.compactMap { checkpoint -> (String, Int)? in
            if case .weight(let weight) = checkpoint.after { return (checkpoint.name, weight) }
            return nil
        }
        let canaries = members.filter { $0.rollout.strategy == .canary }
        guard plan.coupling == .lockstep, !canaries.isEmpty else {
            let problems = weightCheckpoints.map { name, weight in
                "checkpoint \"\(name)\" is after weight:\(weight), but \(plan.coupling == .lockstep ? "no Rollout of the plan uses the canary strategy" : "the plan is not lockstep"): "
                    + "weights exist only for a lockstep group of canary Rollouts; use after: deploy (or deploy:/promote:<service>)"
            }
            if !problems.isEmpty { throw CanaryPreflightError(problems: problems) }
            return nil
        }
        var problems: [String] = []
        let others = members.filter { $0.rollout.strategy != .canary }
        if !others.isEmpty {
            problems.append("mixed strategies in one lockstep plan: \(describe(canaries)) use canary, \(describe(others)) "
                + "\(others.map(\.rollout.strategy.rawValue).allSatisfy { $0 == "blueGreen" } ? "use blueGreen" : "use another strategy"); "
                + "a lockstep group steps together only when every Rollout uses the same strategy: move them to one strategy, or release them in separate plans")
        }
        for (service, rollout) in canaries {
            let where_ = "Rollout \(rollout.namespace ?? "")/\(rollout.name) (service \(service))"
            let canary = rollout.canary
            if canary?.stableService == nil {
                problems.append("\(where_) has no spec.strategy.canary.stableService: tandem needs it to keep stable pods paired with stable pods; add a Service (selector = the Rollout's pod labels) and name it in stableService")
            }
            if canary?.canaryService == nil {
                problems.append("\(where_) has no spec.strategy.canary.canaryService: tandem verifies each step through it; add a Service (selector = the Rollout's pod labels) and name it in canaryService")
            }
            let steps = canary?.steps ?? []
            for (index, step) in steps.enumerated() where !step["pause"].isNull && hasDuration(step["pause"]) {
                problems.append("\(where_) step \(index) is a timed pause (\(step["pause"].serializedString())): the controller would move on by itself, ahead of the group; write `- pause: {}` and let tandem promote the group")
            }
            if CanaryGroup.stages(of: steps).isEmpty {
                problems.append("\(where_) has no `pause: {}` step: without one the group has no point to wait for each other; add `- pause: {}` after each setWeight the group should verify together")
            }
        }
        if let first = canaries.first {
            let reference = signature(first.rollout)
            for member in canaries.dropFirst() where signature(member.rollout) != reference {
                problems.append("the setWeight/pause steps of Rollout \(member.rollout.name) [\(signature(member.rollout).joined(separator: ", "))] "
                    + "differ from those of Rollout \(first.rollout.name) [\(reference.joined(separator: ", "))]: the group moves one step at a time, so give every Rollout the same setWeight and pause steps")
            }
            let group = CanaryGroup(rollout: first.rollout)
            for (name, weight) in weightCheckpoints where group.stageNumber(atWeight: weight) == nil {
                let weights = group.stages.map { "weight:\($0.weight)" }.joined(separator: ", ")
                problems.append("checkpoint \"\(name)\" is after weight:\(weight), but no pause of the group's steps is at weight \(weight): use one of \(weights.isEmpty ? "(none)" : weights), or add a setWeight \(weight) followed by pause: {}")
            }
        }
        let rollouts = Dictionary(members.map { ($0.service, $0.rollout) }, uniquingKeysWith: { a, _ in a })
        for target in stableTargets {
            guard let dependency = rollouts[target.dependency], dependency.strategy == .canary,
                  rollouts[target.consumer]?.strategy == .canary, let service = target.service else { continue }
            if let problem = stablePairingProblem(target, service: service, dependency: dependency) { problems.append(problem) }
        }
        if !problems.isEmpty { throw CanaryPreflightError(problems: problems) }
        guard let first = canaries.first else { return nil }
        return CanaryGroup(rollout: first.rollout)
    }

    /// Stable consumer pods must reach only the dependency's stable pods: through its stableService
    /// (Argo pins it to the stable hash) or a Service pinned to the stable hash.
    static func stablePairingProblem(_ target: StableTarget, service: Service, dependency: Rollout) -> String? {
        let stableHash = dependency.status.stableRS
        if service.name == dependency.canary?.stableService { return nil }
        let why: String
        // Checked before the hash: on a fully promoted Rollout Argo points the canaryService at the
        // stable hash too, and moves it to the canary as soon as the release starts.
        if service.name == dependency.canary?.canaryService {
            why = "that is the canaryService of Rollout \(dependency.name), which selects its canary pods"
        } else if let hash = service.podTemplateHash, hash == stableHash {
            return nil
        } else if let hash = service.podTemplateHash {
            why = "it is pinned to revision \(hash), not to the stable revision \(stableHash ?? "?") of Rollout \(dependency.name)"
        } else {
            why = "its selector has no rollouts-pod-template-hash, so during the canary it load-balances over both revisions of Rollout \(dependency.name)"
        }
        let fix = dependency.canary?.stableService.map { "set \(target.key) to \($0) (the stableService of \(dependency.name), pinned to the stable hash by Argo)" }
            ?? "add a stableService to Rollout \(dependency.name) and point \(target.key) at it"
        return "stable pods of \(target.consumer) would reach canary pods of \(target.dependency): ConfigMap \(target.configMap) has \(target.key)=\(target.value), "
            + "Service \(service.name) — \(why); \(fix) before the release"
    }

    /// The steps that must agree across the group: setWeight values and pauses, in order.
    static func signature(_ rollout: Rollout) -> [String] {
        (rollout.canary?.steps ?? []).compactMap { step in
            if let weight = step["setWeight"].intValue { return "setWeight \(weight)" }
            if !step["pause"].isNull { return hasDuration(step["pause"]) ? "pause \(step["pause"]["duration"].serializedString())" : "pause" }
            return nil
        }
    }

    /// Whether a pause step has a duration (a string or a positive number): `pause: {}` has none.
    static func hasDuration(_ pause: JSON) -> Bool {
        let duration = pause["duration"]
        if duration.isNull { return false }
        if let seconds = duration.intValue { return seconds > 0 }
        if let text = duration.stringValue { return !text.isEmpty && text != "0" && text != "0s" }
        return true
    }

    static func describe(_ members: [(service: String, rollout: Rollout)]) -> String {
        members.map { "\($0.rollout.name)" }.joined(separator: ", ")
    }
}
