import Foundation
import TandemEngine
import TandemServer
import TandemStore

/// Drives a release for `start`, `resume`, `abort` and `rollback`: follows its events while the
/// runner works, prints the summary and ends with the documented exit code.
enum ReleaseDriver {
    /// `retryingRollbackBy`: retry the rollback of a failed release in this person's name (`abort`, `resume`).
    static func drive(_ context: ReleaseContext, wait: Bool, timeout: Duration?, json: Bool, printFrom after: Int64,
                      progress: ProgressBoard.Mode, retryingRollbackBy: String? = nil) async throws {
        let store = context.store
        let printer = EventPrinter(json: json)
        let follower = Task {
            await follow(store: store, releaseID: context.releaseID, after: after, printer: printer, board: ProgressBoard(mode: progress))
        }
        let outcome: ReleaseOutcome
        do {
            outcome = try await ReleaseRunner(context: context).drive(wait: wait, timeout: timeout, retryingRollbackBy: retryingRollbackBy)
        } catch {
            follower.cancel()
            _ = try? await printer.flush(store: store, releaseID: context.releaseID, after: await follower.value)
            throw CLIFailure(error)
        }
        follower.cancel()
        _ = try await printer.flush(store: store, releaseID: context.releaseID, after: await follower.value)
        await notify(outcome, releaseID: context.releaseID, store: store)
        try await finish(outcome, context: context, json: json)
    }

    /// Queues the outcome's webhook notification when `tandem serve` configured webhooks for this database
    /// (notify.json beside it); at most once per release, event and checkpoint. The server delivers it.
    static func notify(_ outcome: ReleaseOutcome, releaseID: String, store: ReleaseStore) async {
        guard let notifier = ReleaseNotifier.besideDatabase(of: store) else { return }
        do {
            try await notifier.notify(outcome, releaseID: releaseID)
        } catch {
            complain("warning: cannot queue the notification of \(releaseID): \(error)")
        }
    }

    /// Prints events as they are committed and the progress of waiting steps (`ProgressBoard`); when the
    /// running steps report no progress, after 15 s without an event says what is still running.
    static func follow(store: ReleaseStore, releaseID: String, after: Int64, printer: EventPrinter, board: ProgressBoard) async -> Int64 {
        var last = after
        var quietSince = ContinuousClock.now
        while !Task.isCancelled {
            if board.mode == .live, !((try? await store.events(of: releaseID, after: last, limit: 1)) ?? []).isEmpty {
                board.clearLine()
            }
            if let next = try? await printer.flush(store: store, releaseID: releaseID, after: last), next != last {
                last = next
                quietSince = .now
            } else if ContinuousClock.now - quietSince > .seconds(15), !printer.json, board.mode != .off {
                let running = (try? await store.steps(of: releaseID).filter { $0.state == .running }) ?? []
                let elapsed = running.compactMap(\.startedAt).min().map { Int(Date().timeIntervalSince($0)) } ?? 0
                // Steps that report progress say more than this line; --quiet shows neither.
                if !running.isEmpty, running.allSatisfy({ $0.progress == nil }) {
                    board.clearLine()
                    say("          …         still running: \(running.map(\.label).joined(separator: ", ")) (\(elapsed)s)")
                }
                quietSince = .now
            }
            await board.update(store: store, releaseID: releaseID)
            try? await Task.sleep(for: .milliseconds(250))
        }
        board.clearLine()
        return last
    }

    static func finish(_ outcome: ReleaseOutcome, context: ReleaseContext, json: Bool) async throws {
        let id = context.releaseID
        switch outcome {
        case .succeeded:
            let release = try await context.store.release(id)
            let versions = context.scope.sorted().map { "\($0) \(release.versions[$0] ?? "?")" }.joined(separator: ", ")
            summary(json, ["release": id, "state": "succeeded"],
                    "release \(id) succeeded: \(versions.isEmpty ? "nothing to change" : versions)")
        case .waiting(let checkpoint, let timedOut):
            let message = try await CheckpointWaitMessage.make(context: context, checkpoint: checkpoint, timedOut: timedOut)
            summary(json, message.fields, message.text)
            throw ReportedFailure(.waitingForApproval)
        case .rolledBack(let reason, let report):
            summary(json, ["release": id, "state": "rolled-back", "reason": reason],
                    "release \(id) rolled back: \(reason)" + states(report))
            throw ReportedFailure(.rolledBack)
        case .failed(let reason, let report):
            let failures = report.failures.sorted { $0.key < $1.key }.map { "\n  \($0.key): \($0.value)" }.joined()
            summary(json, ["release": id, "state": "failed", "reason": reason],
                    """
                    release \(id) FAILED and the rollback is incomplete: \(reason)\(failures)\(states(report))
                    A person must look: fix the services above (kubectl argo rollouts get rollout <name>), then run \
                    `tandem release abort \(id)` to retry the rollback.
                    """)
            throw ReportedFailure(.rollbackIncomplete)
        }
    }

    static func states(_ report: RollbackReport) -> String {
        report.states.sorted { $0.key < $1.key }.map { "\n  \($0.key): \($0.value)" }.joined()
    }

    /// How `release status --watch` ends (local or `--server`): the release's state as a line, or a
    /// summary object with `--json`.
    static func stateSummary(_ json: Bool, release id: String, state: String, message: String?) {
        var object = ["release": id, "state": state]
        if let message { object["message"] = message }
        summary(json, object, "release \(id) is \(state)\(message.map { ": \($0)" } ?? "")")
    }

    static func summary(_ json: Bool, _ object: [String: String], _ text: String) {
        if json {
            let data = (try? JSONSerialization.data(withJSONObject: ["summary": object], options: [.sortedKeys])) ?? Data()
            say(String(decoding: data, as: UTF8.self))
        } else {
            say(text)
        }
    }
}
