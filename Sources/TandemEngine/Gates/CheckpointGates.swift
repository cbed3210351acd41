import Foundation
import TandemGates
import TandemPlan
import TandemStore

/// The gates of a release's checkpoints, asked by the process that drives the release (CLI or `tandem serve`).
/// Every answer is recorded in the store, which keeps an audit entry only when the answer changes.
struct CheckpointGates: Sendable {
    let context: ReleaseContext

    func gates(of checkpoint: String) -> [Gate] {
        context.plan.checkpoints.first { $0.name == checkpoint }?.gates ?? []
    }

    /// Whether people must approve as well (always for a checkpoint without gates).
    func needsPeople(_ checkpoint: String) -> Bool {
        context.plan.checkpoints.first { $0.name == checkpoint }?.needsPeople ?? true
    }

    /// Every ServiceNow gate of the plan as the release runs it (for the work note at the end).
    var serviceNowGates: [Gate] {
        context.plan.checkpoints.flatMap(\.gates).filter { if case .servicenow = $0 { true } else { false } }
    }

    /// What the gates are told about the release.
    func release(at checkpoint: String) -> GateRelease {
        GateRelease(id: context.releaseID, plan: context.plan.name, environment: context.environment,
                    versions: context.versions, checkpoint: checkpoint, changes: context.changes)
    }

    /// Asks every gate of `checkpoint` once and records the combined answer. A gate that cannot be asked in a
    /// way waiting fixes (credentials refused, a malformed answer) is recorded as `error` and thrown as
    /// `GateCheckError`; the release stays at the checkpoint.
    func ask(_ checkpoint: String) async throws -> (answer: GateAnswer, changed: Bool) {
        let transport = context.options.gateTransport()
        let evaluator = GateEvaluator(environment: context.options.gateEnvironment, transport: transport)
        let verdict: GateVerdict
        do {
            verdict = try await evaluator.verdict(of: gates(of: checkpoint), for: release(at: checkpoint))
        } catch let error as GateError {
            await transport.shutdown()
            let answer = GateAnswer(state: .error, reason: error.message)
            try await context.store.recordGateAnswer(context.releaseID, checkpoint: checkpoint, answer)
            throw GateCheckError(releaseID: context.releaseID, checkpoint: checkpoint, reason: error.message)
        } catch {
            await transport.shutdown()
            throw error
        }
        await transport.shutdown()
        let answer: GateAnswer
        switch verdict {
        case .pass: answer = GateAnswer(state: .pass, reason: nil)
        case .wait(let reason): answer = GateAnswer(state: .wait, reason: reason)
        case .reject(let reason): answer = GateAnswer(state: .reject, reason: reason)
        }
        let changed = try await context.store.recordGateAnswer(context.releaseID, checkpoint: checkpoint, answer)
        return (answer, changed)
    }
}

/// The gates of a checkpoint could not be asked (exit 1): the release waits at the checkpoint until the
/// cause is fixed and it is resumed. The reason never contains credentials (TandemGates' messages name
/// the variables, not their values).
public struct GateCheckError: Error, Sendable, Equatable, CustomStringConvertible {
    public var releaseID: String
    public var checkpoint: String
    public var reason: String

    public var description: String {
        "the gates of checkpoint \"\(checkpoint)\" of release \(releaseID) cannot be asked: \(reason)\n"
            + "  the release waits at the checkpoint; fix this, then run `tandem release resume \(releaseID)`"
    }
}
