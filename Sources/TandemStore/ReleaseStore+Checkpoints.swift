import Foundation
import GRDB
import TandemRelease

/// What a recorded decision did to its checkpoint.
public struct DecisionOutcome: Sendable, Equatable {
    /// The checkpoint after the decision: `waiting`, `approved` or `rejected`.
    public var checkpoint: CheckpointRecord
    public var decision: ApprovalRecord
    /// Distinct approvers so far.
    public var approvers: [String]
    public var state: CheckpointState { checkpoint.state }
}

extension ReleaseStore {
    /// The program reached checkpoint `name`: `pending` → `waiting`, the release `running` → `waiting`.
    /// Idempotent for a resumed release: returns the checkpoint unchanged when it is already waiting or decided.
    @discardableResult
    public func openCheckpoint(_ releaseID: String, name: String) async throws -> CheckpointRecord {
        try await write { db in
            var release = try fetchRelease(db, releaseID)
            var checkpoint = try fetchCheckpoint(db, releaseID, name)
            guard checkpoint.state == .pending else { return checkpoint }
            guard release.state == .running else {
                throw StoreError.invalidReleaseTransition(releaseID: releaseID, from: release.state, to: .waiting)
            }
            let at = now()
            checkpoint.state = .waiting
            checkpoint.reachedAt = at
            try checkpoint.update(db)
            release.state = .waiting
            release.updatedAt = at
            try release.update(db)
            let policy = checkpoint.policy
            let who = policy.approvers.isEmpty ? "anyone" : policy.approvers.joined(separator: ", ")
            try appendEvent(db, releaseID: releaseID, kind: EventKind.checkpointWaiting,
                            message: "waiting at checkpoint \"\(name)\" for \(policy.requiredApprovals) approval(s) from \(who)")
            return checkpoint
        }
    }

    /// Records an approval and evaluates the policy in ONE transaction, so concurrent approvers (other
    /// processes included) cannot double-count. `checkpoint` nil means the one the release waits at;
    /// `planHash` nil skips the plan binding check; `policy` nil uses the policy stored at start.
    @discardableResult
    public func recordApproval(releaseID: String, checkpoint: String?, by: String, source: String,
                               comment: String? = nil, planHash: String? = nil, policy: ApprovalPolicy? = nil,
                               groups: [String: [String]] = [:]) async throws -> DecisionOutcome {
        try await recordDecision(.approve, releaseID: releaseID, checkpoint: checkpoint, by: by, source: source,
                                 comment: comment, planHash: planHash, policy: policy, groups: groups)
    }

    /// Records a rejection (by an allowed approver or the starter); the checkpoint becomes `rejected` and the
    /// release's message says why. The driving process rolls the release back.
    @discardableResult
    public func recordRejection(releaseID: String, checkpoint: String?, by: String, source: String,
                                reason: String, planHash: String? = nil, policy: ApprovalPolicy? = nil,
                                groups: [String: [String]] = [:]) async throws -> DecisionOutcome {
        try await recordDecision(.reject, releaseID: releaseID, checkpoint: checkpoint, by: by, source: source,
                                 comment: reason, planHash: planHash, policy: policy, groups: groups)
    }

    public func checkpoints(of releaseID: String) async throws -> [CheckpointRecord] {
        try await writer.read { db in
            _ = try fetchRelease(db, releaseID)
            return try CheckpointRecord.filter(CheckpointRecord.Columns.releaseID == releaseID)
                .order(Column("id")).fetchAll(db)
        }
    }

    /// Every decision of the release, oldest first.
    public func approvals(of releaseID: String) async throws -> [ApprovalRecord] {
        try await writer.read { db in
            try ApprovalRecord.filter(ApprovalRecord.Columns.releaseID == releaseID)
                .order(ApprovalRecord.Columns.id).fetchAll(db)
        }
    }

