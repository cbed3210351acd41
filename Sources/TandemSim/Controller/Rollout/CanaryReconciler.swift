import Foundation
import TandemKubeModel

/// Basic canary (reference §3.10, no traffic routing): `setWeight` and `pause` steps, the
/// replica split `ceil(replicas × weight / 100)`, canary and stable Services, promotion.
/// Analysis and experiment steps are not emulated and count as done at once.
struct CanaryReconciler {
    let store: ObjectStore

    private var replicaSets: ReplicaSetWriter { ReplicaSetWriter(store: store) }
    private var switcher: ServiceSwitcher { ServiceSwitcher(store: store) }
    private var statusWriter: RolloutStatusWriter { RolloutStatusWriter(store: store) }

    func reconcile(_ snapshot: inout RolloutSnapshot, newRS: JSON, pause: inout PauseContext) async throws(APIStatus) -> Date? {
        let canary = snapshot.canary
        let steps = canary["steps"].arrayValue ?? []
        let stepHash = PodTemplateHash.steps(canary["steps"].isNull ? .array([]) : canary["steps"])
        let newHash = RolloutSnapshot.hash(of: newRS)
        let halted = snapshot.spec["paused"].boolValue == true
        var status = snapshot.status
        var newRS = newRS
        var wake = WakeTime()

        // Template or steps change: restart the steps (or finish them at once on a rollback to stable).
        if status["currentPodHash"].stringValue != newHash || status["currentStepHash"].stringValue != stepHash {
            if status["currentPodHash"].stringValue != newHash {
                snapshot.resetStatus(&status, newHash: newHash)
            } else {
                status.deleteMember(["pauseConditions"])
                status.deleteMember(["controllerPause"])
            }
            status["currentStepHash"] = .string(stepHash)
            if (status["stableRS"].stringValue ?? "").isEmpty { status["stableRS"] = .string(newHash) }
            if !steps.isEmpty { status["currentStepIndex"] = .int(status["stableRS"].stringValue == newHash ? steps.count : 0) }
            pause = PauseContext(aborted: false)
            return try await finish(&status, snapshot: snapshot, newRS: newRS, pause: &pause, wake: wake)
        }

        if status["promoteFull"].boolValue == true, !steps.isEmpty { status["currentStepIndex"] = .int(steps.count) }
        if pause.aborted, !steps.isEmpty {
            status["currentStepIndex"] = .int(status["stableRS"].stringValue == newHash ? steps.count : 0)
        }
        var index = status["currentStepIndex"].intValue ?? steps.count
        let stableHash = status["stableRS"].stringValue ?? ""
        let stable = snapshot.replicaSet(withHash: stableHash)
        let replicas = snapshot.replicas
        let weight = pause.aborted ? 0 : (index >= steps.count ? 100 : Self.currentWeight(steps, index: index))
        let desiredNew = stableHash == newHash ? replicas : Self.share(replicas, weight)
        let desiredStable = weight >= 100 ? replicas : Self.share(replicas, 100 - weight)

        if !halted {
            newRS = try await replicaSets.scale(newRS, to: desiredNew, rolloutReplicas: replicas)
            snapshot.replace(newRS)
            if let stable, stableHash != newHash {
                snapshot.replace(try await replicaSets.scale(stable, to: desiredStable, rolloutReplicas: replicas))
            }
            for rs in snapshot.replicaSets where ![newHash, stableHash].contains(RolloutSnapshot.hash(of: rs)) && rs.rsSpecReplicas > 0 {
                snapshot.replace(try await replicaSets.scale(rs, to: 0, rolloutReplicas: replicas))
            }
            await RevisionHistory.cleanUp(&snapshot, keep: [newHash, stableHash], store: store)
        }

        // Step progress.
        var atPauseStep = false
        if !halted, !pause.aborted, index < steps.count {
            let step = steps[index]
            if step["setWeight"].intValue != nil {
                let stableReady = stable.isAbsent || stableHash == newHash || stable!.rsAvailableReplicas >= min(desiredStable, stable!.rsSpecReplicas)
                if newRS.rsSpecReplicas == desiredNew, newRS.rsAvailableReplicas >= desiredNew, stableReady { index += 1 }
            } else if !step["pause"].isNull {
                atPauseStep = true
                let condition = status.pauseCondition("CanaryPauseStep")
                if status["controllerPause"].boolValue == true, condition.isAbsent {
                    index += 1
                } else if condition.isAbsent {
                    pause.add("CanaryPauseStep")
                    if let duration = Self.pauseDuration(step["pause"]) { wake.at(snapshot.now.addingTimeInterval(duration + 1)) }
                } else if let duration = Self.pauseDuration(step["pause"]),
                          let start = condition?["startTime"].stringValue.flatMap(KubeTime.parse) {
                    let end = start.addingTimeInterval(duration)
                    if snapshot.now > end {
                        pause.remove("CanaryPauseStep")
                        index += 1
                    } else {
                        wake.at(end.addingTimeInterval(1))
                    }
                }
            } else {
                index += 1    // analysis, experiment and traffic steps are not emulated
            }
            status["currentStepIndex"] = .int(index)
        }

        // Promotion once every step is done and the new RS is fully available.
        if !pause.aborted, !halted, index >= steps.count, stableHash != newHash,
           newRS.rsSpecReplicas == replicas, newRS.rsAvailableReplicas >= replicas {
            status["stableRS"] = .string(newHash)
            for key in ["pauseConditions", "controllerPause", "promoteFull"] { status.deleteMember([key]) }
            pause.remove("CanaryPauseStep")
        }

        // Canary and stable Services.
        if !halted {
            let promotedStable = status["stableRS"].stringValue ?? ""
            if let name = canary["stableService"].stringValue, let service = snapshot.services[name], !promotedStable.isEmpty {
                snapshot.services[name] = try await switcher.switchSelector(service, to: promotedStable, rollout: snapshot.name)
            }
            if let name = canary["canaryService"].stringValue, let service = snapshot.services[name] {
                let target = pause.aborted ? promotedStable : (newRS.rsAvailableReplicas >= 1 ? newHash : nil)
                if let target, !target.isEmpty {
                    snapshot.services[name] = try await switcher.switchSelector(service, to: target, rollout: snapshot.name)
                }
            }
        }
        return try await finish(&status, snapshot: snapshot, newRS: newRS, pause: &pause, wake: wake, deadlineExempt: atPauseStep)
    }

