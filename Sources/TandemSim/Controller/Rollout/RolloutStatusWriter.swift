import Foundation
import TandemKubeModel

/// `persistRolloutStatus` (reference §3.1 step 9, §2.1, §3.7): finishes the status a strategy
/// built — observedGeneration, progress-deadline abort, pause/abort, conditions, phase — and
/// sends the two-way merge-patch diff to the status subresource (nothing when unchanged).
struct RolloutStatusWriter {
    let store: ObjectStore

    /// Returns when the rollout must be looked at again for its progress deadline, if ever.
    func finish(_ status: inout JSON, snapshot: RolloutSnapshot, newRS: JSON?, pause: inout PauseContext,
                deadlineExempt: Bool) -> Date? {
        let old = snapshot.status
        let now = snapshot.now
        status["observedGeneration"] = .string(String(snapshot.generation))
        if status["currentPodHash"] == status["stableRS"] { status.deleteMember(["promoteFull"]) }
        let oldProgressing = RolloutConditions.get(.progressing, in: old)
        if snapshot.spec["progressDeadlineAbort"].boolValue == true, !pause.aborted,
           oldProgressing?["reason"].stringValue == RolloutConditions.timedOutReason, !isCompleted(status) {
            pause.abort(message: oldProgressing?["message"].stringValue)
        }
        pause.apply(to: &status, previousAbortedAt: old["abortedAt"], now: now)
        let wake = setConditions(&status, snapshot: snapshot, newRS: newRS, pause: pause, deadlineExempt: deadlineExempt)
        RolloutPhaseCalculator.apply(rollout: snapshot.rollout, to: &status)
        return wake
    }

    /// Sends `{"status": diff(old, new)}` as a merge patch to `/status`.
    @discardableResult
    func persist(_ status: JSON, snapshot: RolloutSnapshot) async throws(APIStatus) -> JSON? {
        guard let diff = MergePatch.diff(from: snapshot.status, to: status) else { return nil }
        let saved = try await store.modify(.rollouts, namespace: snapshot.namespace, name: snapshot.name,
                                           subresource: .status) { current in
            var copy = current
            let base = current["status"].objectValue == nil ? JSON.emptyObject : current["status"]
            copy["status"] = MergePatch.apply(diff, to: base)
            return copy
        }
        await recordStateChanges(old: snapshot.status, new: status, snapshot: snapshot)
        return saved
    }

    /// The Events Argo records when a status it persists changed: `sendStateChangeEvents`
    /// (paused/resumed), the RolloutAborted condition being set, Completed turning False
    /// (`RolloutNotCompleted`) and `promoteStable` (`RolloutCompleted`) — rollout/sync.go.
    private func recordStateChanges(old: JSON, new: JSON, snapshot: RolloutSnapshot) async {
        let events = RolloutEvents(store: store)
        let rollout = snapshot.rollout
        let revision = Int(rollout.annotations[ArgoKeys.revision] ?? "") ?? 0
        let hash = new["currentPodHash"].stringValue ?? ""
        await events.pauseChanged(rollout, old: old, new: new)
        if let progressing = RolloutConditions.get(.progressing, in: new),
           progressing["reason"].stringValue == RolloutConditions.abortedReason,
           RolloutConditions.get(.progressing, in: old) != progressing {
            await events.aborted(rollout, message: progressing["message"].stringValue ?? "")
        }
        if RolloutConditions.get(.completed, in: new)?["status"].stringValue == "False",
           RolloutConditions.get(.completed, in: old)?["status"].stringValue == "True" {
            await events.notCompleted(rollout, revision: revision, hash: hash)
        }
        let stable = new["stableRS"].stringValue ?? ""
        if !stable.isEmpty, stable == hash, old["stableRS"].stringValue != stable {
            await events.completed(rollout, revision: revision, hash: hash, reason: completionReason(old: old, snapshot: snapshot))
        }
    }

