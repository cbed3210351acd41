import Foundation
import GRDB

/// One Rollout held by one active release. Table `locks`.
public struct LockRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, StoredRecord {
    public static let databaseTableName = "locks"

    /// `rollout/<namespace>/<name>` (see `key(rollout:namespace:)`).
    public var key: String
    public var releaseID: String
    public var host: String
    public var pid: Int32
    public var acquiredAt: Date
    public var expiresAt: Date

    /// The key of the lock on one Rollout: whatever plan names it, one release at a time changes it.
    public static func key(rollout: String, namespace: String) -> String { "rollout/\(namespace)/\(rollout)" }

    /// "Rollout legacy/my-backend" for a Rollout key, the key itself (quoted) otherwise.
    public static func describe(key: String) -> String {
        let parts = key.split(separator: "/", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == "rollout" else { return "\"\(key)\"" }
        return "Rollout \(parts[1])/\(parts[2])"
    }

    public enum Columns {
        public static let key = Column(CodingKeys.key)
        public static let releaseID = Column(CodingKeys.releaseID)
    }

    /// "release r-… (host ci-7, pid 4242)".
    public var holderDescription: String {
        pid == Self.parkedPID ? "release \(releaseID) (waiting at a checkpoint, no process driving it)"
            : "release \(releaseID) (host \(host), pid \(pid))"
    }

    /// The pid of a parked lock (see `ReleaseStore.parkLock`): no process drives the release.
    public static let parkedPID: Int32 = 0
}
