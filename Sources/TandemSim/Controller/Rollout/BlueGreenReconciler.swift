import Foundation
import TandemKubeModel

/// The blue/green strategy (reference §3.3): preview switch, ReplicaSet scaling, the
/// BlueGreenPause, the active switch, promotion, delayed scale-down, abort and fast-track.
struct BlueGreenReconciler {
    let store: ObjectStore

    private var replicaSets: ReplicaSetWriter { ReplicaSetWriter(store: store) }
    private var switcher: ServiceSwitcher { ServiceSwitcher(store: store) }
    private var statusWriter: RolloutStatusWriter { RolloutStatusWriter(store: store) }

    func reconcile(_ snapshot: inout RolloutSnapshot, newRS: JSON, pause: inout PauseContext) async throws(APIStatus) -> Date? {
        let bg = snapshot.blueGreen
        let activeName = bg["activeService"].stringValue ?? ""
        let previewName = bg["previewService"].stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let newHash = RolloutSnapshot.hash(of: newRS)
        let halted = snapshot.spec["paused"].boolValue == true
        var status = snapshot.status
        var newRS = newRS
        var wake = WakeTime()

        // reconcilePreviewService: the preview Service follows the newest RS at once.
        if let previewName, let preview = snapshot.services[previewName], !halted, !pause.aborted {
            snapshot.services[previewName] = try await switcher.switchSelector(preview, to: newHash, rollout: snapshot.name)
        }
        // A template change the controller has not yet observed: reset the status and stop.
        if status["currentPodHash"].stringValue != newHash {
            snapshot.resetStatus(&status, newHash: newHash)
            if (status["stableRS"].stringValue ?? "").isEmpty { status["stableRS"] = .string(newHash) }
            pause = PauseContext(aborted: false)
            return try await finish(&status, snapshot: snapshot, newRS: newRS, pause: &pause, wake: wake)
        }

        // The pod restarter (rollout/bluegreen.go runs it before reconciling the ReplicaSets).
        let restart = try await PodRestarter(store: store).reconcile(snapshot)
        if restart.finished { status["restartedAt"] = snapshot.spec["restartAt"] }
        wake.at(restart.wake)

        let liveActive = snapshot.serviceHash(activeName)
        let fastTracked = isFastTracked(snapshot, newRS: newRS, liveActive: liveActive)
        var analysis = await RolloutAnalysisRuns.load(snapshot, store: store)
        // completedPrePromotionAnalysis (rollout/pause.go): gates the pause and the active switch.
        let preDone = bg["prePromotionAnalysis"].isNull || analysis?.phase(.prePromotion) == .successful
        let checkpoint = status[path: ["blueGreen", "scaleUpPreviewCheckPoint"]].boolValue == true
        let previewCount = bg["previewReplicaCount"].intValue
        let usePreviewCount = previewCount != nil && !checkpoint && status["promoteFull"].boolValue != true
            && !fastTracked && liveActive != newHash
        let desiredNew = usePreviewCount ? previewCount! : snapshot.replicas

        // Reconcile ReplicaSets: new RS, stable RS, the others with their scale-down delay, history.
        let stableHash = status["stableRS"].stringValue ?? ""
        let stable = snapshot.replicaSet(withHash: stableHash)
        if pause.aborted {
            newRS = try await scaleDownAborted(newRS, stable: stable, snapshot: &snapshot, wake: &wake)
        } else {
            if newRS.annotations[ArgoKeys.scaleDownDeadline] != nil {
                newRS = try await replicaSets.setScaleDownDeadline(newRS, nil)
            }
            newRS = try await replicaSets.scale(newRS, to: desiredNew, rolloutReplicas: snapshot.replicas)
            snapshot.replace(newRS)
        }
        if let stable, stableHash != newHash {
            snapshot.replace(try await replicaSets.scale(stable, to: snapshot.replicas, rolloutReplicas: snapshot.replicas))
        }
        let waitingOld = holdsOldReplicaSets(snapshot, newRS: newRS, analysis: analysis) ? true
            : try await scaleDownOldReplicaSets(&snapshot, keep: [newHash, stableHash], wake: &wake)

        // reconcileBlueGreenPause
        let autoEnabled = bg["autoPromotionEnabled"].boolValue ?? true
        let autoSeconds = bg["autoPromotionSeconds"].intValue ?? 0
        let existingPause = status.pauseCondition("BlueGreenPause")
        var autoResumed = false
        if !pause.aborted, !halted {
            let readyForPause = newRS.rsSpecReplicas == desiredNew && newRS.rsAvailableReplicas >= desiredNew
            let needsPause = !checkpoint && (!autoEnabled || autoSeconds > 0)
            if liveActive == newHash || fastTracked || status["promoteFull"].boolValue == true || !needsPause {
                pause.remove("BlueGreenPause")
            } else if readyForPause, preDone {
                if existingPause.isAbsent, status["controllerPause"].boolValue != true {
                    pause.add("BlueGreenPause")
                } else if let existingPause, autoEnabled, autoSeconds > 0,
                          let start = existingPause["startTime"].stringValue.flatMap(KubeTime.parse) {
                    let resumeAt = start.addingTimeInterval(TimeInterval(autoSeconds))
                    if snapshot.now > resumeAt {
                        pause.remove("BlueGreenPause")
                        autoResumed = true
                    } else {
                        wake.at(resumeAt.addingTimeInterval(1))
                    }
                }
            }
        }
        let completedPause = checkpoint || (autoEnabled && autoSeconds == 0) || autoResumed
            || (status["controllerPause"].boolValue == true && existingPause.isAbsent)
            || status["promoteFull"].boolValue == true || fastTracked
        if let previewCount, !checkpoint, !pause.aborted, completedPause, preDone, liveActive != newHash,
           newRS.rsAvailableReplicas >= previewCount, usePreviewCount {
            status[path: ["blueGreen", "scaleUpPreviewCheckPoint"]] = true
        }

        // reconcileActiveService
        if !halted, let active = snapshot.services[activeName] {
            if pause.aborted {
                if !stableHash.isEmpty, !stable.isAbsent, liveActive != stableHash {
                    snapshot.services[activeName] = try await switcher.switchSelector(active, to: stableHash, rollout: snapshot.name)
                }
            } else if Saturation.isSaturated(newRS, replicas: snapshot.replicas), fastTracked || (completedPause && preDone),
                      liveActive != newHash {
                snapshot.services[activeName] = try await switcher.switchSelector(active, to: newHash, rollout: snapshot.name)
            }
        }

        // reconcileAnalysisRuns: pre-promotion before the switch, post-promotion after it.
        if var runs = analysis {
            try await reconcileAnalysis(&runs, snapshot: snapshot, newRS: newRS, pause: &pause, stableHash: stableHash)
            analysis = runs
        }
        // promoteStable: a switched active Service completes the update once post-promotion
        // analysis (if any) succeeded, unless promoted in full or fast-tracked (shouldFullPromote).
        let postDone = bg["postPromotionAnalysis"].isNull || analysis?.phase(.postPromotion) == .successful
            || status["promoteFull"].boolValue == true || isFastRollback(snapshot, newRS: newRS)
        if !pause.aborted, snapshot.serviceHash(activeName) == newHash, stableHash != newHash, postDone {
            status["stableRS"] = .string(newHash)
            for key in ["pauseConditions", "controllerPause", "promoteFull"] { status.deleteMember([key]) }
            status.deleteMember(["blueGreen", "scaleUpPreviewCheckPoint"])
            pause.remove("BlueGreenPause")
        }
        await analysis?.finish(&status, snapshot: snapshot)
        return try await finish(&status, snapshot: snapshot, newRS: newRS, pause: &pause, wake: wake,
                                deadlineExempt: waitingOld)
    }

