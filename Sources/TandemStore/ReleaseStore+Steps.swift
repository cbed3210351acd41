import Foundation
import GRDB
import TandemRelease

extension ReleaseStore {
    /// Before the step's cluster action: `pending`/`failed`/`running` (a crash mid-step) → `running`,
    /// attempt + 1. Commits with a `step.running` event.
    @discardableResult
    public func markStepRunning(_ stepID: Int64) async throws -> StepRecord {
        try await transition(stepID, to: .running, allowedFrom: [.pending, .failed, .running],
                             kind: EventKind.stepRunning) { step, at in
            step.attempt += 1
            step.startedAt = at
            step.finishedAt = nil
            step.error = nil
            step.progress = nil
            step.progressAt = nil
            return step.attempt > 1 ? "\(step.label) running (attempt \(step.attempt))" : "\(step.label) running"
        }
    }

    /// After the cluster action succeeded: `running` → `succeeded`, with optional JSON detail.
    @discardableResult
    public func markStepSucceeded(_ stepID: Int64, detail: String? = nil) async throws -> StepRecord {
        if let detail, JSONValue(text: detail) == nil { throw StoreError.invalidJSON(context: "the step detail") }
        return try await transition(stepID, to: .succeeded, allowedFrom: [.running],
                                    kind: EventKind.stepSucceeded, data: detail) { step, at in
            step.finishedAt = at
            if let detail { step.detail = detail }
            return "\(step.label) succeeded"
        }
    }

    /// During the cluster action, before its write: records what the step is about to do (JSON detail) on
    /// the `running` step, so a run resumed after a crash recognises the write as its own.
    @discardableResult
    public func recordStepIntent(_ stepID: Int64, detail: String) async throws -> StepRecord {
        if JSONValue(text: detail) == nil { throw StoreError.invalidJSON(context: "the step detail") }
        return try await write { db in
            guard var step = try StepRecord.fetchOne(db, key: stepID) else { throw StoreError.unknownStep(id: stepID) }
            guard step.state == .running else {
                throw StoreError.invalidStepTransition(releaseID: step.releaseID, step: step.label, from: step.state, to: .running)
            }
            step.detail = detail
            try step.update(db)
            return step
        }
    }

    /// After the cluster action failed: `running` → `failed`, with the error and optional JSON detail.
    @discardableResult
    public func markStepFailed(_ stepID: Int64, error: String, detail: String? = nil) async throws -> StepRecord {
        if let detail, JSONValue(text: detail) == nil { throw StoreError.invalidJSON(context: "the step detail") }
        return try await transition(stepID, to: .failed, allowedFrom: [.running],
                                    kind: EventKind.stepFailed, data: detail) { step, at in
            step.finishedAt = at
            step.error = error
            if let detail { step.detail = detail }
            return "\(step.label) failed: \(error)"
        }
    }

    /// After a cluster or git action that took no effect and cannot go on until a person acts (a push that
    /// conflicts): `running` → `pending`, keeping the error, so the next `resume` runs the step again.
    @discardableResult
    public func markStepBlocked(_ stepID: Int64, error: String) async throws -> StepRecord {
        try await transition(stepID, to: .pending, allowedFrom: [.running], kind: EventKind.stepBlocked) { step, at in
            step.finishedAt = at
            step.error = error
            return "\(step.label) stopped: \(error)"
        }
    }

    /// A step the program will not run (e.g. promotes after a rejection): `pending` → `skipped`.
    @discardableResult
    public func markStepSkipped(_ stepID: Int64, reason: String) async throws -> StepRecord {
        try await transition(stepID, to: .skipped, allowedFrom: [.pending], kind: EventKind.stepSkipped) { step, at in
            step.finishedAt = at
            return "\(step.label) skipped: \(reason)"
        }
    }

    /// The release's program in order.
    public func steps(of releaseID: String) async throws -> [StepRecord] {
        try await writer.read { db in
            _ = try fetchRelease(db, releaseID)
            return try StepRecord.filter(StepRecord.Columns.releaseID == releaseID)
                .order(StepRecord.Columns.ordinal).fetchAll(db)
        }
    }

    /// Where a resume starts: the first step that is `running` (the process died during it) or `pending`.
    /// Failed steps are passed over: retrying one is the engine's decision (`markStepRunning` again).
    public func nextStep(of releaseID: String) async throws -> StepRecord? {
        try await steps(of: releaseID).first { $0.state == .running || $0.state == .pending }
    }

    private func transition(
        _ stepID: Int64, to state: StepState, allowedFrom: Set<StepState>, kind: EventKind, data: String? = nil,
        _ change: @escaping @Sendable (inout StepRecord, Date) -> String
    ) async throws -> StepRecord {
        try await write { db in
            guard var step = try StepRecord.fetchOne(db, key: stepID) else { throw StoreError.unknownStep(id: stepID) }
            // Only the release's state and updatedAt matter here; decoding the whole record (plan text,
            // versions) on every step transition was a large part of a release's CPU time.
            guard let releaseState = try String.fetchOne(db, sql: "SELECT state FROM releases WHERE id = ?", arguments: [step.releaseID])
                .flatMap(ReleaseState.init(rawValue:)) else {
                throw StoreError.unknownRelease(id: step.releaseID, database: location)
            }
            if releaseState.isTerminal {
                throw StoreError.releaseFinished(releaseID: step.releaseID, state: releaseState, step: step.label)
            }
            guard allowedFrom.contains(step.state) else {
                throw StoreError.invalidStepTransition(releaseID: step.releaseID, step: step.label, from: step.state, to: state)
            }
            let at = now()
            step.state = state
            let message = change(&step, at)
            try step.update(db)
            try db.execute(sql: "UPDATE releases SET updatedAt = ? WHERE id = ?", arguments: [StoredTime.text(at), step.releaseID])
            try appendEvent(db, releaseID: step.releaseID, kind: kind, service: step.service, step: step.ordinal,
                            message: message, data: data)
            return step
        }
    }
}
