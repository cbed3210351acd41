import Foundation
import TandemKubeModel

/// A Rollout's AnalysisRuns during one reconcile (argo-rollouts rollout/analysis.go): the current
/// run of each slot (the one the status names), the other runs it owns, and the operations
/// `reconcileAnalysisRuns` performs — start, cancel (`spec.terminate: true`), and record in the
/// status with the `AnalysisRun<Phase>` Events of `emitAnalysisRunStatusChanges`.
struct RolloutAnalysisRuns {
    typealias Slot = RolloutAnalysisReference.Slot
    let store: ObjectStore
    private let previousStatus: JSON
    /// Current run per status path.
    private var current: [[String]: JSON] = [:]
    /// Slots whose run is removed from the status.
    private var cleared: Set<[String]> = []
    private var others: [JSON] = []

    /// nil when the Rollout neither asks for analysis nor owns any run.
    static func load(_ snapshot: RolloutSnapshot, store: ObjectStore) async -> RolloutAnalysisRuns? {
        let status = snapshot.status
        let paths: [[String]] = [Slot.prePromotion, .postPromotion, .step(0), .background].map(\.statusPath)
        let named = paths.filter { !status[path: $0 + ["name"]].isNull }
        let owned = await store.list(.analysisRuns, namespace: snapshot.namespace).items
            .filter { $0.controllerOwner?["uid"].stringValue == snapshot.rollout.uid }
        guard !RolloutAnalysisReference.all(in: snapshot.rollout).isEmpty || !named.isEmpty || !owned.isEmpty else { return nil }
        var runs = RolloutAnalysisRuns(store: store, previousStatus: status)
        for path in named {
            if let run = owned.first(where: { $0.name == status[path: path + ["name"]].stringValue }) { runs.current[path] = run }
        }
        let currentNames = Set(runs.current.values.map(\.name))
        runs.others = owned.filter { !currentNames.contains($0.name) }
        return runs
    }

    func run(_ slot: Slot) -> JSON? { current[slot.statusPath] }

    func phase(_ slot: Slot) -> AnalysisPhase? {
        run(slot).flatMap { AnalysisPhase(rawValue: $0[path: ["status", "phase"]].stringValue ?? "") }
    }

    /// Cancels the slot's run and, unless `keep`, clears it from the status.
    mutating func cancel(_ slot: Slot, keep: Bool = false) async {
        if let run = run(slot) { current[slot.statusPath] = await terminate(run) }
        if !keep {
            current[slot.statusPath] = nil
            cleared.insert(slot.statusPath)
        }
    }

    /// `needsNewAnalysisRun`: no run yet, a resumed Inconclusive run, or a retry after an abort.
    func needsNew(_ slot: Slot) -> Bool {
        guard let run = run(slot) else { return true }
        let status = previousStatus
        if status["controllerPause"].boolValue == true, status.pauseCondition("CanaryPauseStep").isAbsent,
           status.pauseCondition("BlueGreenPause").isAbsent {
            return run[path: ["status", "phase"]].stringValue == AnalysisPhase.inconclusive.rawValue
        }
        return !status["abortedAt"].isNull
    }

    /// `createAnalysisRun` with `CreateWithCollisionCounter`: an existing run of that name that is
    /// ours, the same and still running is reused; otherwise `.1`, `.2`… are tried.
    mutating func start(_ reference: RolloutAnalysisReference, snapshot: RolloutSnapshot, newHash: String,
                        stableHash: String) async throws(APIStatus) {
        let run = AnalysisRunFactory.make(reference, snapshot: snapshot, newHash: newHash, stableHash: stableHash)
        let base = run.name
        for attempt in 0..<100 {
            var candidate = run
            if attempt > 0 { candidate[path: ["metadata", "name"]] = .string("\(base).\(attempt)") }
            do {
                current[reference.slot.statusPath] = try await store.create(.analysisRuns, namespace: snapshot.namespace, candidate)
                cleared.remove(reference.slot.statusPath)
                return
            } catch {
                guard error.code == 409 else { throw error }
                if let existing = try? await store.get(.analysisRuns, namespace: snapshot.namespace, name: candidate.name),
                   existing.controllerOwner?["uid"].stringValue == snapshot.rollout.uid, existing["spec"] == candidate["spec"],
                   AnalysisPhase(rawValue: existing[path: ["status", "phase"]].stringValue ?? "")?.completed != true {
                    current[reference.slot.statusPath] = existing
                    cleared.remove(reference.slot.statusPath)
                    return
                }
            }
        }
        throw APIStatus(code: 409, reason: "AlreadyExists", message: "analysisruns \"\(base)\" collide 100 times")
    }

    /// Cancels every current run (a fully promoted, aborted or fast-tracked rollout); blue/green
    /// keeps them in its status, canary clears them.
    mutating func cancelAll(keepInStatus: Bool) async {
        for (path, run) in current {
            let terminated = await terminate(run)
            if keepInStatus {
                current[path] = terminated
            } else {
                current[path] = nil
                cleared.insert(path)
            }
        }
    }

    /// Writes each slot's `{name, status, message}` (or removes it) into the new status, cancels
    /// the owned runs that are not current, deletes those beyond the history limits
    /// (`AnalysisRunHistory`) and records the phase-change Events.
    func finish(_ status: inout JSON, snapshot: RolloutSnapshot) async {
        let rollout = snapshot.rollout
        for path in cleared { status.deleteMember(path) }
        for (path, run) in current {
            var entry: JSON = ["name": .string(run.name), "status": .string(run[path: ["status", "phase"]].stringValue ?? "")]
            entry.setText(["message"], run[path: ["status", "message"]].stringValue)
            status[path: path] = entry
        }
        for run in others where run[path: ["spec", "terminate"]].boolValue != true {
            _ = await terminate(run)
        }
        for run in AnalysisRunHistory.runsToDelete(others, replicaSets: snapshot.replicaSets, spec: snapshot.spec)
        where run.deletionTimestamp == nil {
            _ = try? await store.delete(.analysisRuns, namespace: run.namespace, name: run.name)
        }
        let events = RolloutEvents(store: store)
        for slot in [Slot.postPromotion, .prePromotion, .step(0), .background] {
            guard let run = current[slot.statusPath], let phase = run[path: ["status", "phase"]].stringValue, !phase.isEmpty else { continue }
            let previous = previousStatus[path: slot.statusPath]
            if previous.isNull {
                await events.analysisRunChanged(rollout, type: slot.typeLabel, run: run.name, phase: phase, previous: nil)
            } else if previous["name"].stringValue == run.name, previous["status"].stringValue != phase {
                await events.analysisRunChanged(rollout, type: slot.typeLabel, run: run.name, phase: phase,
                                                previous: previous["status"].stringValue ?? "")
            }
        }
    }

    /// `cancelAnalysisRuns`: a merge patch `{"spec":{"terminate":true}}` on a run not yet completed.
    private func terminate(_ run: JSON) async -> JSON {
        let done = AnalysisPhase(rawValue: run[path: ["status", "phase"]].stringValue ?? "")?.completed == true
        guard !done, run[path: ["spec", "terminate"]].boolValue != true else { return run }
        let updated = try? await store.modify(.analysisRuns, namespace: run.namespace, name: run.name) { current in
            MergePatch.apply(["spec": ["terminate": true]], to: current)
        }
        return updated ?? run
    }
}
