import Foundation
import Logging
import TandemKubeModel
import TandemStore
import TandemRelease

/// Drives a release: asks `ReleaseMachine` for the next action and carries it out against the
/// cluster and the store. Every step's transition is committed before and after its cluster
/// action, so a run killed at any moment can be resumed by another `drive`.
public struct ReleaseRunner: Sendable {
    public let context: ReleaseContext

    public init(context: ReleaseContext) { self.context = context }

    /// Runs until the release ends or stops at a checkpoint. With `wait`, waits at checkpoints until
    /// they are decided (polling the store) or `timeout` passes. With `retryingRollbackBy`, a `failed`
    /// release (rollback incomplete) goes back to `rolling-back` and its rollback is carried out again
    /// (`release abort`/`resume` of a failed release); without it, a failed release stays failed.
    /// When the release ends, each linked ServiceNow change gets its work note (once per release and change).
    /// `locksTakenByStart`: this process has just started the release (`ReleaseStarter.start` took its locks
    /// and Leases); the drive keeps them alive instead of taking them again.
    public func drive(wait: Bool = false, timeout: Duration? = nil, retryingRollbackBy: String? = nil,
                      locksTakenByStart: Bool = false) async throws -> ReleaseOutcome {
        // The release's watches end with the drive (a later drive of the same context starts them again).
        do {
            let outcome = try await driveUnderLocks(wait: wait, timeout: timeout, retryingRollbackBy: retryingRollbackBy,
                                                    locksTaken: locksTakenByStart)
            await context.cache.stop()
            await GateWorkNotes(context: context).write(after: outcome)
            return outcome
        } catch {
            await context.cache.stop()
            throw error
        }
    }

    private func driveUnderLocks(wait: Bool, timeout: Duration?, retryingRollbackBy: String?, locksTaken: Bool) async throws -> ReleaseOutcome {
        let loader = ReleaseLoader(store: context.store, releaseID: context.releaseID)
        let first = try await context.store.release(context.releaseID)
        if first.state == .succeeded { return .succeeded }
        if first.state == .rolledBack {
            return .rolledBack(reason: first.message ?? "rolled back", report: RollbackReport(failures: [:], states: [:]))
        }
        let locks = ReleaseLocks(context: context)
        if !locksTaken { try await locks.acquire(ttl: context.options.lockTTL) }
        let keepAlive = locks.keepAlive(ttl: context.options.lockTTL)
        defer { keepAlive.cancel() }
        if let actor = retryingRollbackBy, first.state == .failed {
            // Under the locks: each action of the rollback compares the live Rollout with its target, so a
            // retry does only what the failed attempt left undone.
            try await context.store.setReleaseState(context.releaseID, to: .rollingBack,
                                                    message: IncompleteRollback.reason(from: first.message), actor: actor)
            try await context.store.appendEvent(releaseID: context.releaseID, kind: .rollbackRetried, actor: actor,
                                                message: "\(actor) retries the incomplete rollback")
        }
        let waitDeadline = timeout.map { ContinuousClock.now + $0 }
        var (snapshot, steps) = try await loader.snapshot()
        let graph = StepGraph(steps: snapshot.steps, dependencies: context.dependencies, lockstep: context.plan.coupling == .lockstep)
        let positions = Dictionary(uniqueKeysWithValues: snapshot.steps.enumerated().map { ($1.ordinal, $0) })
        var lastLoad = ContinuousClock.now
        return try await withThrowingTaskGroup(of: Completion.self) { group in
            var running = Set<Int>()
            var ticking = false
            var polling = GatePolling(first: context.options.gatePollFirst, max: context.options.gatePollMax)
            while true {
                let action = ReleaseMachine.next(snapshot, graph: graph)
                switch action {
                case .run(let ready):
                    let limit = max(1, context.plan.maxParallel)
                    for ordinal in ready where !running.contains(ordinal) && running.count < limit {
                        guard let step = positions[ordinal].map({ steps[$0] }) else { continue }
                        running.insert(ordinal)
                        group.addTask { try await runStep(step) }
                    }
                    // While steps run, look at the store now and then: an abort request ends them early.
                    if !ticking {
                        ticking = true
                        group.addTask { try await Task.sleep(for: context.options.pollInterval); return .tick }
                    }
                    guard let completion = try await group.next() else { continue }
                    switch completion {
                    case .tick:
                        ticking = false
                    case .step(let ordinal, let state, let error):
                        running.remove(ordinal)
                        if let position = positions[ordinal] {
                            snapshot.steps[position].state = state
                            snapshot.steps[position].error = error
                        }
                    case .blocked(_, let message):
                        // Nothing of the step took effect: stop here, resumable, with the locks given back.
                        group.cancelAll()
                        while !group.isEmpty { _ = try? await group.next() }
                        keepAlive.cancel()
                        await locks.release()
                        throw ReleaseBlocked(releaseID: context.releaseID, reason: message)
                    }
                    // Reload what other processes may have written, but not after every step of a large wave.
                    if ContinuousClock.now - lastLoad >= context.options.pollInterval || running.isEmpty {
                        (snapshot, steps) = try await loader.snapshot()
                        lastLoad = .now
                        for ordinal in running { if let position = positions[ordinal] { snapshot.steps[position].state = .running } }
                    }
                    continue
                case .rollBack(let reason):
                    // Steps still running are stopped where they are: each is idempotent and the
                    // rollback plan treats a started step like a finished one.
                    group.cancelAll()
                    while !group.isEmpty { _ = try? await group.next() }
                    keepAlive.cancel()
                    (snapshot, steps) = try await loader.snapshot()
                    let outcome = try await rollBack(reason: reason, steps: steps, snapshot: snapshot)
                    await locks.release()
                    return outcome
                default:
                    break
                }
                // Every other action comes only when no step is running (see ReleaseMachine).
                if let outcome = try await act(on: action, steps: steps, wait: wait, waitDeadline: waitDeadline,
                                               locks: locks, keepAlive: keepAlive, polling: &polling) {
                    group.cancelAll()
                    return outcome
                }
                (snapshot, steps) = try await loader.snapshot()
                lastLoad = .now
            }
        }
    }