    /// `reconcileAnalysisRuns` for blue/green (rollout/analysis.go): everything is cancelled (but kept
    /// in the status) once fully promoted, aborted, promoted in full, fast-tracked or on the first
    /// deploy; otherwise the pre- and post-promotion runs are started when due, and their outcome
    /// pauses (Inconclusive) or aborts (Failed/Error) the rollout (`setPauseOrAbortForBlueGreen`).
    private func reconcileAnalysis(_ runs: inout RolloutAnalysisRuns, snapshot: RolloutSnapshot, newRS: JSON,
                                   pause: inout PauseContext, stableHash: String) async throws(APIStatus) {
        let status = snapshot.status
        let newHash = RolloutSnapshot.hash(of: newRS)
        let fullyPromoted = status["stableRS"].stringValue == status["currentPodHash"].stringValue
        if fullyPromoted || pause.aborted || status["promoteFull"].boolValue == true || isFastRollback(snapshot, newRS: newRS)
            || stableHash.isEmpty {
            await runs.cancelAll(keepInStatus: true)
            return
        }
        let inconclusivePause = !status.pauseCondition("InconclusiveAnalysisRun").isAbsent
        let activeSelector = status[path: ["blueGreen", "activeSelector"]].stringValue ?? ""
        for reference in RolloutAnalysisReference.all(in: snapshot.rollout) {
            let slot = reference.slot
            let post = slot == .postPromotion
            let skip = post
                ? status["stableRS"].stringValue == newHash || activeSelector != newHash
                    || (runs.run(slot) == nil && !Saturation.isSaturated(newRS, replicas: snapshot.replicas))
                : skipPrePromotion(snapshot, newRS: newRS, activeSelector: activeSelector, started: runs.run(slot) != nil)
            if reference.templateRefs.isEmpty {
                await runs.cancel(slot)
                continue
            }
            if skip {
                await runs.cancel(slot, keep: true)
                continue
            }
            if !inconclusivePause, runs.needsNew(slot) {
                try await runs.start(reference, snapshot: snapshot, newHash: newHash, stableHash: stableHash)
            }
            switch runs.phase(slot) {
            case .inconclusive?: pause.add("InconclusiveAnalysisRun")
            case .failed?, .error?:
                var message = "Blue/green \(post ? "post" : "pre")-promotion analysis phase error/failed"
                if let text = runs.run(slot)?[path: ["status", "message"]].stringValue, !text.isEmpty { message += ": \(text)" }
                pause.abort(message: message)
            default: break
            }
        }
        for slot in [RolloutAnalysisReference.Slot.prePromotion, .postPromotion]
        where !RolloutAnalysisReference.all(in: snapshot.rollout).contains(where: { $0.slot == slot }) {
            await runs.cancel(slot)
        }
    }

