/// One entry of `spec.environments`: where the plan is released (a kubeconfig context, maybe its own
/// namespace), which earlier environment its versions must have succeeded in, and the checkpoints
/// that replace `spec.checkpoints` there. See docs/environments.md.
public struct Environment: Sendable, Equatable, Hashable {
    /// Unique DNS-1123 label.
    public var name: String
    /// Kubeconfig context; `nil` means the current one.
    public var context: String?
    /// Replaces `spec.namespace` in this environment.
    public var namespace: String?
    /// An earlier environment whose succeeded releases are the only version sets allowed here.
    public var requires: String?
    /// Replaces `spec.checkpoints` in this environment; `nil` keeps the plan's.
    public var checkpoints: [Checkpoint]?
    /// Replaces `approvers` of every checkpoint of this environment; `nil` keeps each checkpoint's.
    public var approvers: [String]?
    public var positions: FieldPositions

    public init(name: String, context: String? = nil, namespace: String? = nil, requires: String? = nil,
                checkpoints: [Checkpoint]? = nil, approvers: [String]? = nil, positions: FieldPositions = FieldPositions()) {
        self.name = name
        self.context = context
        self.namespace = namespace
        self.requires = requires
        self.checkpoints = checkpoints
        self.approvers = approvers
        self.positions = positions
    }
}

/// An automatic condition of a checkpoint, evaluated by the process that drives the release.
public enum Gate: Sendable, Equatable, Hashable {
    /// A ServiceNow change request (Table API) must be approved, in its window, and list the versions.
    case servicenow(ServiceNowGate)
    /// An HTTP endpoint is asked with the release as JSON.
    case http(HTTPGate)

    /// `servicenow` or `http`, as written in the plan.
    public var kind: String {
        switch self {
        case .servicenow: "servicenow"
        case .http: "http"
        }
    }
}

public struct ServiceNowGate: Sendable, Equatable, Hashable {
    /// The instance, e.g. `https://acme.service-now.com`.
    public var url: String
    /// The change request field that must list every `service=tag` (default `description`).
    public var field: String
    public var positions: FieldPositions

    public init(url: String, field: String = "description", positions: FieldPositions = FieldPositions()) {
        self.url = url
        self.field = field
        self.positions = positions
    }
}

public struct HTTPGate: Sendable, Equatable, Hashable {
    /// POSTed the release as JSON.
    public var url: String
    public var positions: FieldPositions

    public init(url: String, positions: FieldPositions = FieldPositions()) {
        self.url = url
        self.positions = positions
    }
}

extension ReleasePlan {
    /// The environment named `name`, if the plan lists it.
    public func environment(named name: String) -> Environment? {
        environments.first { $0.name == name }
    }

    /// The plan as released in `environment`: its namespace (services that name their own keep it) and
    /// its checkpoints, with its approvers.
    public func applying(_ environment: Environment) -> ReleasePlan {
        var plan = self
        if let namespace = environment.namespace { plan.namespace = namespace }
        if let checkpoints = environment.checkpoints { plan.checkpoints = checkpoints }
        if let approvers = environment.approvers {
            for index in plan.checkpoints.indices {
                plan.checkpoints[index].approvers = approvers
                // Named people must approve, gates or not.
                plan.checkpoints[index].needsPeople = true
            }
        }
        return plan
    }
}
