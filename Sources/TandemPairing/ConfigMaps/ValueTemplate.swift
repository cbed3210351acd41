/// Renders a dependsOn value template for a target Service, and reads a target back out of a
/// value (for the pairing report).
///
/// `{host}` is the Service name, followed by `.<namespace>` when the dependency lives in
/// another namespace than the consumer and the template does not place `{namespace}` itself.
/// `{port}` is the Service's first port, `{namespace}` the Service's namespace.
public struct ValueTemplate: Sendable, Hashable {
    public var text: String

    public init(_ text: String) { self.text = text }

    public func render(service: String, namespace: String, port: Int?, consumerNamespace: String) -> String {
        let usesNamespace = text.contains("{namespace}")
        let host = (namespace == consumerNamespace || usesNamespace) ? service : "\(service).\(namespace)"
        return text
            .replacingOccurrences(of: "{host}", with: host)
            .replacingOccurrences(of: "{port}", with: port.map(String.init) ?? "")
            .replacingOccurrences(of: "{namespace}", with: namespace)
    }

    /// The Service a value addresses: `(name, namespace)`, namespace `nil` when the value does
    /// not say. Matches the template first; values tandem did not write (e.g. `backend-active`,
    /// `http://backend-active:8080/api`) are read as a URL or a bare host.
    public func target(in value: String) -> (service: String, namespace: String?)? {
        if let captured = match(value), let host = captured["host"], let fromHost = Self.looseTarget(host) {
            return (fromHost.service, captured["namespace"] ?? fromHost.namespace)
        }
        return Self.looseTarget(value)
    }

    /// A URL's or bare host's Service, e.g. `https://user@svc.ns:443/x` → `svc`, `ns`.
    static func looseTarget(_ value: String) -> (service: String, namespace: String?)? {
        var rest = Substring(value.trimmingCharacters(in: .whitespaces))
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        if let userInfo = rest.firstIndex(of: "@") { rest = rest[rest.index(after: userInfo)...] }
        let host = rest.prefix { $0 != ":" && $0 != "/" && $0 != "?" }
        guard !host.isEmpty else { return nil }
        let parsed = Self.parseHost(String(host))
        return parsed.service.isEmpty ? nil : parsed
    }

    /// `svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local` → name and namespace.
    static func parseHost(_ host: String) -> (service: String, namespace: String?) {
        let labels = host.lowercased().split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        return (labels.first ?? "", labels.count > 1 ? labels[1] : nil)
    }

    /// Matches `value` against the template, capturing each placeholder's text.
    private func match(_ value: String) -> [String: String]? {
        var pieces: [(literal: String, placeholder: String?)] = []
        var literal = "", rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            literal += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            pieces.append((literal, name))
            literal = ""
            rest = rest[rest.index(after: close)...]
        }
        pieces.append((literal + rest, nil))
        return Self.match(Substring(value), pieces[...], captured: [:])
    }

    private static func match(_ value: Substring, _ pieces: ArraySlice<(literal: String, placeholder: String?)>,
                              captured: [String: String]) -> [String: String]? {
        guard let piece = pieces.first else { return value.isEmpty ? captured : nil }
        guard value.hasPrefix(piece.literal) else { return nil }
        let after = value.dropFirst(piece.literal.count)
        guard let name = piece.placeholder else { return after.isEmpty ? captured : nil }
        // Try the shortest capture first; placeholders never span the next literal's text.
        var end = after.startIndex
        while true {
            if end > after.startIndex {
                var next = captured
                next[name] = String(after[..<end])
                if let result = match(after[end...], pieces.dropFirst(), captured: next) { return result }
            }
            guard end < after.endIndex else { return nil }
            end = after.index(after: end)
        }
    }
}