    /// `skipPrePromotionAnalysisRun`: already promoted, the first deploy, or (before it started)
    /// the new RS not yet saturated (at `previewReplicaCount` when that is set).
    private func skipPrePromotion(_ snapshot: RolloutSnapshot, newRS: JSON, activeSelector: String, started: Bool) -> Bool {
        let newHash = RolloutSnapshot.hash(of: newRS)
        if snapshot.status["stableRS"].stringValue == newHash || activeSelector.isEmpty || activeSelector == newHash { return true }
        if started { return false }
        if let preview = snapshot.blueGreen["previewReplicaCount"].intValue {
            return newRS.rsSpecReplicas != preview || newRS.rsAvailableReplicas != preview
        }
        return !Saturation.isSaturated(newRS, replicas: snapshot.replicas)
    }

    /// `scaleDownOldReplicaSetsForBlueGreen` leaves old RSs alone while paused on an inconclusive
    /// run, and while post-promotion analysis runs without a `scaleDownDelaySeconds`.
    private func holdsOldReplicaSets(_ snapshot: RolloutSnapshot, newRS: JSON, analysis: RolloutAnalysisRuns?) -> Bool {
        let status = snapshot.status
        if !status.pauseCondition("InconclusiveAnalysisRun").isAbsent { return true }
        let bg = snapshot.blueGreen
        guard !bg["postPromotionAnalysis"].isNull, bg["scaleDownDelaySeconds"].isNull else { return false }
        let newHash = RolloutSnapshot.hash(of: newRS)
        let started = analysis?.run(.postPromotion) != nil
        let skipPost = status["stableRS"].stringValue == newHash
            || status[path: ["blueGreen", "activeSelector"]].stringValue != newHash
            || (!started && !Saturation.isSaturated(newRS, replicas: snapshot.replicas))
        return !skipPost && analysis?.phase(.postPromotion) != .successful
    }

