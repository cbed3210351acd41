import TandemEngine
import TandemKube
import TandemStore

/// The documented exit codes (docs/product contract), and every mapping to them: from an outcome, from
/// an engine, store or cluster error, from the tandem server's reply. The CLI and the `--server`
/// follower both end through these; ArgumentParser's own usage errors are mapped in `TandemMain`.
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

    /// An error of the engine, the store or the cluster client.
    init(_ error: any Error) {
        switch error {
        case let store as StoreError:
            switch store {
            case .lockHeld: self = .locked
            case .unknownRelease, .unknownCheckpoint, .noIdentity, .invalidRelease: self = .invalidInput
            default: self = .otherError
            }
        case is LockHeldError: self = .locked
        case is RollbackRefusal, is CanaryPreflightError, is EnvironmentError, is DirectModeGuard.Refusal: self = .invalidInput
        // The plan or its manifests must change: 2; only the work tree, the remote or the cluster: 1.
        case let preflight as GitOpsPreflightError: self = preflight.isPlanProblem ? .invalidInput : .otherError
        default: self = .otherError
        }
    }

    /// A tandem server's error reply: a missing release or a refused request body is invalid input;
    /// `conflict` is what a 409 means to the command (a held lock for `release start`).
    init(serverReply status: Int, conflict: ExitStatus) {
        switch status {
        case 400, 404, 422: self = .invalidInput
        case 409: self = conflict
        default: self = .otherError
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

/// Cluster failures exit with 1 ("any other error"); the message is the error's description.
extension KubeError: ExitCodeProviding {
    public var exitStatus: ExitStatus { ExitStatus(self) }
}
