import Foundation
import GRDB
import TandemRelease

/// A checkpoint of one release and its approval policy, copied from the plan at start. Table `checkpoints`.
public struct CheckpointRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, StoredRecord {
    public static let databaseTableName = "checkpoints"

    public var id: Int64?
    public var releaseID: String
    public var name: String
    public var state: CheckpointState
    public var requiredApprovals: Int
    /// Users and `group:<name>` entries; empty means anyone.
    public var approvers: [String]
    public var allowSelfApproval: Bool
    public var reachedAt: Date?
    public var decidedAt: Date?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public var policy: ApprovalPolicy {
        ApprovalPolicy(requiredApprovals: requiredApprovals, approvers: approvers, allowSelfApproval: allowSelfApproval)
    }

    public enum Columns {
        public static let releaseID = Column(CodingKeys.releaseID)
        public static let name = Column(CodingKeys.name)
        public static let state = Column(CodingKeys.state)
    }
}
