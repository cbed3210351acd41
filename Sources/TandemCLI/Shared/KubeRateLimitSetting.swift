import ArgumentParser
import TandemKube

/// Where the client-side rate limit comes from: the flags, else the environment, else the default.
enum KubeRateLimitSetting {
    static let qpsVariable = "TANDEM_KUBE_QPS"
    static let burstVariable = "TANDEM_KUBE_BURST"

    static func resolve(qps: Double?, burst: Int?, environment: [String: String]) throws -> RateLimit {
        let qps = try qps.map { try checked(qps: $0, source: "--kube-qps") }
            ?? environment[qpsVariable].flatMap { $0.isEmpty ? nil : $0 }.map { text in
                guard let value = Double(text) else {
                    throw ValidationError("\(qpsVariable) \"\(text)\" is not a number; use e.g. 50, or 0 for no limit")
                }
                return try checked(qps: value, source: qpsVariable)
            }
            ?? RateLimit.default.qps
        let burst = try burst.map { try checked(burst: $0, source: "--kube-burst") }
            ?? environment[burstVariable].flatMap { $0.isEmpty ? nil : $0 }.map { text in
                guard let value = Int(text) else {
                    throw ValidationError("\(burstVariable) \"\(text)\" is not a whole number; use e.g. 100")
                }
                return try checked(burst: value, source: burstVariable)
            }
            ?? RateLimit.default.burst
        return RateLimit(qps: qps, burst: burst)
    }

    private static func checked(qps: Double, source: String) throws -> Double {
        guard qps.isFinite, qps >= 0 else {
            throw ValidationError("\(source) must be 0 (no limit) or a positive number of requests per second, not \(qps)")
        }
        return qps
    }

    private static func checked(burst: Int, source: String) throws -> Int {
        guard burst >= 1 else { throw ValidationError("\(source) must be at least 1, not \(burst)") }
        return burst
    }
}
