import Foundation
import Logging
import TandemKubeModel
import TandemStore

/// Drives a release: asks `ReleaseMachine` for the next action and carries it out against the
/// cluster and the store. Every step's transition is committed before and after its cluster
/// action, so a run killed at any moment can be resumed by another `drive`.
public struct ReleaseRunner: Sendable {
    public let context: ReleaseContext

    public init(context: ReleaseContext) { self.context = context }

    /// Runs until the release ends or stops at a checkpoint. With `wait`, waits at checkpoints until
    /// they are decided (polling the store) or `timeout` passes.
    public func drive(wait: Bool = false, timeout: Duration? = nil) async throws -> ReleaseOutcome {
        let loader = ReleaseLoader(store: context.store, releaseID: context.releaseID)
        let first = try await context.store.release(context.releaseID)
        if first.state == .succeeded { return .succeeded }
        if first.state == .rolledBack {
            return .rolledBack(reason: first.message ?? "rolled back", report: RollbackReport(failures: [:], states: [:]))
        }
        let locks = ReleaseLocks(context: context)
        try await locks.acquire(ttl: context.options.lockTTL)
        let keepAlive = locks.keepAlive(ttl: context.options.lockTTL)
        defer { keepAlive.cancel() }
        let waitDeadline = timeout.map { ContinuousClock.now + $0 }
        while true {
            let (snapshot, steps, _) = try await loader.snapshot()
            switch ReleaseMachine.next(snapshot) {
            case .run(let ordinals):
                try await runBatch(ordinals.compactMap { ordinal in steps.first { $0.ordinal == ordinal } })
            case .reachCheckpoint(let ordinal, let name):
                if let step = steps.first(where: { $0.ordinal == ordinal }), let id = step.id, step.state == .pending {
                    try await context.store.markStepRunning(id)
                }
                try await context.store.openCheckpoint(context.releaseID, name: name)
            case .awaitDecision(_, let name):
                let timedOut = waitDeadline.map { ContinuousClock.now >= $0 } ?? false
                if !wait || timedOut {
                    keepAlive.cancel()
                    try await locks.acquire(ttl: context.options.waitingLockTTL)
                    return .waiting(checkpoint: name, timedOut: timedOut)
                }
                try await Task.sleep(for: context.options.pollInterval)
            case .passCheckpoint(let ordinal, _):
                let release = try await context.store.release(context.releaseID)
                if release.state == .waiting {
                    try await context.store.setReleaseState(context.releaseID, to: .running)
                }
                if let step = steps.first(where: { $0.ordinal == ordinal }), let id = step.id {
                    if step.state == .pending { try await context.store.markStepRunning(id) }
                    try await context.store.markStepSucceeded(id)
                    crashHook(after: ordinal)
                }
            case .rollBack(let reason):
                keepAlive.cancel()
                let outcome = try await rollBack(reason: reason, steps: steps, snapshot: snapshot)
                await locks.release()
                return outcome
            case .finish:
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
    }

    /// Runs the steps of one wave, at most `maxParallel` at once. Failures are recorded on the steps;
    /// the machine turns them into a rollback.
    private func runBatch(_ steps: [StepRecord]) async throws {
        let limit = max(1, context.plan.maxParallel)
        try await withThrowingTaskGroup(of: Void.self) { group in
            var iterator = steps.makeIterator()
            for _ in 0..<limit {
                guard let step = iterator.next() else { break }
                group.addTask { try await runStep(step) }
            }
            while try await group.next() != nil {
                if let step = iterator.next() { group.addTask { try await runStep(step) } }
            }
        }
    }

    private func runStep(_ step: StepRecord) async throws {
        guard let id = step.id else { return }
        var logger = context.logger
        logger[metadataKey: "step"] = "\(step.ordinal)"
        if let service = step.service { logger[metadataKey: "service"] = "\(service)" }
        guard let runner = StepRunners.runner(for: step.kind) else {
            try await context.store.markStepRunning(id)
            try await context.store.markStepFailed(id, error: "unknown step kind \(step.kind); this tandem cannot run this program")
            return
        }
        try await context.store.markStepRunning(id)
        logger.debug("step running")
        var attempt = 0
        while true {
            attempt += 1
            do {
                let detail = try await runner.run(step, in: context)
                try await context.store.markStepSucceeded(id, detail: detail.serializedString())
                logger.debug("step succeeded")
                crashHook(after: step.ordinal)
                return
            } catch let error where StepError.isRetryable(error) && attempt < context.options.retryAttempts {
                logger.debug("step retried", metadata: ["error": "\(error)", "attempt": "\(attempt)"])
                try await Task.sleep(for: .seconds(attempt))
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                logger.debug("step failed", metadata: ["error": "\(error)"])
                try await context.store.markStepFailed(id, error: "\(error)")
                return
            }
        }
    }

    private func rollBack(reason: String, steps: [StepRecord], snapshot: ReleaseSnapshot) async throws -> ReleaseOutcome {
        let release = try await context.store.release(context.releaseID)
        if release.state != .rollingBack {
            try await context.store.setReleaseState(context.releaseID, to: .rollingBack, message: reason)
        }
        for step in steps where step.state == .pending {
            if let id = step.id { try await context.store.markStepSkipped(id, reason: "the release rolls back") }
        }
        let actions = RollbackPlanner.plan(steps: snapshot.steps, consumersFirst: context.consumersFirst)
        let report = await RollbackRunner(context: context).run(actions, steps: steps)
        if report.isComplete {
            try await context.store.setReleaseState(context.releaseID, to: .rolledBack, message: reason)
            return .rolledBack(reason: reason, report: report)
        }
        let detail = report.failures.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
        try await context.store.setReleaseState(context.releaseID, to: .failed, message: "\(reason); rollback incomplete: \(detail)")
        return .failed(reason: reason, report: report)
    }

    /// The crash-safety test hook: die like `kill -9` right after committing step `ordinal`.
    private func crashHook(after ordinal: Int) {
        guard context.options.crashAfterStep == ordinal else { return }
        kill(getpid(), SIGKILL)
    }
}
