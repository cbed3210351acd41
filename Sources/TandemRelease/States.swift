/// The state of a whole release (`release list`/`status` print these strings).
public enum ReleaseState: String, Codable, Sendable, CaseIterable {
    case running
    /// Stopped at a checkpoint until people approve or reject it.
    case waiting
    case rollingBack = "rolling-back"
    case succeeded
    case rolledBack = "rolled-back"
    /// Failed and the rollback is incomplete: a person must look.
    case failed

    /// No further transition except `failed → rolling-back` (retrying a rollback).
    public var isTerminal: Bool { self == .succeeded || self == .rolledBack || self == .failed }
    /// Holds the plan/namespace lock.
    public var isActive: Bool { !isTerminal }

    /// Whether the store accepts `self → next`.
    public func canMove(to next: ReleaseState) -> Bool {
        if next == self { return false }
        switch self {
        case .succeeded, .rolledBack: return false
        case .failed: return next == .rollingBack
        case .rollingBack: return next == .rolledBack || next == .failed
        case .running, .waiting: return true
        }
    }
}

/// The state of one step of the release program.
public enum StepState: String, Codable, Sendable, CaseIterable {
    case pending, running, succeeded, failed, skipped

    public var isFinished: Bool { self == .succeeded || self == .failed || self == .skipped }
}

/// The state of one checkpoint: `pending` until the program reaches it, then `waiting` for decisions.
public enum CheckpointState: String, Codable, Sendable, CaseIterable {
    case pending, waiting, approved, rejected
    /// Never reached because the release ended first.
    case skipped

    public var isDecided: Bool { self == .approved || self == .rejected || self == .skipped }
}

/// An approver's decision.
public enum Verdict: String, Codable, Sendable, CaseIterable {
    case approve, reject
}
