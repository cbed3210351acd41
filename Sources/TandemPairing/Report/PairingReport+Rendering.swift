import Foundation

extension PairingReport {
    static let headers = ["CONSUMER", "ROLE", "VERSION", "KEY", "TARGET SERVICE", "DEPENDENCY", "DEP VERSION", "DEP ROLE", "VERDICT"]

    /// A table with one line per row, then the notes and a closing line naming every MIXED pair.
    public func table() -> String {
        let showPods = rows.contains { $0.podSays != nil }
        var lines: [[String]] = [Self.headers + (showPods ? ["POD SAYS"] : [])]
        for row in rows {
            var line = [row.consumer, row.role.rawValue, row.version, row.key, row.targetService ?? "-", row.dependency,
                        row.dependencyVersion ?? "-", row.dependencyRole?.rawValue ?? "-", row.verdict?.rawValue ?? "-"]
            if showPods { line.append(row.podSays ?? "-") }
            lines.append(line)
        }
        let widths = (0..<lines[0].count).map { column in lines.map { $0[column].count }.max() ?? 0 }
        var out = lines.map { line in
            zip(line, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        if rows.isEmpty { out.append("(no consumer revisions with pods)") }
        for row in rows where row.verdict == .waiting || row.verdict == .unresolved {
            out.append("\(row.verdict!.rawValue): \(row.consumer) \(row.role.rawValue) \(row.version) \(row.key): \(row.reason)")
        }
        out += notes.map { "note: \($0)" }
        if mixed.isEmpty {
            out.append("no mixed pairs")
        } else {
            for row in mixed {
                out.append("MIXED: \(row.consumer) \(row.role.rawValue) \(row.version) (\(row.consumerRevision)) reads \(row.key)=\(row.value ?? "") → Service \(row.targetService ?? "?") → \(row.dependency) \(row.dependencyVersion ?? "?") (\(row.dependencyRevision ?? "?"), \(row.dependencyRole?.rawValue ?? "-")): \(row.reason)")
            }
        }
        return out.joined(separator: "\n")
    }

    /// The report as recorded (`tandem pairs --json`, the engine's `pairing.report` events) and read back
    /// (the dashboard's pairing table): one type for both sides.
    public struct Document: Codable, Sendable, Equatable {
        public var plan: String
        public var rows: [PairingRow]
        public var notes: [String]
        /// How many rows are MIXED.
        public var mixed: Int

        /// The document in `json` text; nil when it is not a pairing report.
        public init?(json: String) {
            guard let document = try? JSONDecoder().decode(Document.self, from: Data(json.utf8)) else { return nil }
            self = document
        }

        init(plan: String, rows: [PairingRow], notes: [String], mixed: Int) {
            self.plan = plan
            self.rows = rows
            self.notes = notes
            self.mixed = mixed
        }
    }

    /// The report as JSON (sorted keys): `plan`, `rows`, `notes`, `mixed` (count).
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Document(plan: plan, rows: rows, notes: notes, mixed: mixed.count))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
