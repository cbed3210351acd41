/// A gate's answer at one evaluation.
public enum GateVerdict: Sendable, Equatable {
    /// The gate is satisfied.
    case pass
    /// Not yet satisfied; the reason says what the release waits for.
    case wait(String)
    /// Never going to be satisfied (rejected, cancelled, closed, window over, other versions): roll back.
    case reject(String)

    /// The reason of a wait or rejection.
    public var reason: String? {
        switch self {
        case .pass: nil
        case .wait(let reason), .reject(let reason): reason
        }
    }

    /// The combined answer of several gates: a rejection wins, then the first wait, else pass.
    public static func combine(_ verdicts: [GateVerdict]) -> GateVerdict {
        if let rejection = verdicts.first(where: { if case .reject = $0 { true } else { false } }) { return rejection }
        if let wait = verdicts.first(where: { if case .wait = $0 { true } else { false } }) { return wait }
        return .pass
    }
}

/// What a gate is told about the release it decides.
public struct GateRelease: Sendable, Equatable {
    public var id: String
    public var plan: String
    public var environment: String?
    /// service → tag.
    public var versions: [String: String]
    public var checkpoint: String
    /// ServiceNow change numbers linked to the release (`--change`).
    public var changes: [String]

    public init(id: String, plan: String, environment: String?, versions: [String: String], checkpoint: String, changes: [String]) {
        self.id = id
        self.plan = plan
        self.environment = environment
        self.versions = versions
        self.checkpoint = checkpoint
        self.changes = changes
    }

    /// `service=tag` for every service, sorted: what a change request must list.
    public var versionTokens: [String] { versions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } }
}

/// A gate could not be asked at all in a way waiting will not fix (credentials, a malformed answer).
public struct GateError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
