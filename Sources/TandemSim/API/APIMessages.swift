import Foundation
import TandemKubeModel

/// Who is calling: resolved by the server from the bearer token or client certificate.
public enum SimUser: Sendable, Equatable {
    /// Full access (client certificate, the admin token, or any plain-HTTP request without a token).
    case admin
    /// get/list/watch only.
    case readOnly

    public var name: String {
        switch self {
        case .admin: return "tandem-sim-admin"
        case .readOnly: return "tandem-sim-readonly"
        }
    }

    func may(_ verb: String) -> Bool {
        switch self {
        case .admin: return true
        case .readOnly: return ["get", "list", "watch"].contains(verb)
        }
    }
}

/// A request as the API layer sees it, independent of the HTTP framework.
public struct APIRequest: Sendable {
    public var method: String
    public var path: String
    public var query: [String: String]
    /// Header names lowercased.
    public var headers: [String: String]
    public var body: Data
    public var user: SimUser
    /// Fault injection: end a watch stream after this many events.
    public var watchEventLimit: Int?

    public init(method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:],
                body: Data = Data(), user: SimUser = .admin) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.user = user
    }

    /// Splits a raw query string (`a=b&c=d`) into percent-decoded pairs; later keys win.
    public static func parseQuery(_ raw: String?) -> [String: String] {
        guard let raw, !raw.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for pair in raw.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode: (Substring) -> String = {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            result[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return result
    }
}

/// A response: a whole body, or a stream of chunks (watch).
public struct APIResponse: Sendable {
    public enum Body: Sendable {
        case data(Data)
        case stream(AsyncStream<Data>)
    }

    public var status: Int
    public var headers: [(String, String)]
    public var body: Body

    public init(status: Int, headers: [(String, String)] = [], body: Body) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func json(_ value: JSON, status: Int = 200) -> APIResponse {
        var data = value.serialized()
        data.append(0x0A)
        return APIResponse(status: status, headers: [("Content-Type", "application/json")], body: .data(data))
    }

    public static func error(_ status: APIStatus) -> APIResponse {
        json(status.json, status: status.code)
    }

    /// The body when it is not a stream (tests).
    public var data: Data? {
        if case .data(let d) = body { return d }
        return nil
    }
}

extension APIStatus {
    /// What the API server answers for a path it does not serve.
    static let pathNotFound = APIStatus(code: 404, reason: "NotFound", message: "the server could not find the requested resource",
                                        details: .emptyObject)

    static func methodNotAllowed(_ method: String) -> APIStatus {
        APIStatus(code: 405, reason: "MethodNotAllowed", message: "the server does not allow this method on the requested resource",
                  details: .emptyObject)
    }
}
