/// A configuration value that names a Service: a bare host (`backend-active`), `name.ns`,
/// `name.ns.svc`, `name.ns.svc.cluster.local`, optionally with `:port` and a path, or a URL
/// (`http://backend-active:8080/path`).
struct ServiceReference: Equatable {
    var name: String
    var namespace: String
    /// The value is unmistakably an in-cluster address (a URL with a single-label host or a
    /// `.svc` name): report an error when the Service does not exist rather than ignoring it.
    var explicit: Bool

    static func parse(_ value: String, defaultNamespace: String) -> ServiceReference? {
        var rest = Substring(value.trimmingCharacters(in: .whitespaces))
        var hasScheme = false
        for scheme in ["http://", "https://", "grpc://", "tcp://"] where rest.lowercased().hasPrefix(scheme) {
            rest = rest.dropFirst(scheme.count)
            hasScheme = true
        }
        let hostPort = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = hostPort.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let hostText = host.first, !hostText.isEmpty else { return nil }
        if host.count == 2, !(host[1].allSatisfy(\.isNumber) && !host[1].isEmpty) { return nil }
        if !hasScheme, hostPort.count != rest.count, host.count != 2 { return nil }   // "a/b" without scheme or port
        let labels = hostText.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard labels.allSatisfy(isDNSLabel) else { return nil }
        switch labels.count {
        case 1: return ServiceReference(name: labels[0], namespace: defaultNamespace, explicit: hasScheme)
        case 2: return ServiceReference(name: labels[0], namespace: labels[1], explicit: false)
        case 3 where labels[2] == "svc": return ServiceReference(name: labels[0], namespace: labels[1], explicit: true)
        case 5 where labels[2...] == ["svc", "cluster", "local"]:
            return ServiceReference(name: labels[0], namespace: labels[1], explicit: true)
        default: return nil
        }
    }

    private static func isDNSLabel(_ label: String) -> Bool {
        guard !label.isEmpty, label.count <= 63, label.first != "-", label.last != "-" else { return false }
        return label.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }
}
