import TandemEngine

/// The documented exit codes (docs/product contract), mapped in one place.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    case otherError = 1
    case invalidInput = 2
    case waitingForApproval = 3
    case rolledBack = 4
    case rollbackIncomplete = 5
    case locked = 6

    /// How a drive of a release ended, local or followed through `--server`.
    init(_ outcome: ReleaseSummary.Outcome) {
        switch outcome {
        case .succeeded: self = .success
        case .waiting: self = .waitingForApproval
        case .rolledBack: self = .rolledBack
        case .failed: self = .rollbackIncomplete
        }
    }
}

/// An error that knows which documented exit code it maps to.
public protocol ExitCodeProviding: Error {
    var exitStatus: ExitStatus { get }
}

/// A failure whose message has already been printed; only the exit status remains.
public struct ReportedFailure: ExitCodeProviding, CustomStringConvertible {
    public let exitStatus: ExitStatus
    public init(_ status: ExitStatus) { self.exitStatus = status }
    public var description: String { "exit \(exitStatus.rawValue)" }
}
