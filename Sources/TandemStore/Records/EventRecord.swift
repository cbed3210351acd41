import Foundation
import GRDB
import TandemRelease

/// One entry of the audit trail. Append-only (triggers abort UPDATE/DELETE). Table `events`.
public struct EventRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, StoredRecord {
    public static let databaseTableName = "events"

    /// Increasing; follow a release with `events(after:)`.
    public var id: Int64?
    public var releaseID: String
    public var at: Date
    public var kind: EventKind
    public var service: String?
    /// The step's ordinal.
    public var step: Int?
    public var actor: String?
    public var message: String
    /// JSON text.
    public var data: String?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let releaseID = Column(CodingKeys.releaseID)
    }
}
