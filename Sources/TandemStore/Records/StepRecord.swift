import Foundation
import GRDB
import TandemRelease

/// One step of a release's program, computed once at start. Table `steps`.
public struct StepRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, StoredRecord {
    public static let databaseTableName = "steps"

    public var id: Int64?
    public var releaseID: String
    /// 0-based position in the program.
    public var ordinal: Int
    public var kind: StepKind
    public var service: String?
    public var wave: Int?
    /// The checkpoint's name for `checkpoint` steps.
    public var checkpoint: String?
    public var state: StepState
    /// How many times the step was started (0 while pending).
    public var attempt: Int
    public var startedAt: Date?
    public var finishedAt: Date?
    /// JSON text written by the engine (what it did, object names, hashes…).
    public var detail: String?
    /// The last failure's message.
    public var error: String?
    /// While running: what the step waits for and how far it is (see `recordProgress`).
    public var progress: String?
    public var progressAt: Date?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The step as the engine decides and acts on it.
    public var releaseStep: ReleaseStep {
        ReleaseStep(ordinal: ordinal, kind: kind, service: service, wave: wave, checkpoint: checkpoint, state: state, error: error,
                    id: id, detail: detail)
    }

    /// "deploy backend (step 3)" — for messages.
    public var label: String { releaseStep.label }

    public enum Columns {
        public static let releaseID = Column(CodingKeys.releaseID)
        public static let ordinal = Column(CodingKeys.ordinal)
    }
}