    private func finish(_ status: inout JSON, snapshot: RolloutSnapshot, newRS: JSON, pause: inout PauseContext,
                        wake: WakeTime, deadlineExempt: Bool = false) async throws(APIStatus) -> Date? {
        var wake = wake
        snapshot.ensureStrategyMembers(&status)
        let all = snapshot.replicaSets
        status.setCount("replicas", all.reduce(0) { $0 + $1.rsReplicas })
        status.setCount("updatedReplicas", all.first { $0.name == newRS.name }?.rsReplicas ?? 0)
        status.setCount("readyReplicas", all.reduce(0) { $0 + $1.rsReadyReplicas })
        status.setCount("availableReplicas", all.reduce(0) { $0 + $1.rsAvailableReplicas })
        status.setCount("HPAReplicas", all.reduce(0) { $0 + $1.rsReplicas })
        status["selector"] = .string(snapshot.selectorString(hash: nil))
        wake.at(statusWriter.finish(&status, snapshot: snapshot, newRS: newRS, pause: &pause, deadlineExempt: deadlineExempt))
        try await statusWriter.persist(status, snapshot: snapshot)
        return wake.date
    }

    /// The weight of the last `setWeight` step at or before `index` (0 if none).
    static func currentWeight(_ steps: [JSON], index: Int) -> Int {
        guard !steps.isEmpty else { return 100 }
        for i in stride(from: min(index, steps.count - 1), through: 0, by: -1) {
            if let weight = steps[i]["setWeight"].intValue { return weight }
        }
        return 0
    }

    /// `ceil(replicas × percent / 100)`, as basic canary sizes its ReplicaSets.
    static func share(_ replicas: Int, _ percent: Int) -> Int {
        (replicas * max(0, min(100, percent)) + 99) / 100
    }

    /// A pause step's duration in seconds: an int, or a string like "30s", "1h", "10". nil = indefinite.
    static func pauseDuration(_ pause: JSON) -> TimeInterval? {
        let value = pause["duration"]
        if let seconds = value.intValue { return seconds > 0 ? TimeInterval(seconds) : nil }
        guard let text = value.stringValue, let duration = try? KubeDuration.parse(text) else { return nil }
        return duration > .zero ? duration.timeInterval : nil
    }
}
