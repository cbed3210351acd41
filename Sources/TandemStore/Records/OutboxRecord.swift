import Foundation
import GRDB

/// A notification waiting to be delivered (webhooks; delivered by the server). Table `outbox`.
public struct OutboxRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, StoredRecord {
    public static let databaseTableName = "outbox"

    public var id: Int64?
    public var releaseID: String?
    public var url: String
    public var event: String
    public var body: String
    public var attempts: Int
    /// When it is due; nil once delivered or given up.
    public var nextAttemptAt: Date?
    public var deliveredAt: Date?
    public var lastError: String?
    public var createdAt: Date
    /// Unique when set: a second enqueue with the same key is ignored (`enqueueNotificationOnce`).
    public var dedupKey: String? = nil

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let nextAttemptAt = Column(CodingKeys.nextAttemptAt)
        public static let dedupKey = Column(CodingKeys.dedupKey)
    }
}
