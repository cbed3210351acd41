import Foundation
import TandemKubeModel

/// One reconcile of one Rollout: the skeleton every strategy shares (reference §3.1).
/// Returns the clock time at which the Rollout must be looked at again (timers), if any.
struct RolloutReconciler {
    let store: ObjectStore
    let clock: any SimClock
    let index: OwnershipIndex?

    var replicaSets: ReplicaSetWriter { ReplicaSetWriter(store: store) }
    var statusWriter: RolloutStatusWriter { RolloutStatusWriter(store: store) }

    func reconcile(namespace: String, name: String) async throws(APIStatus) -> Date? {
        guard var snapshot = await RolloutSnapshot.load(owned: OwnedObjects(store: store, index: index), namespace: namespace, name: name, now: clock.now),
              snapshot.rollout.deletionTimestamp == nil else { return nil }
        if let invalid = RolloutValidator.validate(snapshot) {
            try await persistInvalidSpec(invalid, snapshot: snapshot)
            return snapshot.now.addingTimeInterval(20)
        }
        let hash = PodTemplateHash.compute(template: snapshot.spec["template"],
                                           collisionCount: snapshot.status["collisionCount"].intValue)
        let found = snapshot.replicaSet(withHash: hash)
            ?? snapshot.replicaSets.last { PodTemplateHash.sameTemplate($0[path: ["spec", "template"]], snapshot.spec["template"]) }
        guard var newRS = found else {
            try await createNewReplicaSet(hash: hash, snapshot: snapshot)
            return nil
        }
        newRS = try await syncRevision(newRS, snapshot: &snapshot)
        if try await checkPausedConditions(snapshot: snapshot) { return nil }
        let newHash = RolloutSnapshot.hash(of: newRS)
        let status = snapshot.status
        let fullyPromoted = status["stableRS"].stringValue == newHash && status["currentPodHash"].stringValue == newHash
        var pause = PauseContext(aborted: status["abort"].boolValue == true && !fullyPromoted)
        if snapshot.isBlueGreen {
            return try await BlueGreenReconciler(store: store).reconcile(&snapshot, newRS: newRS, pause: &pause)
        }
        return try await CanaryReconciler(store: store).reconcile(&snapshot, newRS: newRS, pause: &pause)
    }

    private func persistInvalidSpec(_ message: String, snapshot: RolloutSnapshot) async throws(APIStatus) {
        var status = snapshot.status
        snapshot.ensureStrategyMembers(&status)
        RolloutConditions.set(RolloutConditions.make(.invalidSpec, "True", RolloutConditions.invalidSpecReason, message,
                                                     now: snapshot.now), in: &status)
        if let existing = RolloutConditions.get(.invalidSpec, in: status), existing["message"].stringValue != message {
            RolloutConditions.remove(.invalidSpec, from: &status)
            RolloutConditions.set(RolloutConditions.make(.invalidSpec, "True", RolloutConditions.invalidSpecReason, message,
                                                         now: snapshot.now), in: &status)
        }
        status["observedGeneration"] = .string(String(snapshot.generation))
        RolloutPhaseCalculator.apply(rollout: snapshot.rollout, to: &status)
        try await statusWriter.persist(status, snapshot: snapshot)
    }

    /// Creates `<rollout>-<hash>`, records the revision on the Rollout and writes the
    /// `NewReplicaSetCreated` condition; the reconcile ends there (§3.1 step 5).
    private func createNewReplicaSet(hash: String, snapshot: RolloutSnapshot) async throws(APIStatus) {
        let revision = (snapshot.replicaSets.map(RolloutSnapshot.revision(of:)).max() ?? 0) + 1
        var status = snapshot.status
        do {
            let rs = try await replicaSets.create(rollout: snapshot.rollout, hash: hash, revision: revision)
            OwnedObjects(store: store, index: index).created(rs)
            // createDesiredReplicaSet (rollout/sync.go): RolloutUpdated, then NewReplicaSetCreated.
            try await setRolloutRevision(revision, snapshot: snapshot)
            await RolloutEvents(store: store).newReplicaSet(rs, revision: revision)
            RolloutConditions.set(RolloutConditions.make(.progressing, "True", RolloutConditions.createdReason,
                                                         RolloutConditions.createdMessage(rs.name), now: snapshot.now),
                                  in: &status)
        } catch {
            // An RS with that name but another template: count the collision and hash again.
            guard error.code == 409 else { throw error }
            let name = "\(snapshot.name)-\(hash)"
            if let existing = try? await store.get(.replicaSets, namespace: snapshot.namespace, name: name),
               existing.controllerOwner?["uid"].stringValue == snapshot.rollout.uid,
               PodTemplateHash.sameTemplate(existing[path: ["spec", "template"]], snapshot.spec["template"]) {
                OwnedObjects(store: store, index: index).created(existing)    // ours, not yet in the index
                return
            }
            status["collisionCount"] = .int((status["collisionCount"].intValue ?? 0) + 1)
        }
        try await statusWriter.persist(status, snapshot: snapshot)
    }

