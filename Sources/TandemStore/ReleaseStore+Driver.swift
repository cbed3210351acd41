import Foundation
import GRDB
import TandemRelease

/// Who drives a release (`releases.driver`).
public enum ReleaseDriverKind {
    /// Submitted with `tandem release start --server`: `tandem serve` drives it, resumes it after a
    /// checkpoint decision and after a server restart.
    public static let server = "server"
}

extension ReleaseStore {
    /// Marks the release as driven by `driver` (e.g. `ReleaseDriverKind.server`) and records it in the audit trail.
    @discardableResult
    public func setReleaseDriver(_ releaseID: String, to driver: String?, actor: String? = nil) async throws -> ReleaseRecord {
        try await write { db in
            var release = try fetchRelease(db, releaseID)
            guard release.driver != driver else { return release }
            release.driver = driver
            try release.update(db)
            try appendEvent(db, releaseID: releaseID, kind: EventKind.releaseDriver, actor: actor,
                            message: driver == ReleaseDriverKind.server
                                ? "driven by tandem serve: an approval continues the release, a rejection rolls it back"
                                : "driven by \(driver ?? "the CLI")")
            return release
        }
    }

    /// Releases driven by `driver` in the given states, oldest first (the order a host resumes them in).
    public func releases(driver: String, states: [ReleaseState]) async throws -> [ReleaseRecord] {
        try await writer.read { db in
            try ReleaseRecord
                .filter(ReleaseRecord.Columns.driver == driver)
                .filter(states.map(\.rawValue).contains(ReleaseRecord.Columns.state))
                .order(ReleaseRecord.Columns.createdAt, ReleaseRecord.Columns.id)
                .fetchAll(db)
        }
    }

    /// Server-driven releases that wait at a checkpoint somebody has decided since (approved or rejected):
    /// the server's host resumes each. One read for all of them.
    public func decidedServerReleases() async throws -> [ReleaseRecord] {
        try await writer.read { db in
            let waiting = try ReleaseRecord
                .filter(ReleaseRecord.Columns.driver == ReleaseDriverKind.server)
                .filter(ReleaseRecord.Columns.state == ReleaseState.waiting.rawValue)
                .order(ReleaseRecord.Columns.createdAt, ReleaseRecord.Columns.id)
                .fetchAll(db)
            return try waiting.filter { release in
                let states = try CheckpointRecord.filter(CheckpointRecord.Columns.releaseID == release.id)
                    .fetchAll(db).map(\.state)
                return !states.contains(.waiting) && states.contains { $0 == .approved || $0 == .rejected }
            }
        }
    }
}

extension ReleaseStore {
    /// Queues a notification unless one with the same `dedupKey` was queued before (delivered or not).
    /// Returns the new row, or nil when the key was already there.
    @discardableResult
    public func enqueueNotificationOnce(url: String, event: String, body: String, releaseID: String?,
                                        dedupKey: String) async throws -> OutboxRecord? {
        try await write { db in
            if try OutboxRecord.filter(OutboxRecord.Columns.dedupKey == dedupKey).fetchCount(db) > 0 { return nil }
            var message = OutboxRecord(id: nil, releaseID: releaseID, url: url, event: event, body: body, attempts: 0,
                                       nextAttemptAt: now(), deliveredAt: nil, lastError: nil, createdAt: now(),
                                       dedupKey: dedupKey)
            try message.insert(db)
            return message
        }
    }
}
