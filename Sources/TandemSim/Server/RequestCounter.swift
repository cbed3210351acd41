import Synchronization
import TandemKubeModel

/// Counts the API requests the simulated cluster answered, by kind and by verb and resource, so
/// benchmarks can report how many requests a release costs per service. Read with `GET /tandem-sim/metrics`.
final class RequestCounter: Sendable {
    private let counts = Mutex<(kinds: [String: Int], resources: [String: Int])>(([:], [:]))

    /// Records one request: `watch`, `read` (GET), `create`, `update`, `patch`, `delete` or the method,
    /// and its RBAC-style verb and resource (`get rollouts`, `list replicasets`, `patch rollouts/status`).
    func record(method: String, path: String, isWatch: Bool) {
        let kind = isWatch ? "watch" : Self.kinds[method] ?? method.lowercased()
        let resource = Self.resource(method: method, path: path, isWatch: isWatch)
        counts.withLock {
            $0.kinds[kind, default: 0] += 1
            if let resource { $0.resources[resource, default: 0] += 1 }
        }
    }

    private static let kinds = ["GET": "read", "POST": "create", "PUT": "update", "PATCH": "patch", "DELETE": "delete"]

    /// `get rollouts` for `GET /apis/argoproj.io/v1alpha1/namespaces/x/rollouts/web`; nil for paths that
    /// name no resource (discovery, `/version`, the simulator's own endpoints).
    static func resource(method: String, path: String, isWatch: Bool) -> String? {
        var parts = path.split(separator: "/").map(String.init)
        if parts.first == "api", parts.count >= 2 { parts.removeFirst(2) }
        else if parts.first == "apis", parts.count >= 3 { parts.removeFirst(3) }
        else { return nil }
        if parts.first == "namespaces", parts.count >= 3 { parts.removeFirst(2) }
        guard let plural = parts.first else { return nil }
        let named = parts.count >= 2
        let subresource = parts.count >= 3 ? "/" + parts[2] : ""
        let verb: String
        switch method {
        case "GET": verb = isWatch ? "watch" : named ? "get" : "list"
        case "POST": verb = "create"
        case "PUT": verb = "update"
        default: verb = method.lowercased()
        }
        return "\(verb) \(plural)\(subresource)"
    }

    /// `{"requests": {"total": N, "read": …, …}, "byResource": {"get rollouts": …, …}}`.
    var json: JSON {
        let snapshot = counts.withLock { $0 }
        var object: [String: JSON] = snapshot.kinds.mapValues { .int($0) }
        object["total"] = .int(snapshot.kinds.values.reduce(0, +))
        return ["requests": .object(object), "byResource": .object(snapshot.resources.mapValues { .int($0) })]
    }
}
