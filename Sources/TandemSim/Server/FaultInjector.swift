import Foundation
import TandemKubeModel

/// One injected failure, as posted to `POST /tandem-sim/faults` (see docs/simulator.md).
public struct FaultRule: Sendable, Equatable {
    public var pathContains: String?
    public var method: String?
    public var count: Int
    public var status: Int?
    public var retryAfterSeconds: Int?
    public var hang: Bool
    public var hangSeconds: Int
    public var cutWatchAfterEvents: Int?

    public init(pathContains: String? = nil, method: String? = nil, count: Int = 1, status: Int? = nil,
                retryAfterSeconds: Int? = nil, hang: Bool = false, hangSeconds: Int = 300, cutWatchAfterEvents: Int? = nil) {
        self.pathContains = pathContains
        self.method = method
        self.count = count
        self.status = status
        self.retryAfterSeconds = retryAfterSeconds
        self.hang = hang
        self.hangSeconds = hangSeconds
        self.cutWatchAfterEvents = cutWatchAfterEvents
    }

    init(json: JSON) throws(APIStatus) {
        guard json.objectValue != nil else { throw APIStatus.badRequest("a fault must be a JSON object") }
        self.init(pathContains: json["pathContains"].stringValue, method: json["method"].stringValue?.uppercased(),
                  count: json["count"].intValue ?? 1, status: json["status"].intValue,
                  retryAfterSeconds: json["retryAfterSeconds"].intValue, hang: json["hang"].boolValue ?? false,
                  hangSeconds: json["hangSeconds"].intValue ?? 300, cutWatchAfterEvents: json["cutWatchAfterEvents"].intValue)
        if status == nil, !hang, cutWatchAfterEvents == nil {
            throw APIStatus.badRequest("a fault needs \"status\", \"hang\": true or \"cutWatchAfterEvents\"")
        }
        if let status, ![401, 403, 404, 409, 410, 429, 500, 503, 504].contains(status) {
            throw APIStatus.badRequest("unsupported fault status \(status); use 401, 403, 404, 409, 410, 429, 500, 503 or 504")
        }
        if count < 1 { throw APIStatus.badRequest("\"count\" must be at least 1") }
    }

    var json: JSON {
        var j: JSON = ["count": .int(count), "hang": .bool(hang)]
        if let pathContains { j["pathContains"] = .string(pathContains) }
        if let method { j["method"] = .string(method) }
        if let status { j["status"] = .int(status) }
        if let retryAfterSeconds { j["retryAfterSeconds"] = .int(retryAfterSeconds) }
        if hang { j["hangSeconds"] = .int(hangSeconds) }
        if let cutWatchAfterEvents { j["cutWatchAfterEvents"] = .int(cutWatchAfterEvents) }
        return j
    }

    /// The Status object a request hit by this fault receives.
    var apiStatus: APIStatus {
        let code = status ?? 504
        switch code {
        case 401: return .unauthorized
        case 403: return APIStatus(code: 403, reason: "Forbidden", message: "forbidden: injected by the tandem simulator")
        case 404: return .pathNotFound
        case 409: return APIStatus(code: 409, reason: "Conflict",
                                   message: "Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again")
        case 410: return .gone("too old resource version (injected by the tandem simulator)")
        case 429: return APIStatus(code: 429, reason: "TooManyRequests", message: "Too many requests, please try again later.",
                                   details: ["retryAfterSeconds": .int(retryAfterSeconds ?? 1)])
        case 503: return APIStatus(code: 503, reason: "ServiceUnavailable", message: "the server is currently unable to handle the request")
        case 504: return APIStatus(code: 504, reason: "Timeout", message: "the server was unable to return a response in the time allotted")
        default: return APIStatus(code: 500, reason: "InternalError", message: "Internal error occurred: injected by the tandem simulator")
        }
    }
}

/// The active fault rules; each matching request consumes one use of the first matching rule.
actor FaultInjector {
    private var rules: [FaultRule] = []

    func add(_ rule: FaultRule) { rules.append(rule) }
    func clear() { rules.removeAll() }
    var active: [FaultRule] { rules }

    func take(method: String, path: String, isWatch: Bool) -> FaultRule? {
        guard let index = rules.firstIndex(where: { rule in
            if let m = rule.method, m != method.uppercased() { return false }
            if let p = rule.pathContains, !p.isEmpty, !path.contains(p) { return false }
            if rule.cutWatchAfterEvents != nil, rule.status == nil, !rule.hang, !isWatch { return false }
            return true
        }) else { return nil }
        let rule = rules[index]
        if rule.count <= 1 { rules.remove(at: index) } else { rules[index].count -= 1 }
        return rule
    }
}