    /// The reason `shouldFullPromote` gives (the fast-rollback reasons are not told apart).
    private func completionReason(old: JSON, snapshot: RolloutSnapshot) -> String {
        if (old["stableRS"].stringValue ?? "").isEmpty { return "Initial deploy" }
        if old["promoteFull"].boolValue == true { return "Full promotion requested" }
        if snapshot.isBlueGreen { return "Completed blue-green update" }
        return "Completed all \(snapshot.canary["steps"].arrayValue?.count ?? 0) canary steps"
    }

    private func isCompleted(_ status: JSON) -> Bool {
        let stable = status["stableRS"].stringValue ?? ""
        return !stable.isEmpty && stable == status["currentPodHash"].stringValue
    }

    // MARK: - calculateRolloutConditions

    private func setConditions(_ status: inout JSON, snapshot: RolloutSnapshot, newRS: JSON?, pause: PauseContext,
                               deadlineExempt: Bool) -> Date? {
        let old = snapshot.status
        let now = snapshot.now
        let rsName = newRS?.name
        let isPaused = !(old["pauseConditions"].arrayValue ?? []).isEmpty || snapshot.spec["paused"].boolValue == true
        var wake: Date?
        if pause.aborted {
            let revision = Int(snapshot.rollout.annotations[ArgoKeys.revision] ?? "")
                ?? newRS.map(RolloutSnapshot.revision(of:)) ?? 0
            var message = RolloutConditions.abortedMessage(revision: revision)
            if let extra = pause.abortMessage, !extra.isEmpty { message += ": \(extra)" }
            RolloutConditions.set(RolloutConditions.make(.progressing, "False", RolloutConditions.abortedReason,
                                                         message, now: now), in: &status)
        } else if isHealthy(status, snapshot: snapshot) {
            let message = rsName.map(RolloutConditions.completedMessage) ?? "Rollout \"\(snapshot.name)\" has successfully progressed."
            RolloutConditions.set(RolloutConditions.make(.progressing, "True", RolloutConditions.newRSAvailableReason,
                                                         message, now: now), in: &status)
        } else if madeProgress(old: old, new: status, snapshot: snapshot) {
            let message = rsName.map(RolloutConditions.progressingMessage) ?? "Rollout \"\(snapshot.name)\" is progressing."
            var condition = RolloutConditions.make(.progressing, "True", RolloutConditions.updatedReason, message, now: now)
            if let current = RolloutConditions.get(.progressing, in: status) {
                if current["status"].stringValue == "True" { condition["lastTransitionTime"] = current["lastTransitionTime"] }
                RolloutConditions.remove(.progressing, from: &status)
            }
            RolloutConditions.set(condition, in: &status)
        } else if let progressing = RolloutConditions.get(.progressing, in: status), !deadlineExempt,
                  RolloutConditions.get(.paused, in: status)?["status"].stringValue != "True",
                  ![RolloutConditions.abortedReason, RolloutConditions.pausedReason, RolloutConditions.newRSAvailableReason]
                    .contains(progressing["reason"].stringValue ?? "") {
            let deadline = TimeInterval(snapshot.spec["progressDeadlineSeconds"].intValue ?? 600)
            let last = progressing["lastUpdateTime"].stringValue.flatMap(KubeTime.parse) ?? now
            if progressing["reason"].stringValue == RolloutConditions.timedOutReason || last.addingTimeInterval(deadline) < now {
                let message = rsName.map(RolloutConditions.timedOutMessage) ?? "Rollout \"\(snapshot.name)\" has timed out progressing."
                RolloutConditions.set(RolloutConditions.make(.progressing, "False", RolloutConditions.timedOutReason,
                                                             message, now: now), in: &status)
            } else {
                wake = last.addingTimeInterval(deadline + 1)
            }
        }
        let available = snapshot.isBlueGreen ? activeSaturated(status, snapshot) : canaryAvailable(snapshot)
        RolloutConditions.set(available
            ? RolloutConditions.make(.available, "True", RolloutConditions.availableReason, RolloutConditions.availableMessage, now: now)
            : RolloutConditions.make(.available, "False", RolloutConditions.availableReason, RolloutConditions.notAvailableMessage, now: now),
            in: &status)
        RolloutConditions.set(RolloutConditions.make(.completed, isCompleted(status) ? "True" : "False",
                                                     RolloutConditions.completedReason, RolloutConditions.completedReason,
                                                     now: now), in: &status)
        let healthy = !isPaused && isHealthy(status, snapshot: snapshot)
        RolloutConditions.set(RolloutConditions.make(.healthy, healthy ? "True" : "False", RolloutConditions.healthyReason,
                                                     healthy ? RolloutConditions.healthyMessage : RolloutConditions.notHealthyMessage,
                                                     now: now), in: &status)
        RolloutConditions.remove(.invalidSpec, from: &status)
        return wake
    }

