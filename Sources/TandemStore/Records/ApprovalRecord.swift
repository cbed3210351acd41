import Foundation
import GRDB
import TandemRelease

/// One approve or reject decision. Append-only (triggers abort UPDATE/DELETE). Table `approvals`.
public struct ApprovalRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, StoredRecord {
    public static let databaseTableName = "approvals"

    public var id: Int64?
    public var releaseID: String
    public var checkpoint: String
    public var verdict: Verdict
    /// The person as given.
    public var by: String
    /// The normalized identity used to count distinct approvers.
    public var byKey: String
    /// Where the identity came from: `flag:--by`, `env:TANDEM_USER`, `ci:github-actions`, `server:…`.
    public var source: String
    /// The comment of an approval or the reason of a rejection.
    public var comment: String?
    /// The plan hash the decision is bound to (the release's).
    public var planHash: String
    public var at: Date

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public enum Columns {
        public static let releaseID = Column(CodingKeys.releaseID)
        public static let checkpoint = Column(CodingKeys.checkpoint)
        public static let id = Column(CodingKeys.id)
    }
}
