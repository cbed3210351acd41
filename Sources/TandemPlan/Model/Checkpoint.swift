/// A point where the release stops until enough people approve.
public struct Checkpoint: Sendable, Equatable, Hashable {
    /// Unique DNS-1123 label.
    public var name: String
    public var after: CheckpointPosition
    /// Distinct approvers needed (at least 1, default 1).
    public var approvals: Int
    /// The most approvals a checkpoint may ask for: more is a typo or an attack, never a policy.
    public static let maxApprovals = 1000
    /// User names or `group:<name>`; empty means anyone may approve.
    public var approvers: [String]
    /// Whether the person who started the release may approve it (default false).
    public var allowSelfApproval: Bool
    public var positions: FieldPositions

    public init(
        name: String, after: CheckpointPosition = .deploy, approvals: Int = 1,
        approvers: [String] = [], allowSelfApproval: Bool = false,
        positions: FieldPositions = FieldPositions()
    ) {
        self.name = name
        self.after = after
        self.approvals = approvals
        self.approvers = approvers
        self.allowSelfApproval = allowSelfApproval
        self.positions = positions
    }

    /// The checkpoint a plan gets when it has no `checkpoints` key.
    public static let defaultPromote = Checkpoint(name: "promote", after: .deploy)
}

/// Where a checkpoint stops the release.
public enum CheckpointPosition: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// After every service is deployed and verified, before any promotion.
    case deploy
    /// After this service is deployed and verified.
    case deployOf(String)
    /// After this service is promoted.
    case promoteOf(String)
    /// Lockstep canary: when every member is paused at this canary weight (percent).
    case weight(Int)

    /// Parses `deploy`, `deploy:<service>`, `promote:<service>` or `weight:<W>` (an integer, kept as
    /// written; the validator checks its range).
    public init?(_ text: String) {
        if text == "deploy" {
            self = .deploy
        } else if text.hasPrefix("deploy:"), text.count > 7 {
            self = .deployOf(String(text.dropFirst(7)))
        } else if text.hasPrefix("promote:"), text.count > 8 {
            self = .promoteOf(String(text.dropFirst(8)))
        } else if text.hasPrefix("weight:"), let weight = Int(text.dropFirst(7)) {
            self = .weight(weight)
        } else {
            return nil
        }
    }

    /// The service named, if any.
    public var service: String? {
        switch self {
        case .deploy, .weight: nil
        case .deployOf(let name), .promoteOf(let name): name
        }
    }

    public var description: String {
        switch self {
        case .deploy: "deploy"
        case .deployOf(let name): "deploy:\(name)"
        case .promoteOf(let name): "promote:\(name)"
        case .weight(let weight): "weight:\(weight)"
        }
    }
}