    private func recordDecision(_ verdict: Verdict, releaseID: String, checkpoint name: String?, by: String,
                                source: String, comment: String?, planHash: String?, policy: ApprovalPolicy?,
                                groups: [String: [String]]) async throws -> DecisionOutcome {
        try await write { db in
            var release = try fetchRelease(db, releaseID)
            if let planHash, planHash != release.planHash {
                throw StoreError.planChanged(releaseID: releaseID, releaseHash: release.planHash, givenHash: planHash)
            }
            var checkpoint = try decidableCheckpoint(db, release, name)
            let prior = try ApprovalRecord
                .filter(ApprovalRecord.Columns.releaseID == releaseID && ApprovalRecord.Columns.checkpoint == checkpoint.name)
                .order(ApprovalRecord.Columns.id).fetchAll(db)
            let effective = policy ?? checkpoint.policy
            let tally: ApprovalPolicy.Tally
            switch effective.evaluate(.init(by: by, verdict: verdict),
                                      prior: prior.map { .init(by: $0.by, verdict: $0.verdict) },
                                      startedBy: release.startedBy, groups: groups) {
            case let .failure(denial):
                throw StoreError.approvalDenied(releaseID: releaseID, checkpoint: checkpoint.name, denial, groups: groups)
            case let .success(result):
                tally = result
            }
            let at = now()
            let who = by.trimmingCharacters(in: .whitespacesAndNewlines)
            var decision = ApprovalRecord(
                id: nil, releaseID: releaseID, checkpoint: checkpoint.name, verdict: verdict, by: who,
                byKey: ApprovalPolicy.identityKey(who), source: source, comment: comment,
                planHash: release.planHash, at: at)
            try decision.insert(db)
            let said = comment.map { ": \($0)" } ?? ""
            try appendEvent(db, releaseID: releaseID, kind: EventKind.checkpointApproval, actor: who,
                            message: verdict == .approve
                                ? "\(who) approved checkpoint \"\(checkpoint.name)\" (\(tally.approvers.count) of \(tally.required))\(said)"
                                : "\(who) rejected checkpoint \"\(checkpoint.name)\"\(said)",
                            data: JSONValue.object(["source": .string(source), "verdict": .string(verdict.rawValue)]).text)
            if tally.state != checkpoint.state {
                checkpoint.state = tally.state
                checkpoint.decidedAt = at
                try checkpoint.update(db)
                if tally.state == .rejected {
                    release.message = "rejected at checkpoint \"\(checkpoint.name)\" by \(who)\(said)"
                }
                release.updatedAt = at
                try release.update(db)
                try appendEvent(db, releaseID: releaseID,
                                kind: tally.state == .approved ? EventKind.checkpointApproved : EventKind.checkpointRejected,
                                actor: who,
                                message: tally.state == .approved
                                    ? "checkpoint \"\(checkpoint.name)\" approved by \(tally.approvers.joined(separator: ", "))"
                                    : "checkpoint \"\(checkpoint.name)\" rejected by \(who)\(said)")
            }
            return DecisionOutcome(checkpoint: checkpoint, decision: decision, approvers: tally.approvers)
        }
    }

    /// The checkpoint a decision applies to, or the error that says which one to pass.
    private func decidableCheckpoint(_ db: Database, _ release: ReleaseRecord, _ name: String?) throws -> CheckpointRecord {
        let all = try CheckpointRecord.filter(CheckpointRecord.Columns.releaseID == release.id).order(Column("id")).fetchAll(db)
        let waiting = all.first { $0.state == .waiting }
        guard let name else {
            if let waiting { return waiting }
            // Still stopped but its checkpoint already decided (nobody resumed it yet): say that, not "not waiting".
            if release.state == .waiting, let decided = all.last(where: { $0.state == .approved || $0.state == .rejected }) {
                return try decidableCheckpoint(db, release, decided.name)
            }
            throw StoreError.notAtCheckpoint(releaseID: release.id, requested: nil, waitingAt: nil, state: release.state)
        }
        guard let checkpoint = all.first(where: { $0.name == name }) else {
            throw StoreError.unknownCheckpoint(releaseID: release.id, name: name, known: all.map(\.name))
        }
        switch checkpoint.state {
        case .waiting:
            return checkpoint
        case .approved, .rejected, .skipped:
            let deciders = try ApprovalRecord
                .filter(ApprovalRecord.Columns.releaseID == release.id && ApprovalRecord.Columns.checkpoint == name)
                .filter(Column("verdict") == (checkpoint.state == .rejected ? Verdict.reject : Verdict.approve).rawValue)
                .order(ApprovalRecord.Columns.id).fetchAll(db).map(\.by)
            throw StoreError.checkpointDecided(releaseID: release.id, name: name, state: checkpoint.state, by: deciders)
        case .pending:
            throw StoreError.notAtCheckpoint(releaseID: release.id, requested: name, waitingAt: waiting?.name, state: release.state)
        }
    }

    func fetchCheckpoint(_ db: Database, _ releaseID: String, _ name: String) throws -> CheckpointRecord {
        guard let checkpoint = try CheckpointRecord
            .filter(CheckpointRecord.Columns.releaseID == releaseID && CheckpointRecord.Columns.name == name)
            .fetchOne(db)
        else {
            let known = try CheckpointRecord.filter(CheckpointRecord.Columns.releaseID == releaseID)
                .order(Column("id")).fetchAll(db).map(\.name)
            throw StoreError.unknownCheckpoint(releaseID: releaseID, name: name, known: known)
        }
        return checkpoint
    }
}
