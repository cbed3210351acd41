import Foundation
import TandemRelease

/// One element of `release list --json` (newest first). Absent values encode as `null`.
public struct ReleaseSummaryView: Codable, Sendable, Equatable {
    public var id: String
    public var plan: String
    public var namespace: String
    public var state: ReleaseState
    /// service → tag.
    public var versions: [String: String]
    public var startedBy: String
    public var createdAt: Date
    public var updatedAt: Date
    public var finishedAt: Date?
    public var planHash: String
    public var planCommit: String?
    public var message: String?
    public var rollbackOf: String?
    /// The plan's environment (`--env`); null for a plan without environments.
    public var environment: String?
    /// The release whose versions `release promote` carried here.
    public var promotedFrom: String?
    /// Linked ServiceNow change numbers (`--change`).
    public var changes: [String]?

    public init(_ r: ReleaseRecord) {
        id = r.id; plan = r.plan; namespace = r.namespace; state = r.state; versions = r.versions
        startedBy = r.startedBy; createdAt = r.createdAt; updatedAt = r.updatedAt; finishedAt = r.finishedAt
        planHash = r.planHash; planCommit = r.planCommit; message = r.message; rollbackOf = r.rollbackOf
        environment = r.environment; promotedFrom = r.promotedFrom; changes = r.changes ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(plan, forKey: .plan); try c.encode(namespace, forKey: .namespace)
        try c.encode(state, forKey: .state); try c.encode(versions, forKey: .versions)
        try c.encode(startedBy, forKey: .startedBy); try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt); try c.encode(finishedAt, forKey: .finishedAt)
        try c.encode(planHash, forKey: .planHash); try c.encode(planCommit, forKey: .planCommit)
        try c.encode(message, forKey: .message); try c.encode(rollbackOf, forKey: .rollbackOf)
        try c.encode(environment, forKey: .environment); try c.encode(promotedFrom, forKey: .promotedFrom)
        try c.encode(changes ?? [], forKey: .changes)
    }
}

/// `release status <id> --json`: the summary's fields plus `steps` and `checkpoints`.
public struct ReleaseStatusView: Codable, Sendable, Equatable {
    public var release: ReleaseSummaryView
    public var steps: [StepView]
    public var checkpoints: [CheckpointView]
    /// The checkpoint the release waits at, if any.
    public var waitingAt: String?

    public init(release: ReleaseSummaryView, steps: [StepView], checkpoints: [CheckpointView]) {
        self.release = release
        self.steps = steps
        self.checkpoints = checkpoints
        waitingAt = checkpoints.first { $0.state == .waiting }?.name
    }

    enum CodingKeys: String, CodingKey { case steps, checkpoints, waitingAt }

    public init(from decoder: any Decoder) throws {
        release = try ReleaseSummaryView(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        steps = try c.decode([StepView].self, forKey: .steps)
        checkpoints = try c.decode([CheckpointView].self, forKey: .checkpoints)
        waitingAt = try c.decodeIfPresent(String.self, forKey: .waitingAt)
    }

    public func encode(to encoder: any Encoder) throws {
        try release.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(steps, forKey: .steps)
        try c.encode(checkpoints, forKey: .checkpoints)
        try c.encode(waitingAt, forKey: .waitingAt)
    }
}

public struct StepView: Codable, Sendable, Equatable {
    public var ordinal: Int
    public var kind: StepKind
    public var service: String?
    public var wave: Int?
    public var checkpoint: String?
    public var state: StepState
    public var attempt: Int
    public var startedAt: Date?
    public var finishedAt: Date?
    /// The stored JSON, embedded as JSON.
    public var detail: JSONValue?
    public var error: String?
    /// While running: what it waits for and how far it is; nil otherwise.
    public var progress: String?

    public init(_ s: StepRecord) {
        ordinal = s.ordinal; kind = s.kind; service = s.service; wave = s.wave; checkpoint = s.checkpoint
        state = s.state; attempt = s.attempt; startedAt = s.startedAt; finishedAt = s.finishedAt
        detail = s.detail.flatMap { JSONValue(text: $0) }; error = s.error
        progress = s.state == .running ? s.progress : nil
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ordinal, forKey: .ordinal); try c.encode(kind, forKey: .kind); try c.encode(service, forKey: .service)
        try c.encode(wave, forKey: .wave); try c.encode(checkpoint, forKey: .checkpoint); try c.encode(state, forKey: .state)
        try c.encode(attempt, forKey: .attempt); try c.encode(startedAt, forKey: .startedAt)
        try c.encode(finishedAt, forKey: .finishedAt); try c.encode(detail ?? .null, forKey: .detail)
        try c.encode(error, forKey: .error); try c.encode(progress, forKey: .progress)
    }
}

public struct CheckpointView: Codable, Sendable, Equatable {
    public var name: String
    public var state: CheckpointState
    public var requiredApprovals: Int
    /// The allowed approvers (users and `group:` names); empty means anyone.
    public var approvers: [String]
    /// Every decision, oldest first (approvals and rejections).
    public var approvals: [ApprovalView]
    public var reachedAt: Date?
    public var decidedAt: Date?

    public init(_ c: CheckpointRecord, decisions: [ApprovalRecord]) {
        name = c.name; state = c.state; requiredApprovals = c.requiredApprovals; approvers = c.approvers
        approvals = decisions.map(ApprovalView.init); reachedAt = c.reachedAt; decidedAt = c.decidedAt
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name); try c.encode(state, forKey: .state)
        try c.encode(requiredApprovals, forKey: .requiredApprovals); try c.encode(approvers, forKey: .approvers)
        try c.encode(approvals, forKey: .approvals); try c.encode(reachedAt, forKey: .reachedAt)
        try c.encode(decidedAt, forKey: .decidedAt)
    }
}

public struct ApprovalView: Codable, Sendable, Equatable {
    public var by: String
    public var verdict: Verdict
    public var source: String
    /// The comment, or the reason of a rejection.
    public var comment: String?
    public var at: Date

    public init(_ a: ApprovalRecord) { by = a.by; verdict = a.verdict; source = a.source; comment = a.comment; at = a.at }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(by, forKey: .by); try c.encode(verdict, forKey: .verdict); try c.encode(source, forKey: .source)
        try c.encode(comment, forKey: .comment); try c.encode(at, forKey: .at)
    }
}

/// One audit entry (`release log --json`, the server's SSE `data:`).
public struct EventView: Codable, Sendable, Equatable {
    public var id: Int64
    public var releaseID: String
    public var at: Date
    public var kind: EventKind
    public var service: String?
    public var step: Int?
    public var actor: String?
    public var message: String
    public var data: JSONValue?

    public init(_ e: EventRecord) {
        id = e.id ?? 0; releaseID = e.releaseID; at = e.at; kind = e.kind; service = e.service; step = e.step
        actor = e.actor; message = e.message; data = e.data.flatMap { JSONValue(text: $0) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(releaseID, forKey: .releaseID); try c.encode(at, forKey: .at)
        try c.encode(kind, forKey: .kind); try c.encode(service, forKey: .service); try c.encode(step, forKey: .step)
        try c.encode(actor, forKey: .actor); try c.encode(message, forKey: .message); try c.encode(data ?? .null, forKey: .data)
    }
}
