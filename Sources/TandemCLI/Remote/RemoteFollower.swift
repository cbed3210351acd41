import Foundation
import TandemEngine
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
                    SummaryOutput.state(json, release: releaseID, state: state.rawValue, message: view.release.message)
                    return
                case .drive(let wait, _):
                    let timedOut = deadline.map { ContinuousClock.now >= $0 } ?? false
                    if waitingAt != nil && wait && !timedOut { break }
                    guard let summary = ReleaseSummary(view, timedOut: timedOut) else { break }
                    try SummaryOutput.finish(summary, acting: .server(client.base), json: json)
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
}
