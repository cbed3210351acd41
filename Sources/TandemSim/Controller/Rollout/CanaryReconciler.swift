import Foundation
import TandemKubeModel

/// Basic canary (reference §3.10, no traffic routing): `setWeight` and `pause` steps, the
/// replica split `ceil(replicas × weight / 100)`, canary and stable Services, promotion.
/// Analysis steps and background analysis run AnalysisRuns; experiment steps count as done at once.
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

        // The pod restarter (rollout/canary.go): a reconcile that evicted pods ends there, so the
        // next one sees availability without them before scaling anything down.
        let restart = try await PodRestarter(store: store).reconcile(snapshot)
        if restart.restarted > 0 { return restart.wake }
        if restart.finished { status["restartedAt"] = snapshot.spec["restartAt"] }
        wake.at(restart.wake)

        if status["promoteFull"].boolValue == true, !steps.isEmpty { status["currentStepIndex"] = .int(steps.count) }
        var analysis = await RolloutAnalysisRuns.load(snapshot, store: store)
        var inconclusivePaused = false
        if var runs = analysis {
            let added = pause.addReasons.count
            try await reconcileAnalysis(&runs, snapshot: snapshot, newHash: newHash, pause: &pause)
            inconclusivePaused = pause.addReasons.count > added
            analysis = runs
        }
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

        if !halted, !inconclusivePaused {
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
        let startIndex = index
        if !halted, !pause.aborted, !inconclusivePaused, index < steps.count {
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
            } else if !step["analysis"].isNull {
                // completedCurrentCanaryStep: the step's run succeeded; its status entry is then dropped.
                if analysis?.phase(.step(index)) == .successful,
                   analysis?.run(.step(index))?.labels["step-index"] == String(index) {
                    await analysis?.cancel(.step(index))
                    index += 1
                }
            } else {
                index += 1    // experiment and traffic steps are not emulated
            }
            status["currentStepIndex"] = .int(index)
        }
        if index > startIndex, startIndex < steps.count {
            await RolloutEvents(store: store).stepCompleted(snapshot.rollout, step: index, of: steps.count,
                                                            description: Self.stepDescription(steps[startIndex]))
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
        await analysis?.finish(&status, snapshot: snapshot)
        return try await finish(&status, snapshot: snapshot, newRS: newRS, pause: &pause, wake: wake, deadlineExempt: atPauseStep)
    }

    /// `reconcileAnalysisRuns` for canary (rollout/analysis.go): all runs cancelled and dropped once
    /// fully promoted, aborted, promoted in full or on the first deploy; otherwise the current
    /// step's run (`reconcileStepBasedAnalysisRun`) and the background run
    /// (`reconcileBackgroundAnalysisRun`) are started when due, and an Inconclusive run pauses the
    /// rollout while a Failed or Error one aborts it.
    private func reconcileAnalysis(_ runs: inout RolloutAnalysisRuns, snapshot: RolloutSnapshot, newHash: String,
                                   pause: inout PauseContext) async throws(APIStatus) {
        let status = snapshot.status
        let stableHash = status["stableRS"].stringValue ?? ""
        let fullyPromoted = !stableHash.isEmpty && stableHash == status["currentPodHash"].stringValue
        if fullyPromoted || pause.aborted || status["promoteFull"].boolValue == true || stableHash.isEmpty {
            await runs.cancelAll(keepInStatus: false)
            return
        }
        let references = RolloutAnalysisReference.all(in: snapshot.rollout)
        let steps = snapshot.canary["steps"].arrayValue ?? []
        let index = status["currentStepIndex"].intValue ?? steps.count
        let inconclusivePause = !status.pauseCondition("InconclusiveAnalysisRun").isAbsent
        if (status["pauseConditions"].arrayValue ?? []).isEmpty, status["abort"].boolValue != true {
            let reference = references.first { $0.slot == .step(index) }
            let fromPreviousStep = reference != nil && runs.run(.step(index)).map { $0.labels["step-index"] != String(index) } == true
            if let reference, !reference.templateRefs.isEmpty, !fromPreviousStep {
                if runs.needsNew(.step(index)) {
                    try await runs.start(reference, snapshot: snapshot, newHash: newHash, stableHash: stableHash)
                }
                react(to: runs, slot: .step(index), prefix: "Step-based", pause: &pause)
            } else {
                await runs.cancel(.step(index))
            }
        }
        guard let background = references.first(where: { $0.slot == .background }), !background.templateRefs.isEmpty else {
            await runs.cancel(.background)
            return
        }
        let startingStep = background.analysis["startingStep"].intValue ?? 0
        if (status["currentPodHash"].stringValue ?? "").isEmpty || (startingStep > 0 && index < startingStep) {
            await runs.cancel(.background)
            return
        }
        if inconclusivePause { return }
        if runs.needsNew(.background) {
            try await runs.start(background, snapshot: snapshot, newHash: newHash, stableHash: stableHash)
            return
        }
        react(to: runs, slot: .background, prefix: "Background", pause: &pause)
    }

    private func react(to runs: RolloutAnalysisRuns, slot: RolloutAnalysisReference.Slot, prefix: String, pause: inout PauseContext) {
        switch runs.phase(slot) {
        case .inconclusive?: pause.add("InconclusiveAnalysisRun")
        case .failed?, .error?:
            var message = "\(prefix) analysis phase error/failed"
            if let text = runs.run(slot)?[path: ["status", "message"]].stringValue, !text.isEmpty { message += ": \(text)" }
            pause.abort(message: message)
        default: break
        }
    }

    /// `CanaryStepString` (utils/rollout/rolloututil.go), for the RolloutStepCompleted Event.
    static func stepDescription(_ step: JSON) -> String {
        if let weight = step["setWeight"].intValue { return "setWeight: \(weight)" }
        if !step["pause"].isNull {
            let duration = step["pause"]["duration"]
            if let text = duration.stringValue { return "pause: \(text)" }
            if let seconds = duration.intValue { return "pause: \(seconds)" }
            return "pause"
        }
        if !step["experiment"].isNull { return "experiment" }
        if !step["analysis"].isNull { return "analysis" }
        return "invalid"
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