    /// Undo: an older RS that is new again gets revision max+1 (§3.2), and the Rollout's
    /// revision annotation follows the new RS.
    private func syncRevision(_ newRS: JSON, snapshot: inout RolloutSnapshot) async throws(APIStatus) -> JSON {
        var rs = newRS
        let othersMax = snapshot.replicaSets.filter { $0.name != rs.name }.map(RolloutSnapshot.revision(of:)).max() ?? 0
        if RolloutSnapshot.revision(of: rs) <= othersMax {
            rs = try await replicaSets.bumpRevision(rs, to: othersMax + 1)
            snapshot.replace(rs)
        }
        let revision = RolloutSnapshot.revision(of: rs)
        if snapshot.rollout.annotations[ArgoKeys.revision] != String(revision) {
            try await setRolloutRevision(revision, snapshot: snapshot)
            snapshot.rollout.setAnnotation(ArgoKeys.revision, String(revision))
        }
        return rs
    }

    /// `setRolloutRevision` (rollout/sync.go), with its `RolloutUpdated` Event.
    private func setRolloutRevision(_ revision: Int, snapshot: RolloutSnapshot) async throws(APIStatus) {
        let updated = try await store.modify(.rollouts, namespace: snapshot.namespace, name: snapshot.name) { current in
            var copy = current
            copy.setAnnotation(ArgoKeys.revision, String(revision))
            return copy
        }
        await RolloutEvents(store: store).updated(updated, revision: revision)
    }

    /// `checkPausedConditions` (§2.1): Paused and Progressing Paused/Resumed/Retry, written in a
    /// patch of their own that ends the reconcile. Runs only once the generation was observed.
    private func checkPausedConditions(snapshot: RolloutSnapshot) async throws(APIStatus) -> Bool {
        let status = snapshot.status
        guard status["observedGeneration"].stringValue == String(snapshot.generation) else { return false }
        let isPaused = !(status["pauseConditions"].arrayValue ?? []).isEmpty || snapshot.spec["paused"].boolValue == true
        let pausedCondition = RolloutConditions.get(.paused, in: status)?["status"].stringValue == "True"
        let progressing = RolloutConditions.get(.progressing, in: status)
        let abortCondition = progressing?["reason"].stringValue == RolloutConditions.abortedReason
        let completed = !(status["stableRS"].stringValue ?? "").isEmpty && status["stableRS"] == status["currentPodHash"]
        var updates: [JSON] = []
        let now = snapshot.now
        if isPaused != pausedCondition, !abortCondition, !completed {
            updates.append(isPaused
                ? RolloutConditions.make(.progressing, "Unknown", RolloutConditions.pausedReason, RolloutConditions.pausedMessage, now: now)
                : RolloutConditions.make(.progressing, "Unknown", RolloutConditions.resumedReason, RolloutConditions.resumedMessage, now: now))
        }
        if status["abort"].boolValue != true, abortCondition {
            updates.append(RolloutConditions.make(.progressing, "Unknown", RolloutConditions.retryReason,
                                                  RolloutConditions.retryMessage, now: now))
        }
        if isPaused != pausedCondition {
            updates.append(RolloutConditions.make(.paused, isPaused ? "True" : "False", RolloutConditions.pausedReason,
                                                  RolloutConditions.pausedMessage, now: now))
        }
        guard !updates.isEmpty else { return false }
        var newStatus = status
        var changed = false
        for condition in updates { changed = RolloutConditions.set(condition, in: &newStatus) || changed }
        guard changed else { return false }
        RolloutPhaseCalculator.apply(rollout: snapshot.rollout, to: &newStatus)
        try await statusWriter.persist(newStatus, snapshot: snapshot)
        return true
    }
}
