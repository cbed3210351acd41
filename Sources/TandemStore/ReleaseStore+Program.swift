import Foundation
import GRDB
import TandemRelease

extension ReleaseStore {
    /// Marks every `pending` step `skipped` (the release is rolled back, rejected or aborted), one event each.
    /// Returns the skipped steps.
    @discardableResult
    public func skipPendingSteps(_ releaseID: String, reason: String) async throws -> [StepRecord] {
        try await write { db in
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
