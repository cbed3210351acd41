import Foundation
import GRDB
import TandemRelease

extension ReleaseStore {
    /// Records what a running step waits for and how far it is. One small UPDATE, no audit event:
    /// it is rewritten every progress interval, and `release status --watch` and the dashboard read
    /// it from the step row. Ignored (false) when the step is no longer running.
    @discardableResult
    public func recordProgress(_ stepID: Int64, _ text: String) async throws -> Bool {
        let at = now()
        return try await write { db in
            try db.execute(sql: "UPDATE steps SET progress = ?, progressAt = ? WHERE id = ? AND state = ?",
                           arguments: [text, StoredTime.text(at), stepID, StepState.running.rawValue])
            return db.changesCount > 0
        }
    }

    /// Changes whenever a running step of the release records progress ("" when none has): for caches of
    /// pages that show it.
    public func progressStamp(of releaseID: String) async throws -> String {
        try await writer.read { db in
            let latest = try String.fetchOne(db, sql: "SELECT MAX(progressAt) FROM steps WHERE releaseID = ? AND state = ?",
                                             arguments: [releaseID, StepState.running.rawValue])
            return latest.map { "@" + $0 } ?? ""
        }
    }
}
