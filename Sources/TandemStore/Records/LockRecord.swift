import Foundation
import GRDB

/// The one active release per plan and namespace. Table `locks`.
public struct LockRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, StoredRecord {
    public static let databaseTableName = "locks"

    /// `<plan>/<namespace>`.
    public var key: String
    public var releaseID: String
    public var host: String
    public var pid: Int32
    public var acquiredAt: Date
    public var expiresAt: Date

    public static func key(plan: String, namespace: String) -> String { "\(plan)/\(namespace)" }

    /// "release r-… (host ci-7, pid 4242)".
    public var holderDescription: String {
        pid == Self.parkedPID ? "release \(releaseID) (waiting at a checkpoint, no process driving it)"
            : "release \(releaseID) (host \(host), pid \(pid))"
    }

    /// The pid of a parked lock (see `ReleaseStore.parkLock`): no process drives the release.
    public static let parkedPID: Int32 = 0
}
