import Foundation
import TandemStore

/// Shows the progress the engine records on running steps (`steps.progress`): each new report once,
/// as a line, a JSON object (`"type": "progress"`), or one live status line rewritten in place.
final class ProgressBoard: @unchecked Sendable {
    enum Mode: Sendable { case off, lines, live, json }

    let mode: Mode
    /// step ordinal → time of the last report shown.
    private var shown: [Int: Date] = [:]
    private var liveLineVisible = false

    init(mode: Mode) { self.mode = mode }

    /// Prints the reports recorded since the last call.
    func update(store: ReleaseStore, releaseID: String) async {
        guard mode != .off, let steps = try? await store.steps(of: releaseID) else { return }
        let running = steps.filter { $0.state == .running && $0.progress != nil && $0.progressAt != nil }
        let fresh = running.filter { step in shown[step.ordinal].map { $0 < step.progressAt! } ?? true }
        for step in fresh { shown[step.ordinal] = step.progressAt }
        switch mode {
        case .off:
            return
        case .lines:
            for step in fresh { say(Self.line(step)) }
        case .json:
            for step in fresh { say(Self.object(step, releaseID: releaseID)) }
        case .live:
            guard !fresh.isEmpty else { return }
            let text = running.map { "\($0.service ?? $0.kind.rawValue): \($0.progress!)" }.joined(separator: " | ")
            write("\r\u{1B}[2K" + text)
            liveLineVisible = true
        }
    }

    /// Removes the live status line before other output is printed.
    func clearLine() {
        guard liveLineVisible else { return }
        write("\r\u{1B}[2K")
        liveLineVisible = false
    }

    /// `12:00:35  backend     waiting for the preview: 1/2 new pods ready, …` — the layout of event lines.
    static func line(_ step: StepRecord) -> String {
        let time = TandemJSON.format(step.progressAt ?? Date()).dropFirst(11).prefix(8)
        let who = (step.service ?? step.kind.rawValue)
        return "\(time)  \(who.padding(toLength: max(10, who.count), withPad: " ", startingAt: 0))  \(step.progress ?? "")"
    }

    static func object(_ step: StepRecord, releaseID: String) -> String {
        var object: [String: Any] = ["type": "progress", "release": releaseID, "step": step.ordinal, "kind": step.kind.rawValue,
                                     "message": step.progress ?? "", "at": TandemJSON.format(step.progressAt ?? Date())]
        if let service = step.service { object["service"] = service }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private func write(_ text: String) {
        try? FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
    }
}
