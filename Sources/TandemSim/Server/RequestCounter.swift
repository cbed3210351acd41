import Synchronization
import TandemKubeModel

/// Counts the API requests the simulated cluster answered, by kind, so benchmarks can report how
/// many requests a release costs per service. Read with `GET /tandem-sim/metrics`.
final class RequestCounter: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    /// Records one request: `watch`, `read` (GET), `create`, `update`, `patch`, `delete` or the method.
    func record(method: String, isWatch: Bool) {
        let kind = isWatch ? "watch" : Self.kinds[method] ?? method.lowercased()
        counts.withLock { $0[kind, default: 0] += 1 }
    }

    private static let kinds = ["GET": "read", "POST": "create", "PUT": "update", "PATCH": "patch", "DELETE": "delete"]

    /// `{"requests": {"total": N, "read": …, …}}`.
    var json: JSON {
        let snapshot = counts.withLock { $0 }
        var object: [String: JSON] = snapshot.mapValues { .int($0) }
        object["total"] = .int(snapshot.values.reduce(0, +))
        return ["requests": .object(object)]
    }
}