    /// syncRolloutStatusBlueGreen + persistRolloutStatus.
    private func finish(_ status: inout JSON, snapshot: RolloutSnapshot, newRS: JSON, pause: inout PauseContext,
                        wake: WakeTime, deadlineExempt: Bool = false) async throws(APIStatus) -> Date? {
        var wake = wake
        snapshot.ensureStrategyMembers(&status)
        let activeHash = snapshot.serviceHash(snapshot.blueGreen["activeService"].stringValue)
        let previewHash = snapshot.serviceHash(snapshot.blueGreen["previewService"].stringValue)
        let all = snapshot.replicaSets
        let activeRS = snapshot.replicaSet(withHash: activeHash)
        status.setCount("replicas", all.reduce(0) { $0 + $1.rsReplicas })
        status.setCount("updatedReplicas", snapshot.replicaSets.first { $0.name == newRS.name }?.rsReplicas ?? newRS.rsReplicas)
        status.setCount("readyReplicas", activeRS?.rsReadyReplicas ?? all.reduce(0) { $0 + $1.rsReadyReplicas })
        status.setCount("availableReplicas", activeRS?.rsAvailableReplicas ?? all.reduce(0) { $0 + $1.rsAvailableReplicas })
        status.setCount("HPAReplicas", activeRS?.rsReplicas ?? all.reduce(0) { $0 + $1.rsReplicas })
        status["selector"] = .string(snapshot.selectorString(hash: activeRS.isAbsent ? nil : activeHash))
        status.setText(["blueGreen", "activeSelector"], activeHash)
        status.setText(["blueGreen", "previewSelector"], previewHash)
        wake.at(statusWriter.finish(&status, snapshot: snapshot, newRS: newRS, pause: &pause, deadlineExempt: deadlineExempt))
        try await statusWriter.persist(status, snapshot: snapshot)
        return wake.date
    }

    /// Fast-track (§3.3 initial deploy and undo): no active hash yet, the new RS is already
    /// active or stable, still scaled up within its scale-down delay, or inside rollbackWindow.
    private func isFastTracked(_ snapshot: RolloutSnapshot, newRS: JSON, liveActive: String?) -> Bool {
        let newHash = RolloutSnapshot.hash(of: newRS)
        if (liveActive ?? "").isEmpty || liveActive == newHash { return true }
        if snapshot.status["stableRS"].stringValue == newHash { return true }
        return isFastRollback(snapshot, newRS: newRS)
    }

    /// `isFastRollback` (rollout/sync.go): a rollback (`isRollback`: the new RS is the stable one or
    /// older than it — a retry after an abort is not) whose RS is still scaled up within its
    /// scale-down delay, or inside rollbackWindow.
    private func isFastRollback(_ snapshot: RolloutSnapshot, newRS: JSON) -> Bool {
        let newHash = RolloutSnapshot.hash(of: newRS)
        guard let stable = snapshot.replicaSet(withHash: snapshot.status["stableRS"].stringValue) else { return false }
        if RolloutSnapshot.hash(of: stable) == newHash { return true }
        guard RolloutSnapshot.originalRevision(of: newRS) < RolloutSnapshot.originalRevision(of: stable) else { return false }
        if newRS.rsSpecReplicas > 0, let deadline = newRS.annotations[ArgoKeys.scaleDownDeadline].flatMap(KubeTime.parse),
           deadline > snapshot.now { return true }
        return RollbackWindow.contains(newRS, snapshot: snapshot)
    }

