/// The value template of a dependsOn entry: text with `{host}`, `{port}` and `{namespace}`.
public enum ValueTemplate {
    /// The first problem with a template, as (message, hint); `nil` when it is valid.
    static func problem(in template: String) -> (message: String, hint: String)? {
        var rest = Substring(template)
        while let open = rest.firstIndex(where: { $0 == "{" || $0 == "}" }) {
            if rest[open] == "}" {
                return ("unmatched \"}\" in value template \"\(template)\"", "placeholders are written {host}, {port} or {namespace}")
            }
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "}") else {
                return ("unclosed \"{\" in value template \"\(template)\"", "placeholders are written {host}, {port} or {namespace}")
            }
            let name = String(rest[afterOpen..<close])
            if !Dependency.placeholders.contains(name) {
                let suggestion = KeySuggester.suggestion(for: name, among: Dependency.placeholders)
                    .map { "did you mean {\($0)}? " } ?? ""
                return ("unknown placeholder {\(name)} in value template \"\(template)\"",
                        suggestion + "placeholders: {host}, {port}, {namespace}")
            }
            rest = rest[rest.index(after: close)...]
        }
        return nil
    }

    /// The template with each placeholder replaced (templates are validated first).
    public static func render(_ template: String, host: String, port: Int, namespace: String) -> String {
        let values = ["host": host, "port": String(port), "namespace": namespace]
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            result += values[name] ?? "{\(name)}"
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
