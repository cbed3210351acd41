import Foundation
import GRDB

extension ReleaseStore {
    /// Adds steps at the end of the program (e.g. the `rollback-*` steps when a rollback starts); their
    /// ordinals continue after the last step. Returns the new steps.
    @discardableResult
    public func appendSteps(_ releaseID: String, _ planned: [PlannedStep], reason: String) async throws -> [StepRecord] {
        for (index, step) in planned.enumerated() {
            if let detail = step.detail, JSONValue(text: detail) == nil {
                throw StoreError.invalidJSON(context: "the detail of new step \(index)")
            }
        }
        return try await writer.write { db in
            let release = try fetchRelease(db, releaseID)
            if release.state.isTerminal {
                throw StoreError.releaseFinished(releaseID: releaseID, state: release.state, step: "(new steps)")
            }
            let checkpoints = Set(try CheckpointRecord.filter(CheckpointRecord.Columns.releaseID == releaseID)
                .fetchAll(db).map(\.name))
            if let bad = planned.first(where: { $0.kind == .checkpoint && !checkpoints.contains($0.checkpoint ?? "") }) {
                throw StoreError.invalidRelease("a new checkpoint step names no declared checkpoint (\(bad.checkpoint ?? "none"))")
            }
            let last = try Int.fetchOne(db, sql: "SELECT MAX(ordinal) FROM steps WHERE releaseID = ?", arguments: [releaseID]) ?? -1
            var added: [StepRecord] = []
            for (offset, step) in planned.enumerated() {
                var record = StepRecord(
                    id: nil, releaseID: releaseID, ordinal: last + 1 + offset, kind: step.kind, service: step.service,
                    wave: step.wave, checkpoint: step.checkpoint, state: .pending, attempt: 0, startedAt: nil,
                    finishedAt: nil, detail: step.detail, error: nil)
                try record.insert(db)
                added.append(record)
            }
            let kinds = planned.map { [$0.kind.rawValue, $0.service].compactMap { $0 }.joined(separator: " ") }
            try appendEvent(db, releaseID: releaseID, kind: EventKind.stepsAdded,
                            message: "\(planned.count) step(s) added (\(reason)): \(kinds.joined(separator: ", "))")
            return added
        }
    }

    /// Marks every `pending` step `skipped` (the release is rolled back, rejected or aborted), one event each.
    /// Returns the skipped steps.
    @discardableResult
    public func skipPendingSteps(_ releaseID: String, reason: String) async throws -> [StepRecord] {
        try await writer.write { db in
            let release = try fetchRelease(db, releaseID)
            if release.state.isTerminal {
                throw StoreError.releaseFinished(releaseID: releaseID, state: release.state, step: "(pending steps)")
            }
            let at = now()
            var skipped = try StepRecord
                .filter(StepRecord.Columns.releaseID == releaseID && Column("state") == StepState.pending.rawValue)
                .order(StepRecord.Columns.ordinal).fetchAll(db)
            for index in skipped.indices {
                skipped[index].state = .skipped
                skipped[index].finishedAt = at
                try skipped[index].update(db)
                try appendEvent(db, releaseID: releaseID, kind: EventKind.stepSkipped, service: skipped[index].service,
                                step: skipped[index].ordinal, message: "\(skipped[index].label) skipped: \(reason)")
            }
            return skipped
        }
    }
}
