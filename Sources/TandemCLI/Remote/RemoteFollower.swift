import Foundation
import TandemStore

/// Follows a release through the server's API — one line per audit event, as a local run prints them —
/// and ends like a local run: exit 0 succeeded, 3 waiting at a checkpoint, 4 rolled back, 5 failed.
struct RemoteFollower {
    enum Mode {
        /// `release start --server`: stop at a checkpoint (exit 3) unless `wait`; the summary and exit code of a local run.
        case drive(wait: Bool, timeout: Duration?)
        /// `release status --watch --server`: print events until the release ends or waits, then its state (exit 0).
        case watch
    }

    let client: RemoteClient
    let releaseID: String
    let json: Bool
    var interval: Duration = .milliseconds(500)

    func follow(_ mode: Mode) async throws {
        var last: Int64 = 0
        let deadline: ContinuousClock.Instant? = if case .drive(_, let timeout?) = mode { .now + timeout } else { nil }
        while true {
            last = try await printEvents(after: last)
            let view = try client.decode(ReleaseStatusView.self, try await client.get("/api/releases/\(releaseID)"))
            let state = view.release.state
            let waitingAt = state == .waiting ? view.waitingAt : nil
            if state.isTerminal || waitingAt != nil {
                last = try await printEvents(after: last)
                switch mode {
                case .watch:
                    ReleaseDriver.stateSummary(json, release: releaseID, state: state.rawValue, message: view.release.message)
                    return
                case .drive(let wait, _):
                    if let checkpoint = waitingAt {
                        let timedOut = deadline.map { ContinuousClock.now >= $0 } ?? false
                        if wait && !timedOut { break }
                        try waiting(view, checkpoint: checkpoint, timedOut: timedOut)
                    }
                    try finish(view)
                    return
                }
            }
            try await Task.sleep(for: interval)
        }
    }

    /// Prints every event after `after` (pages of 500); returns the last id.
    private func printEvents(after: Int64) async throws -> Int64 {
        var last = after
        while true {
            let page = try client.decode([EventView].self,
                                         try await client.get("/api/releases/\(releaseID)/events?format=json&lastEventId=\(last)"))
            for event in page { say(EventPrinter(json: json).line(event)) }
            guard let id = page.last?.id else { return last }
            last = id
            if page.count < 500 { return last }
        }
    }


    private func waiting(_ view: ReleaseStatusView, checkpoint: String, timedOut: Bool) throws -> Never {
        let id = releaseID, server = client.base
        let policy = view.checkpoints.first { $0.name == checkpoint }
        let who = policy.map { $0.approvers.isEmpty ? "anyone but the starter" : $0.approvers.joined(separator: ", ") } ?? "anyone"
        let approve = "tandem approve \(id) --checkpoint \(checkpoint) --server \(server)"
        ReleaseDriver.summary(json, ["release": id, "state": "waiting", "checkpoint": checkpoint, "approveCommand": approve, "server": server],
                              """
                              release \(id) \(timedOut ? "is still waiting (--timeout passed)" : "stopped") at checkpoint "\(checkpoint)": \
                              needs \(policy?.requiredApprovals ?? 1) approval(s) from \(who).
                                approve:  \(approve)   (or the Approve button on \(server)/releases/\(id))
                                reject:   tandem reject \(id) --checkpoint \(checkpoint) --server \(server) --reason "..."
                                the server continues the release once it is approved (follow: tandem release status \(id) --server \(server) --watch)
                              """)
        throw ReportedFailure(.waitingForApproval)
    }

    private func finish(_ view: ReleaseStatusView) throws {
        let id = releaseID, r = view.release
        let reason = r.message ?? ""
        switch r.state {
        case .succeeded:
            let versions = r.versions.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            ReleaseDriver.summary(json, ["release": id, "state": "succeeded"], "release \(id) succeeded: \(versions)")
        case .rolledBack:
            ReleaseDriver.summary(json, ["release": id, "state": "rolled-back", "reason": reason], "release \(id) rolled back: \(reason)")
            throw ReportedFailure(.rolledBack)
        default:
            ReleaseDriver.summary(json, ["release": id, "state": "failed", "reason": reason],
                                  """
                                  release \(id) FAILED and the rollback is incomplete: \(reason)
                                  A person must look: `tandem release status \(id) --server \(client.base)` lists each step; \
                                  then run `tandem release abort \(id)` with cluster access to retry the rollback.
                                  """)
            throw ReportedFailure(.rollbackIncomplete)
        }
    }
}