    /// `RolloutHealthy`: every replica updated and available, the previous observedGeneration
    /// current, and the strategy finished.
    private func isHealthy(_ status: JSON, snapshot: RolloutSnapshot) -> Bool {
        let replicas = snapshot.replicas
        let current = status["currentPodHash"].stringValue ?? ""
        var finished = true
        if snapshot.isBlueGreen {
            finished = status[path: ["blueGreen", "activeSelector"]].stringValue == current
            if let preview = snapshot.blueGreen["previewService"].stringValue, !preview.isEmpty {
                finished = finished && status[path: ["blueGreen", "previewSelector"]].stringValue == current
            }
        } else {
            let steps = snapshot.canary["steps"].arrayValue?.count ?? 0
            let index = status["currentStepIndex"].intValue
            let allSteps = steps == 0 || index == nil || index == steps
            finished = allSteps && isCompleted(status) && (status["replicas"].intValue ?? 0) == replicas
        }
        return (status["updatedReplicas"].intValue ?? 0) == replicas
            && (status["availableReplicas"].intValue ?? 0) == replicas
            && snapshot.status["observedGeneration"].stringValue == String(snapshot.generation)
            && finished
    }

    /// `RolloutProgressing`: any change worth refreshing the Progressing condition for.
    private func madeProgress(old: JSON, new: JSON, snapshot: RolloutSnapshot) -> Bool {
        if snapshot.isBlueGreen {
            if old[path: ["blueGreen", "activeSelector"]] != new[path: ["blueGreen", "activeSelector"]] { return true }
            if old[path: ["blueGreen", "previewSelector"]] != new[path: ["blueGreen", "previewSelector"]] { return true }
        } else {
            for key in ["currentStepIndex", "stableRS", "currentStepHash"] where old[key] != new[key] { return true }
        }
        func n(_ s: JSON, _ k: String) -> Int { s[k].intValue ?? 0 }
        return n(new, "updatedReplicas") != n(old, "updatedReplicas")
            || n(new, "replicas") - n(new, "updatedReplicas") < n(old, "replicas") - n(old, "updatedReplicas")
            || n(new, "readyReplicas") > n(old, "readyReplicas")
            || n(new, "availableReplicas") > n(old, "availableReplicas")
    }

    private func activeSaturated(_ status: JSON, _ snapshot: RolloutSnapshot) -> Bool {
        guard let active = snapshot.replicaSet(withHash: status[path: ["blueGreen", "activeSelector"]].stringValue) else {
            return false
        }
        return Saturation.isSaturated(active, replicas: snapshot.replicas)
    }

    private func canaryAvailable(_ snapshot: RolloutSnapshot) -> Bool {
        snapshot.replicaSets.reduce(0) { $0 + $1.rsAvailableReplicas } >= snapshot.replicas
    }
}

enum Saturation {
    /// `IsSaturated`: spec.replicas, the desired-replicas annotation and availableReplicas all equal the rollout's replicas.
    static func isSaturated(_ rs: JSON, replicas: Int) -> Bool {
        rs.rsSpecReplicas == replicas && rs.annotations[ArgoKeys.desiredReplicas] == String(replicas)
            && rs.rsAvailableReplicas == replicas
    }
}