    /// What a task of the drive loop reports: a step ended in a state, a step is blocked (`StepError.blocked`),
    /// or the poll interval passed.
    private enum Completion: Sendable {
        case step(ordinal: Int, state: StepState, error: String?)
        case blocked(ordinal: Int, message: String)
        case tick
    }

    /// Carries out a checkpoint, finish or done action; returns the outcome when the drive ends.
    private func act(on action: ReleaseAction, steps: [ReleaseStep], wait: Bool, waitDeadline: ContinuousClock.Instant?,
                     locks: ReleaseLocks, keepAlive: Task<Void, Never>, polling: inout GatePolling) async throws -> ReleaseOutcome? {
        let gates = CheckpointGates(context: context)
        switch action {
        case .run, .rollBack:
            return nil
        case .reachCheckpoint(let ordinal, let name):
            if let step = steps.first(where: { $0.ordinal == ordinal }), let id = step.id, step.state == .pending {
                try await context.store.markStepRunning(id)
            }
            try await context.store.openCheckpoint(context.releaseID, name: name)
            await PairingRecorder(context: context).record("at checkpoint \"\(name)\"")
            return nil
        case .awaitDecision(_, let name):
            if !gates.gates(of: name).isEmpty, polling.isDue(name) {
                let answer = try await ask(gates, name, locks: locks, keepAlive: keepAlive, polling: &polling)
                if answer == .reject { return nil }  // the checkpoint is rejected: the machine rolls back
                if answer == .pass, !gates.needsPeople(name) {
                    try await context.store.openCheckpointByGates(context.releaseID, name: name)
                    return nil
                }
            }
            return try await stayAtCheckpoint(name, wait: wait, waitDeadline: waitDeadline, locks: locks, keepAlive: keepAlive)
        case .passCheckpoint(let ordinal, let name):
            // People approved (or the gates alone opened it in this drive): gates must pass now as well.
            if !gates.gates(of: name).isEmpty, !polling.passed.contains(name) {
                if polling.isDue(name),
                   try await ask(gates, name, locks: locks, keepAlive: keepAlive, polling: &polling) == .reject {
                    return nil
                }
                if !polling.passed.contains(name) {
                    return try await stayAtCheckpoint(name, wait: wait, waitDeadline: waitDeadline, locks: locks, keepAlive: keepAlive)
                }
            }
            let release = try await context.store.release(context.releaseID)
            if release.state == .waiting {
                try await context.store.setReleaseState(context.releaseID, to: .running)
            }
            if let step = steps.first(where: { $0.ordinal == ordinal }), let id = step.id {
                if step.state == .pending { try await context.store.markStepRunning(id) }
                try await context.store.markStepSucceeded(id)
                context.options.crashIfRequested(afterStep: ordinal)
            }
            return nil
        case .finish:
            await PairingRecorder(context: context).record("after the release")
            try await context.store.setReleaseState(context.releaseID, to: .succeeded)
            await locks.release()
            return .succeeded
        case .done(let state):
            await locks.release()
            let release = try await context.store.release(context.releaseID)
            let report = RollbackReport(failures: [:], states: [:])
            switch state {
            case .rolledBack: return .rolledBack(reason: release.message ?? "rolled back", report: report)
            case .failed: return .failed(reason: release.message ?? "failed", report: report)
            default: return .succeeded
            }
        }
    }

