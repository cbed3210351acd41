import TandemStore

/// The pairing report (`tandem pairs`, recorded by the engine as a `pairing.report` event) as a
/// table: which revision of each consumer calls which version of each dependency, and whether
/// that pair is right (new→new, old→old) or MIXED.
enum PairingTable {
    /// nil when `report` is not a pairing report with rows.
    static func render(_ report: JSONValue, caption: String) -> String? {
        guard case let .object(document) = report, case let .array(rows)? = document["rows"] else { return nil }
        func text(_ row: [String: JSONValue], _ key: String) -> String {
            switch row[key] {
            case .string(let value)?: HTML.escape(value)
            case .int(let value)?: String(value)
            default: "–"
            }
        }
        let body = rows.compactMap { value -> String? in
            guard case let .object(row) = value else { return nil }
            let verdict = text(row, "verdict")
            // Coloured like a step in the matching state; the word itself says which.
            let colour = ["MIXED": "failed", "ok": "succeeded", "waiting": "running"][verdict] ?? "pending"
            let badge = verdict == "–" ? verdict : "<span class=\"badge s-\(colour)\">\(verdict)</span>"
            return "<tr><td>\(text(row, "consumer")) <span class=\"muted\">\(text(row, "version")) (\(text(row, "role")))</span></td>" +
                "<td><code>\(text(row, "key"))</code> → <code>\(text(row, "targetService"))</code></td>" +
                "<td>\(text(row, "dependency")) <span class=\"muted\">\(text(row, "dependencyVersion")) (\(text(row, "dependencyRole")))</span></td>" +
                "<td>\(badge)</td><td>\(text(row, "podSays"))</td></tr>"
        }.joined()
        var notes = ""
        if case let .array(items)? = document["notes"] {
            notes = items.compactMap { if case let .string(note) = $0 { "<li>\(HTML.escape(note))</li>" } else { nil } }.joined()
        }
        return """
        <table><caption class="muted">\(HTML.escape(caption))</caption><thead><tr><th scope="col">Consumer (version, revision)</th>\
        <th scope="col">Calls through</th><th scope="col">Dependency (version, revision)</th><th scope="col">Pair</th>\
        <th scope="col">Pod says</th></tr></thead><tbody>\(body)</tbody></table>\(notes.isEmpty ? "" : "<ul class=\"muted\">\(notes)</ul>")
        """
    }
}
