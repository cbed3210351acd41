import Foundation
import TandemEngine

/// How the CLI ends a command that followed a release: its summary as text, or as a `{"summary": …}`
/// object with `--json`.
enum SummaryOutput {
    /// Prints a drive's outcome (local or `--server`) and ends with its documented exit code.
    static func finish(_ summary: ReleaseSummary, acting: ReleaseSummary.Acting, json: Bool) throws {
        print(json, summary.fields(acting: acting), summary.text(acting: acting))
        let status = ExitStatus(summary.outcome)
        if status != .success { throw ReportedFailure(status) }
    }

    /// How `release status --watch` ends (local or `--server`): the release's state as a line, or a
    /// summary object with `--json`.
    static func state(_ json: Bool, release id: String, state: String, message: String?) {
        var object = ["release": id, "state": state]
        if let message { object["message"] = message }
        print(json, object, "release \(id) is \(state)\(message.map { ": \($0)" } ?? "")")
    }

    private static func print(_ json: Bool, _ object: [String: String], _ text: String) {
        if json {
            let data = (try? JSONSerialization.data(withJSONObject: ["summary": object], options: [.sortedKeys])) ?? Data()
            say(String(decoding: data, as: UTF8.self))
        } else {
            say(text)
        }
    }
}
