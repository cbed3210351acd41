import TandemKube
import TandemKubeModel
import TandemPairing
import TandemRelease

/// Carries out one kind of step. Every runner is idempotent: it compares the live objects with
/// its target and does only what is missing, so a step interrupted by a crash is simply run again.
/// Each runner says in its own file which kind of step it carries out (and in which mode);
/// `StepRunners` only lists the runners.
public protocol StepRunner: Sendable {
    /// The kind of step this runner carries out.
    static var kind: StepKind { get }
    /// The releases it serves: `.direct` or `.gitops` when the two modes run the kind differently.
    static var mode: StepRunnerMode { get }
    init()
    /// Does the step; returns what it did (stored as the step's JSON detail).
    func run(_ step: ReleaseStep, in context: ReleaseContext) async throws -> JSON
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

extension ReleaseStep {
    /// The step's service, or a terminal error (the program is malformed).
    func requireService() throws -> String {
        guard let service else { throw StepError.terminal("step \(label) names no service; the stored program is malformed") }
        return service
    }
}

extension ReleaseContext {
    /// The service `step` acts on: its name, its plan entry, and when its waits give up (its deadline from now).
    func serviceStep(_ step: ReleaseStep) throws -> (name: String, service: PairingService, deadline: ContinuousClock.Instant) {
        let name = try step.requireService()
        return (name, try service(name), .now + deadline(for: name))
    }
}

extension StepDetail {
    /// The detail as the JSON value a runner returns.
    var json: JSON { (try? JSON.parse(text)) ?? [:] }
}

/// Which releases a step runner serves.
public enum StepRunnerMode: Sendable, Equatable {
    /// Direct mode only: tandem writes the Rollouts.
    case direct
    /// GitOps mode only: git changes, Argo CD (or someone) applies.
    case gitops
    /// Both modes.
    case any

    func serves(gitops: Bool) -> Bool {
        switch self {
        case .direct: !gitops
        case .gitops: gitops
        case .any: true
        }
    }
}

extension StepRunner {
    public static var mode: StepRunnerMode { .any }
}

/// The step runners. Which kind each carries out is declared by the runner itself.
public enum StepRunners {
    static let all: [any StepRunner.Type] = [
        Deployer.self, GitOpsDeployWaiter.self, GitOpsCommitter.self, Verifier.self, Pinner.self, Promoter.self,
        Repointer.self, GarbageCollector.self, GitOpsGarbageCollector.self, CanaryStepper.self,
    ]

    /// The runner of `kind`; nil for `checkpoint`, which the runner itself handles.
    /// `gitops`: the plan is in GitOps mode, where a deploy waits for what the wave's commit applied.
    public static func runner(for kind: StepKind, gitops: Bool = false) -> (any StepRunner)? {
        all.first { $0.kind == kind && $0.mode.serves(gitops: gitops) }.map { $0.init() }
    }
}
