import Foundation
import TandemEngine
import TandemKube
import TandemNotify
import TandemStore

/// Drives a release for `start`, `resume`, `abort` and `rollback`: follows its events while the
/// runner works, prints the summary and ends with the documented exit code.
enum ReleaseDriver {
    /// What a command drives: a release it starts now (`start`, `promote`, `rollback`) or a recorded one (`resume`, `abort`).
    enum Target {
        case start(ReleaseRequest)
        case recorded(ReleaseRecord)
    }

    /// The one connect–start–drive path of the commands that drive a release in this process: connects to
    /// `cluster`, starts the release (`ReleaseStarter.start` refuses what it must before anything is taken or
    /// recorded) or builds the context of the recorded one, and drives it. A release started here is driven under the
    /// locks its start took (not taken twice).
    static func connectAndDrive(_ target: Target, cluster: ClusterOptions, store: ReleaseStore, progress: ProgressOptions,
                                wait: Bool, timeout: Duration?, json: Bool, printFrom after: Int64 = 0,
                                retryingRollbackBy: String? = nil) async throws {
        try await cluster.withClient { client in
            let context: ReleaseContext
            do {
                let options = try progress.engineOptions()
                switch target {
                case .start(let request):
                    (_, context) = try await ReleaseStarter.start(request, client: client, store: store, options: options)
                case .recorded(let release): context = try await ReleaseStarter.context(for: release, client: client, store: store, options: options)
                }
            } catch let failure as CLIFailure {
                throw failure
            } catch let reported as ReportedFailure {
                throw reported
            } catch {
                throw CLIFailure(error)
            }
            var started = false
            if case .start = target { started = true }
            try await drive(context, wait: wait, timeout: timeout, json: json, printFrom: after, progress: progress.mode(json: json),
                            retryingRollbackBy: retryingRollbackBy, locksTakenByStart: started)
        }
    }

    /// `retryingRollbackBy`: retry the rollback of a failed release in this person's name (`abort`, `resume`).
    static func drive(_ context: ReleaseContext, wait: Bool, timeout: Duration?, json: Bool, printFrom after: Int64,
                      progress: ProgressBoard.Mode, retryingRollbackBy: String? = nil, locksTakenByStart: Bool = false) async throws {
        let store = context.store
        let printer = EventPrinter(json: json)
        let follower = Task {
            await follow(store: store, releaseID: context.releaseID, after: after, printer: printer, board: ProgressBoard(mode: progress))
        }
        let outcome: ReleaseOutcome
        do {
            outcome = try await ReleaseRunner(context: context).drive(wait: wait, timeout: timeout, retryingRollbackBy: retryingRollbackBy,
                                                                      locksTakenByStart: locksTakenByStart)
        } catch {
            follower.cancel()
            _ = try? await printer.flush(store: store, releaseID: context.releaseID, after: await follower.value)
            throw CLIFailure(error)
        }
        follower.cancel()
        _ = try await printer.flush(store: store, releaseID: context.releaseID, after: await follower.value)
        let summary: ReleaseSummary
        do { summary = try await ReleaseSummary.load(outcome, releaseID: context.releaseID, store: store) } catch { throw CLIFailure(error) }
        await notify(outcome, summary: summary, store: store)
        try SummaryOutput.finish(summary, acting: .locally, json: json)
    }

    /// Queues the outcome's webhook notification when `tandem serve` configured webhooks for this database
    /// (notify.json beside it); at most once per release, event and checkpoint. The server delivers it.
    static func notify(_ outcome: ReleaseOutcome, summary: ReleaseSummary, store: ReleaseStore) async {
        guard let notifier = ReleaseNotifier.besideDatabase(of: store) else { return }
        do {
            try await notifier.notify(outcome, summary: summary)
        } catch {
            complain("warning: cannot queue the notification of \(summary.releaseID): \(error)")
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
}
