import Foundation
import GRDB

/// One entry of the audit trail. Append-only (triggers abort UPDATE/DELETE). Table `events`.
public struct EventRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, StoredRecord {
    public static let databaseTableName = "events"

    /// Increasing; follow a release with `events(after:)`.
    public var id: Int64?
    public var releaseID: String
    public var at: Date
    public var kind: String
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

/// Event kinds the store writes itself; the engine may append others.
public enum EventKind {
    public static let releaseStarted = "release.started"
    public static let releaseState = "release.state"
    public static let stepRunning = "step.running"
    public static let stepSucceeded = "step.succeeded"
    public static let stepFailed = "step.failed"
    /// A step that could not go on until a person acts, and took no effect: back to `pending`, the release resumable.
    public static let stepBlocked = "step.blocked"
    public static let stepSkipped = "step.skipped"
    public static let stepsAdded = "steps.added"
    public static let checkpointWaiting = "checkpoint.waiting"
    public static let checkpointApproval = "checkpoint.approval"
    public static let checkpointApproved = "checkpoint.approved"
    public static let checkpointRejected = "checkpoint.rejected"
    /// A checkpoint's gates gave a different answer than at their last evaluation (pass, wait, reject, error).
    public static let checkpointGate = "checkpoint.gate"
    /// The work note on a linked ServiceNow change at the end of a release (or why it could not be written).
    public static let gateWorkNote = "gate.work-note"
    public static let gateWorkNoteFailed = "gate.work-note-failed"
    public static let lockAcquired = "lock.acquired"
    public static let lockTakenOver = "lock.taken-over"
    public static let lockReleased = "lock.released"
}
