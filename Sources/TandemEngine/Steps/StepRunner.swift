import TandemKube
import TandemKubeModel
import TandemStore

/// Carries out one kind of step. Every runner is idempotent: it compares the live objects with
/// its target and does only what is missing, so a step interrupted by a crash is simply run again.
public protocol StepRunner: Sendable {
    /// Does the step; returns what it did (stored as the step's JSON detail).
    func run(_ step: StepRecord, in context: ReleaseContext) async throws -> JSON
}

/// Why a step failed. Terminal errors roll the release back at once; retryable ones are tried again;
/// `blocked` ones took no effect and need a person first (a git push that conflicts): the step goes back
/// to pending and the drive stops with the release resumable (`ReleaseBlocked`, exit 1), neither
/// retried nor rolled back.
public enum StepError: Error, Sendable, Equatable, CustomStringConvertible {
    case terminal(String)
    case retryable(String)
    case blocked(String)

    public var description: String {
        switch self {
        case .terminal(let message), .retryable(let message), .blocked(let message): message
        }
    }

    /// Whether `error` is worth another attempt: retryable step errors and transient API errors.
    public static func isRetryable(_ error: any Error) -> Bool {
        if let error = error as? StepError, case .retryable = error { return true }
        if let error = error as? KubeError { return error.isTransient || error.isConflict }
        return false
    }
}

extension StepRecord {
    /// The step's service, or a terminal error (the program is malformed).
    func requireService() throws -> String {
        guard let service else { throw StepError.terminal("step \(label) names no service; the stored program is malformed") }
        return service
    }
}

/// The runner for each step kind.
public enum StepRunners {
    /// `gitops`: the plan is in GitOps mode, where a deploy waits for what the wave's commit applied.
    public static func runner(for kind: StepKind, gitops: Bool = false) -> (any StepRunner)? {
        switch kind.rawValue {
        case "deploy": gitops ? GitOpsDeployWaiter() : Deployer()
        case "gitops-commit": GitOpsCommitter()
        case "verify": Verifier()
        case "pin": Pinner()
        case "promote": Promoter()
        case "repoint": Repointer()
        case "collect-garbage": GarbageCollector()
        case "canary-step": CanaryStepper()
        default: nil
        }
    }
}
