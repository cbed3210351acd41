/// How a drive of a release ended (the CLI maps it to the exit code).
public enum ReleaseOutcome: Sendable, Equatable {
    /// Every step done (exit 0).
    case succeeded
    /// Stopped at a checkpoint (exit 3); `timedOut` when a `--wait` gave up.
    case waiting(checkpoint: String, timedOut: Bool)
    /// Failed, rejected or aborted, and rolled back cleanly (exit 4).
    case rolledBack(reason: String, report: RollbackReport)
    /// The rollback is incomplete (exit 5).
    case failed(reason: String, report: RollbackReport)
}
