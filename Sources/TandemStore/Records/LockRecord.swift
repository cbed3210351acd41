import Foundation
import GRDB

/// One Rollout held by one active release. Table `locks`.
public struct LockRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, StoredRecord {
    public static let databaseTableName = "locks"

    /// `rollout/<namespace>/<name>@<cluster>` (see `key(rollout:namespace:cluster:)`).
    public var key: String
    public var releaseID: String
    public var host: String
    public var pid: Int32
    public var acquiredAt: Date
    public var expiresAt: Date

    /// The key of the lock on one Rollout: whatever plan names it, one release at a time changes it. `cluster` (the
    /// kubeconfig context of the release's environment, nil for the current one) keeps the same namespace and name
    /// on two clusters apart: environments on different clusters, released from one database, never block each
    /// other. (An object name never contains "@".)
    public static func key(rollout: String, namespace: String, cluster: String? = nil) -> String {
        "rollout/\(namespace)/\(rollout)" + (cluster.map { "@\($0)" } ?? "")
    }

    /// "Rollout legacy/my-backend" for a Rollout key (whatever its cluster), the key itself (quoted) otherwise.
    public static func describe(key: String) -> String {
        let parts = key.split(separator: "/", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == "rollout" else { return "\"\(key)\"" }
        return "Rollout \(parts[1])/\(parts[2].split(separator: "@", maxSplits: 1).first.map(String.init) ?? parts[2])"
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