    /// The release stays at checkpoint `name`: without `--wait` (or when it timed out) the drive stops with the
    /// locks parked; with it, the next look comes after the poll interval.
    private func stayAtCheckpoint(_ name: String, wait: Bool, waitDeadline: ContinuousClock.Instant?, locks: ReleaseLocks,
                                  keepAlive: Task<Void, Never>) async throws -> ReleaseOutcome? {
        let timedOut = waitDeadline.map { ContinuousClock.now >= $0 } ?? false
        if !wait || timedOut {
            keepAlive.cancel()
            try await locks.park(ttl: context.options.waitingLockTTL)
            return .waiting(checkpoint: name, timedOut: timedOut)
        }
        try await Task.sleep(for: context.options.pollInterval)
        return nil
    }

    /// Asks the gates of `name` and schedules the next question. When they cannot be asked, the release stays
    /// waiting at the checkpoint (locks parked) and the error ends the drive.
    private func ask(_ gates: CheckpointGates, _ name: String, locks: ReleaseLocks, keepAlive: Task<Void, Never>,
                     polling: inout GatePolling) async throws -> GateAnswer.State {
        do {
            let (answer, changed) = try await gates.ask(name)
            polling.answered(name, passed: answer.state == .pass, changed: changed)
            return answer.state
        } catch let error as GateCheckError {
            keepAlive.cancel()
            try await locks.park(ttl: context.options.waitingLockTTL)
            throw error
        }
    }

    private func runStep(_ step: ReleaseStep) async throws -> Completion {
        guard let id = step.id else { return .step(ordinal: step.ordinal, state: .failed, error: "the step was never stored") }
        var logger = context.logger
        logger[metadataKey: "step"] = "\(step.ordinal)"
        if let service = step.service { logger[metadataKey: "service"] = "\(service)" }
        guard let runner = StepRunners.runner(for: step.kind, gitops: context.plan.gitops != nil) else {
            try await context.store.markStepRunning(id)
            let error = "no runner carries out \(step.kind) steps in \(context.plan.gitops == nil ? "direct" : "GitOps") mode; the stored program is malformed"
            try await context.store.markStepFailed(id, error: error)
            return .step(ordinal: step.ordinal, state: .failed, error: error)
        }
        try await context.store.markStepRunning(id)
        logger.debug("step running")
        var attempt = 0
        while true {
            attempt += 1
            do {
                let progress = WaitProgress(stepID: id, store: context.store, interval: context.options.progressInterval)
                let detail = try await WaitProgress.$current.withValue(progress) { try await runner.run(step, in: context) }
                try await context.store.markStepSucceeded(id, detail: detail.serializedString())
                logger.debug("step succeeded")
                context.options.crashIfRequested(afterStep: step.ordinal)
                return .step(ordinal: step.ordinal, state: .succeeded, error: nil)
            } catch let error where StepError.isRetryable(error) && attempt < context.options.retryAttempts {
                logger.debug("step retried", metadata: ["error": "\(error)", "attempt": "\(attempt)"])
                try await Task.sleep(for: .seconds(attempt))
            } catch is CancellationError {
                throw CancellationError()
            } catch StepError.blocked(let message) {
                logger.debug("step blocked", metadata: ["error": "\(message)"])
                try await context.store.markStepBlocked(id, error: message)
                return .blocked(ordinal: step.ordinal, message: message)
            } catch {
                logger.debug("step failed", metadata: ["error": "\(error)"])
                try await context.store.markStepFailed(id, error: "\(error)")
                return .step(ordinal: step.ordinal, state: .failed, error: "\(error)")
            }
        }
    }

    private func rollBack(reason: String, steps: [ReleaseStep], snapshot: ReleaseSnapshot) async throws -> ReleaseOutcome {
        let release = try await context.store.release(context.releaseID)
        if release.state != .rollingBack {
            try await context.store.setReleaseState(context.releaseID, to: .rollingBack, message: reason)
        }
        for step in steps where step.state == .pending {
            if let id = step.id { try await context.store.markStepSkipped(id, reason: "the release rolls back") }
        }
        let gitops = context.plan.gitops != nil
        // GitOps: what git says was pushed, not which commit steps started (a push can fail or never happen).
        let published = gitops ? (try? GitOpsRelease(context: context).publishedWaves()) : nil
        let actions = RollbackPlanner.plan(steps: snapshot.steps, consumersFirst: context.consumersFirst,
                                           gitops: gitops, publishedWaves: published)
        let report = await RollbackRunner(context: context).run(actions, steps: steps)
        await PairingRecorder(context: context).record("after the rollback")
        if report.isComplete {
            try await context.store.setReleaseState(context.releaseID, to: .rolledBack, message: reason)
            return .rolledBack(reason: reason, report: report)
        }
        try await context.store.setReleaseState(context.releaseID, to: .failed,
                                                message: IncompleteRollback.message(reason: reason, failures: report.failures))
        return .failed(reason: reason, report: report)
    }
}
