import TandemGates
import TandemStore
import TandemRelease

/// At the end of a release, the work note on every linked ServiceNow change (release id, plan, environment,
/// versions, outcome), once per release and change: a later drive of the same ended release finds the
/// `gate.work-note` event and writes nothing. A note that cannot be written is recorded, never fatal.
struct GateWorkNotes: Sendable {
    let context: ReleaseContext

    func write(after outcome: ReleaseOutcome) async {
        let gates = CheckpointGates(context: context)
        let serviceNow = gates.serviceNowGates
        guard !serviceNow.isEmpty, !context.changes.isEmpty, let words = Self.outcome(outcome) else { return }
        var release = gates.release(at: "")
        for change in context.changes {
            if (try? await context.store.workNoteWritten(context.releaseID, change: change)) ?? true { continue }
            release.changes = [change]
            let transport = context.options.gateTransport()
            let evaluator = GateEvaluator(environment: context.options.gateEnvironment, transport: transport)
            do {
                try await evaluator.addWorkNotes(gates: serviceNow, release: release, outcome: words)
                try await context.store.appendEvent(
                    releaseID: context.releaseID, kind: EventKind.gateWorkNote,
                    message: "work note added to ServiceNow change \(change): release \(words)",
                    data: JSONValue.object(["change": .string(change), "outcome": .string(words)]).text)
            } catch {
                _ = try? await context.store.appendEvent(
                    releaseID: context.releaseID, kind: EventKind.gateWorkNoteFailed,
                    message: "cannot add the work note to ServiceNow change \(change): \(error)",
                    data: JSONValue.object(["change": .string(change)]).text)
            }
            await transport.shutdown()
        }
    }

    /// The outcome as the note says it; nil while the release has not ended.
    static func outcome(_ outcome: ReleaseOutcome) -> String? {
        switch outcome {
        case .succeeded: "succeeded"
        case .waiting: nil
        case .rolledBack(let reason, _): "rolled back (\(reason))"
        case .failed(let reason, _): "failed, rollback incomplete (\(reason))"
        }
    }
}
