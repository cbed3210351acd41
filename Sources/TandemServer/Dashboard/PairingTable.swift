import TandemPairing
import TandemStore

/// The pairing report (`tandem pairs`, recorded by the engine as a `pairing.report` event) as a
/// table: which revision of each consumer calls which version of each dependency, and whether
/// that pair is right (new→new, old→old) or MIXED.
enum PairingTable {
    /// nil when `report` is not a pairing report with rows.
    static func render(_ report: JSONValue, caption: String) -> String? {
        guard let document = PairingReport.Document(json: report.text) else { return nil }
        func text(_ value: String?) -> String { value.map(HTML.escape) ?? "–" }
        let body = document.rows.map { row -> String in
            let verdict = row.verdict?.rawValue
            // Coloured like a step in the matching state; the word itself says which.
            let colour = [PairingVerdict.mixed: "failed", .ok: "succeeded", .waiting: "running"][row.verdict ?? .unresolved] ?? "pending"
            let badge = verdict.map { "<span class=\"badge s-\(colour)\">\(HTML.escape($0))</span>" } ?? "–"
            return "<tr><td>\(text(row.consumer)) <span class=\"muted\">\(text(row.version)) (\(text(row.role.rawValue)))</span></td>" +
                "<td><code>\(text(row.key))</code> → <code>\(text(row.targetService))</code></td>" +
                "<td>\(text(row.dependency)) <span class=\"muted\">\(text(row.dependencyVersion)) (\(text(row.dependencyRole?.rawValue)))</span></td>" +
                "<td>\(badge)</td><td>\(text(row.podSays))</td></tr>"
        }.joined()
        let notes = document.notes.map { "<li>\(HTML.escape($0))</li>" }.joined()
        return """
        <table><caption class="muted">\(HTML.escape(caption))</caption><thead><tr><th scope="col">Consumer (version, revision)</th>\
        <th scope="col">Calls through</th><th scope="col">Dependency (version, revision)</th><th scope="col">Pair</th>\
        <th scope="col">Pod says</th></tr></thead><tbody>\(body)</tbody></table>\(notes.isEmpty ? "" : "<ul class=\"muted\">\(notes)</ul>")
        """
    }
}
