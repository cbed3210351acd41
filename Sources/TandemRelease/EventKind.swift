/// Every kind of entry in a release's audit trail (the `events` table, `release events`, the
/// dashboard, the SSE stream). The raw values are what existing databases hold; never change them.
public enum EventKind: String, Sendable, Equatable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case releaseStarted = "release.started"
    case releaseState = "release.state"
    /// Which process drives the release (a CLI command or `tandem serve`).
    case releaseDriver = "release.driver"
    /// `release abort`: the driver rolls the release back at its next look at the store.
    case releaseAbortRequested = "release.abort-requested"
    /// The versions each service ran before the release (data: service → tag).
    case releasePreviousVersions = "release.previous-versions"
    /// A service of the plan left out of the release (its version is already live).
    case releaseSkippedService = "release.skipped-service"
    case stepRunning = "step.running"
    case stepSucceeded = "step.succeeded"
    case stepFailed = "step.failed"
    /// A step that could not go on until a person acts, and took no effect: back to `pending`, the release resumable.
    case stepBlocked = "step.blocked"
    case stepSkipped = "step.skipped"
    case stepsAdded = "steps.added"
    case checkpointWaiting = "checkpoint.waiting"
    case checkpointApproval = "checkpoint.approval"
    case checkpointApproved = "checkpoint.approved"
    case checkpointRejected = "checkpoint.rejected"
    /// A checkpoint's gates gave a different answer than at their last evaluation (pass, wait, reject, error).
    case checkpointGate = "checkpoint.gate"
    /// The work note on a linked ServiceNow change at the end of a release (or why it could not be written).
    case gateWorkNote = "gate.work-note"
    case gateWorkNoteFailed = "gate.work-note-failed"
    case lockAcquired = "lock.acquired"
    case lockTakenOver = "lock.taken-over"
    case lockReleased = "lock.released"
    /// The pairing report at a checkpoint and at the end (data: the report).
    case pairingReport = "pairing.report"
    /// A `pin` step created the Services selecting a revision.
    case pairingPinned = "pairing.pinned"
    /// `collect-garbage` deleted what no revision uses any more.
    case pairingCollected = "pairing.collected"
    /// One action of a rollback succeeded, or failed.
    case rollbackAction = "rollback.action"
    case rollbackFailed = "rollback.failed"
    /// An incomplete rollback (`failed`) is tried again.
    case rollbackRetried = "rollback.retried"
    /// `tandem serve` could not drive a release submitted to it.
    case serverDriveFailed = "server.drive-failed"

    public var description: String { rawValue }
}
