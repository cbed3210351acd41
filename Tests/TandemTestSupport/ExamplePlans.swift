import Foundation

/// The example plans in the checkout's `plans/` directory, so tests run what users run
/// instead of copies of it written out in test files.
public enum ExamplePlans {
    public static let directory = PackageRoot.url.appendingPathComponent("plans")

    /// The path of `plans/NAME` (e.g. "loan-app.yaml").
    public static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// The text of `plans/NAME`.
    public static func text(_ name: String) throws -> String {
        try String(contentsOfFile: path(name), encoding: .utf8)
    }

    /// The text of `plans/NAME` with each `(old, new)` replaced once; throws when an `old`
    /// is not in the plan (the example changed, so the variant would silently be another plan).
    public static func text(_ name: String, replacing edits: [(String, String)]) throws -> String {
        var text = try text(name)
        for (old, new) in edits {
            guard let range = text.range(of: old) else { throw MissingText(plan: name, text: old) }
            text.replaceSubrange(range, with: new)
        }
        return text
    }

    public struct MissingText: Error, CustomStringConvertible {
        public let plan: String
        public let text: String
        public var description: String { "plans/\(plan) no longer contains \(text.debugDescription)" }
    }
}
