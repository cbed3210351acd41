import Foundation
import TandemStore

/// Prints audit events: one line per event (time, service, what happened) or one JSON object per event.
struct EventPrinter {
    var json: Bool

    func line(_ event: EventRecord) -> String {
        line(EventView(event))
    }

    /// The same line for an event read from the store or from the server's API (`--server`).
    func line(_ event: EventView) -> String {
        if json { return (try? TandemJSON.string(event)) ?? "{}" }
        let time = TandemJSON.format(event.at).dropFirst(11).prefix(8)
        let who = event.service.map { $0.padding(toLength: max(10, $0.count), withPad: " ", startingAt: 0) } ?? "          "
        return "\(time)  \(who)  \(event.message)"
    }

    func print(_ event: EventRecord) {
        say(line(event))
    }

    /// Prints every event after `after`; returns the last id printed.
    func flush(store: ReleaseStore, releaseID: String, after: Int64) async throws -> Int64 {
        var last = after
        while true {
            let page = try await store.events(of: releaseID, after: last, limit: 500)
            for event in page { print(event) }
            guard let id = page.last?.id else { return last }
            last = id
            if page.count < 500 { return last }
        }
    }
}

/// Writes a line to stdout. A reader that went away (`tandem release start … | head`) must not stop
/// the release: `FileHandle.write(_:)` traps on EPIPE, so the throwing variant is used and its error dropped.
func say(_ text: String) {
    try? FileHandle.standardOutput.write(contentsOf: Data((text + "\n").utf8))
}

func complain(_ text: String) {
    try? FileHandle.standardError.write(contentsOf: Data((text + "\n").utf8))
}