    /// Abort: the new RS goes to 0 after abortScaleDownDelaySeconds (default 30; 0 = never),
    /// once the stable RS is fully available again.
    private func scaleDownAborted(_ newRS: JSON, stable: JSON?, snapshot: inout RolloutSnapshot,
                                  wake: inout WakeTime) async throws(APIStatus) -> JSON {
        let delay = snapshot.blueGreen["abortScaleDownDelaySeconds"].intValue ?? 30
        guard delay > 0, let stable, stable.name != newRS.name, newRS.rsSpecReplicas > 0,
              stable.rsAvailableReplicas >= snapshot.replicas else { return newRS }
        var rs = newRS
        if let deadline = rs.annotations[ArgoKeys.scaleDownDeadline].flatMap(KubeTime.parse) {
            if deadline <= snapshot.now {
                rs = try await replicaSets.scale(rs, to: 0, rolloutReplicas: snapshot.replicas)
            } else {
                wake.at(deadline)
            }
        } else {
            let deadline = snapshot.now.addingTimeInterval(TimeInterval(delay))
            rs = try await replicaSets.setScaleDownDeadline(rs, deadline)
            wake.at(deadline)
        }
        snapshot.replace(rs)
        return rs
    }

    /// Old RSs (not new, not stable, not behind a live Service) get `scale-down-deadline` and are
    /// scaled to 0 once it passes; beyond revisionHistoryLimit empty ones are deleted. With
    /// `scaleDownDelayRevisionLimit`, only that many of the newest old RSs wait out the delay: the
    /// rest go to 0 at once (Argo's scaleDownOldReplicaSetsForBlueGreen and scaleDownDelayHelper,
    /// rollout/bluegreen.go and rollout/replicaset.go, newest revision first).
    /// Returns whether some old RS is still waiting for its deadline.
    private func scaleDownOldReplicaSets(_ snapshot: inout RolloutSnapshot, keep: Set<String>,
                                         wake: inout WakeTime) async throws(APIStatus) -> Bool {
        let bg = snapshot.blueGreen
        let live: Set<String> = [snapshot.serviceHash(bg["activeService"].stringValue),
                                 snapshot.serviceHash(bg["previewService"].stringValue)].compactMap { $0 }.reduce(into: []) { $0.insert($1) }
        var waiting = false
        let delay = TimeInterval(bg["scaleDownDelaySeconds"].intValue ?? 30)
        let limit = bg["scaleDownDelayRevisionLimit"].intValue ?? Int.max
        var delayed = 0
        for rs in snapshot.replicaSets.sorted(by: { RolloutSnapshot.revision(of: $0) > RolloutSnapshot.revision(of: $1) }) {
            let hash = RolloutSnapshot.hash(of: rs)
            guard !keep.contains(hash), !live.contains(hash), rs.rsSpecReplicas > 0 else { continue }
            if let deadline = rs.annotations[ArgoKeys.scaleDownDeadline].flatMap(KubeTime.parse) {
                delayed += 1
                if delayed > limit || deadline <= snapshot.now {
                    snapshot.replace(try await replicaSets.scale(rs, to: 0, rolloutReplicas: snapshot.replicas))
                } else {
                    waiting = true
                    wake.at(deadline)
                }
            } else if delayed < limit {
                delayed += 1
                let deadline = snapshot.now.addingTimeInterval(delay)
                snapshot.replace(try await replicaSets.setScaleDownDeadline(rs, deadline))
                waiting = true
                wake.at(deadline)
            } else {
                snapshot.replace(try await replicaSets.scale(rs, to: 0, rolloutReplicas: snapshot.replicas))
            }
        }
        await RevisionHistory.cleanUp(&snapshot, keep: keep.union(live), store: store)
        return waiting
    }
}
