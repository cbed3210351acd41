import TandemRelease

/// What the release program looks like at one moment: the stored steps, checkpoints and state.
/// The machine reads only this value, so it is tested without I/O.
public struct ReleaseSnapshot: Sendable, Equatable {
    public typealias Step = ReleaseStep

    public var state: ReleaseState
    public var steps: [Step]
    public var checkpoints: [String: CheckpointState]
    /// Why the release must roll back although no step failed (`release abort`, a rejection's message).
    public var abortReason: String?
    public var message: String?

    public init(state: ReleaseState, steps: [Step], checkpoints: [String: CheckpointState] = [:],
                abortReason: String? = nil, message: String? = nil) {
        self.state = state
        self.steps = steps
        self.checkpoints = checkpoints
        self.abortReason = abortReason
        self.message = message
    }
}

/// The next thing the runner must do.
public enum ReleaseAction: Sendable, Equatable {
    /// These steps may run now: every step they wait for (see `StepGraph`) has finished. The runner
    /// starts those it is not running yet, at most `maxParallel` at once.
    case run([Int])
    /// The program reached a checkpoint: record it and stop until it is decided.
    case reachCheckpoint(step: Int, name: String)
    /// The checkpoint is waiting for decisions.
    case awaitDecision(step: Int, name: String)
    /// The checkpoint was approved: record that and go on.
    case passCheckpoint(step: Int, name: String)
    /// Roll the whole release back, for this reason.
    case rollBack(reason: String)
    /// Every step finished: the release succeeded.
    case finish
    /// Nothing left to do; the release ended in this state.
    case done(ReleaseState)
}

/// The release program as a pure state machine: a snapshot in, the next action out.
public enum ReleaseMachine {
    public static func next(_ snapshot: ReleaseSnapshot, graph: StepGraph) -> ReleaseAction {
        if snapshot.state.isTerminal && snapshot.state != .failed { return .done(snapshot.state) }
        if snapshot.state == .failed { return .done(.failed) }
        if snapshot.state == .rollingBack {
            return .rollBack(reason: snapshot.message ?? "the release is rolling back")
        }
        if let reason = snapshot.abortReason { return .rollBack(reason: reason) }
        if let failed = snapshot.steps.first(where: { $0.state == .failed && $0.kind != .checkpoint }) {
            return .rollBack(reason: "step \(label(failed)) failed: \(failed.error ?? "unknown error")")
        }
        guard let index = snapshot.steps.firstIndex(where: { !$0.state.isFinished || $0.state == .failed }) else {
            return .finish
        }
        let step = snapshot.steps[index]
        if step.kind == .checkpoint, let name = step.checkpoint {
            switch snapshot.checkpoints[name] ?? .pending {
            case .pending: return .reachCheckpoint(step: step.ordinal, name: name)
            case .waiting: return .awaitDecision(step: step.ordinal, name: name)
            case .approved: return .passCheckpoint(step: step.ordinal, name: name)
            case .rejected:
                return .rollBack(reason: snapshot.message ?? "checkpoint \"\(name)\" was rejected")
            case .skipped: return .passCheckpoint(step: step.ordinal, name: name)
            }
        }
        // Every step from the first unfinished one up to the next barrier may be ready; none after it is.
        let steps = snapshot.steps
        let finished: (Int) -> Bool = { steps[$0].state == .succeeded || steps[$0].state == .skipped }
        var ready: [Int] = []
        for candidate in index..<steps.count {
            if graph.barrier[candidate] > index {
                if graph.barrier[candidate] == candidate { break }
                continue
            }
            if !finished(candidate), graph.isReady(candidate, firstUnfinished: index, finished: finished) {
                ready.append(steps[candidate].ordinal)
            }
        }
        return .run(ready)
    }

    static func label(_ step: ReleaseSnapshot.Step) -> String {
        ([step.kind.rawValue] + [step.service].compactMap { $0 }).joined(separator: " ") + " (step \(step.ordinal))"
    }
}
