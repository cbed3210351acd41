import TandemRelease

/// Everything `startRelease` records: the plan snapshot, the versions, and the program computed at start.
public struct NewRelease: Sendable {
    public var plan: PlanSnapshot
    /// service → tag (`--version V` for every service, then `--set svc=tag`).
    public var versions: [String: String]
    public var startedBy: String
    public var startedBySource: String?
    public var steps: [PlannedStep]
    public var checkpoints: [PlannedCheckpoint]
    public var rollbackOf: String?
    /// The id to record it under (from `ReleaseStore.newReleaseID()`); nil: the store makes one.
    public var id: String?
    /// The locks `startRelease(_, lockTTL:)` takes, in the same transaction (`LockRecord.key(rollout:namespace:)`).
    public var lockKeys: [String]
    /// The plan's environment (`--env`), the release promoted from, the linked change numbers.
    public var environment: String?
    public var promotedFrom: String?
    public var changes: [String]

    public init(plan: PlanSnapshot, versions: [String: String], startedBy: String, startedBySource: String? = nil,
                steps: [PlannedStep], checkpoints: [PlannedCheckpoint], rollbackOf: String? = nil,
                id: String? = nil, lockKeys: [String] = [], environment: String? = nil, promotedFrom: String? = nil,
                changes: [String] = []) {
        self.plan = plan
        self.versions = versions
        self.startedBy = startedBy
        self.startedBySource = startedBySource
        self.steps = steps
        self.checkpoints = checkpoints
        self.rollbackOf = rollbackOf
        self.id = id
        self.lockKeys = lockKeys
        self.environment = environment
        self.promotedFrom = promotedFrom
        self.changes = changes
    }
}

/// The plan as it was at start.
public struct PlanSnapshot: Sendable, Equatable {
    public var name: String
    public var namespace: String
    public var content: String
    public var hash: String
    public var path: String?
    public var commit: String?

    public init(name: String, namespace: String, content: String, hash: String, path: String? = nil, commit: String? = nil) {
        self.name = name
        self.namespace = namespace
        self.content = content
        self.hash = hash
        self.path = path
        self.commit = commit
    }
}

/// One step of the program; its ordinal is its index.
public struct PlannedStep: Sendable, Equatable {
    public var kind: StepKind
    public var service: String?
    public var wave: Int?
    /// The checkpoint's name when kind is `checkpoint`.
    public var checkpoint: String?
    /// JSON text the engine wants on the step from the start (e.g. the computed ConfigMap values).
    public var detail: String?

    public init(kind: StepKind, service: String? = nil, wave: Int? = nil, checkpoint: String? = nil, detail: String? = nil) {
        self.kind = kind
        self.service = service
        self.wave = wave
        self.checkpoint = checkpoint
        self.detail = detail
    }
}

/// A checkpoint and its policy.
public struct PlannedCheckpoint: Sendable, Equatable {
    public var name: String
    public var policy: ApprovalPolicy
    public init(name: String, policy: ApprovalPolicy = ApprovalPolicy()) {
        self.name = name
        self.policy = policy
    }
}
