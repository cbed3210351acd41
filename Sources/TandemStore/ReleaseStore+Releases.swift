import Foundation
import GRDB
import TandemRelease

extension ReleaseStore {
    /// Records a new release in one transaction: takes the locks on `new.lockKeys` when `lockTTL` is given (throws
    /// `lockHeld` naming the holder, and records nothing), inserts the release (`running`), its steps (`pending`) and checkpoints
    /// (`pending`), and appends `release.started`.
    @discardableResult
    public func startRelease(_ new: NewRelease, lockTTL: TimeInterval? = nil) async throws -> ReleaseRecord {
        try Self.validate(new)
        return try await write { db in
            let at = now()
            var id = new.id ?? ReleaseID.make(at: at, suffix: idSuffix())
            if new.id != nil, try ReleaseRecord.exists(db, key: id) {
                throw StoreError.invalidRelease("release id \(id) is taken; start the release again for a new id")
            }
            while try ReleaseRecord.exists(db, key: id) { id = ReleaseID.make(at: at, suffix: idSuffix()) }
            let release = ReleaseRecord(
                id: id, plan: new.plan.name, namespace: new.plan.namespace, planHash: new.plan.hash,
                planContent: new.plan.content, planPath: new.plan.path, planCommit: new.plan.commit,
                versions: new.versions, state: .running, startedBy: new.startedBy,
                startedBySource: new.startedBySource, rollbackOf: new.rollbackOf, message: nil,
                createdAt: at, updatedAt: at, finishedAt: nil, environment: new.environment,
                promotedFrom: new.promotedFrom, changes: new.changes.isEmpty ? nil : new.changes)
            try release.insert(db)
            for (ordinal, planned) in new.steps.enumerated() {
                var step = StepRecord(
                    id: nil, releaseID: id, ordinal: ordinal, kind: planned.kind, service: planned.service,
                    wave: planned.wave, checkpoint: planned.checkpoint, state: .pending, attempt: 0,
                    startedAt: nil, finishedAt: nil, detail: planned.detail, error: nil)
                try step.insert(db)
            }
            for planned in new.checkpoints {
                var checkpoint = CheckpointRecord(
                    id: nil, releaseID: id, name: planned.name, state: .pending,
                    requiredApprovals: planned.policy.requiredApprovals, approvers: planned.policy.approvers,
                    allowSelfApproval: planned.policy.allowSelfApproval, reachedAt: nil, decidedAt: nil)
                try checkpoint.insert(db)
            }
            let versions = release.versions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            var data: [String: JSONValue] = ["planHash": .string(new.plan.hash), "versions": .object(release.versions.mapValues { .string($0) })]
            var whereTo = ""
            if let environment = new.environment {
                data["environment"] = .string(environment)
                whereTo = " to \(environment)"
            }
            if let source = new.promotedFrom {
                data["promotedFrom"] = .string(source)
                whereTo += " (promoted from \(source))"
            }
            try appendEvent(db, releaseID: id, kind: EventKind.releaseStarted, actor: new.startedBy,
                            message: "release of plan \(release.plan)\(whereTo) started by \(new.startedBy): \(versions.joined(separator: ", "))",
                            data: JSONValue.object(data).text)
            if let lockTTL {  // a held lock throws and rolls the whole transaction back
                for key in new.lockKeys { _ = try acquireLock(db, key: key, releaseID: id, ttl: lockTTL) }
            }
            return release
        }
    }

    /// Moves the release to `state` (see `ReleaseState.canMove`), with an optional message (why it failed,
    /// was rejected or aborted). `rolling-back` and the terminal states mark undecided checkpoints `skipped`;
    /// a terminal state sets `finishedAt` and releases every lock this release holds.
    @discardableResult
    public func setReleaseState(_ releaseID: String, to state: ReleaseState, message: String? = nil,
                                actor: String? = nil) async throws -> ReleaseRecord {
        try await write { db in
            var release = try fetchRelease(db, releaseID)
            guard release.state.canMove(to: state) else {
                throw StoreError.invalidReleaseTransition(releaseID: releaseID, from: release.state, to: state)
            }
            let at = now()
            let from = release.state
            release.state = state
            release.updatedAt = at
            if let message { release.message = message }
            if state.isTerminal || state == .rollingBack {
                // Nothing waits for approval once the release is rolled back or finished.
                try CheckpointRecord
                    .filter(CheckpointRecord.Columns.releaseID == releaseID)
                    .filter([CheckpointState.pending.rawValue, CheckpointState.waiting.rawValue].contains(CheckpointRecord.Columns.state))
                    .updateAll(db, CheckpointRecord.Columns.state.set(to: CheckpointState.skipped.rawValue))
            }
            if state.isTerminal {
                release.finishedAt = at
                try releaseLocks(db, releaseID: releaseID)
            } else {
                release.finishedAt = nil
            }
            try release.update(db)
            var text = "release \(from.rawValue) → \(state.rawValue)"
            if let message { text += ": \(message)" }
            try appendEvent(db, releaseID: releaseID, kind: EventKind.releaseState, actor: actor, message: text,
                            data: JSONValue.object(["from": .string(from.rawValue), "to": .string(state.rawValue)]).text)
            return release
        }
    }

    /// A fresh release id (not yet recorded), for a starter that must take cluster locks in the release's
    /// name before `startRelease` records it (pass it as `NewRelease.id`).
    public func newReleaseID() -> String { ReleaseID.make(at: now(), suffix: idSuffix()) }

    /// The release, or `unknownRelease` with a hint.
    public func release(_ releaseID: String) async throws -> ReleaseRecord {
        try await writer.read { db in try fetchRelease(db, releaseID) }
    }

    /// Releases newest first, optionally of one plan (and namespace), environment and in given states.
    public func releases(plan: String? = nil, namespace: String? = nil, environment: String? = nil, states: [ReleaseState]? = nil,
                         limit: Int? = nil) async throws -> [ReleaseRecord] {
        try await writer.read { db in
            var request = ReleaseRecord.all()
            if let plan { request = request.filter(ReleaseRecord.Columns.plan == plan) }
            if let environment { request = request.filter(ReleaseRecord.Columns.environment == environment) }
            if let namespace { request = request.filter(ReleaseRecord.Columns.namespace == namespace) }
            if let states { request = request.filter(states.map(\.rawValue).contains(ReleaseRecord.Columns.state)) }
            request = request.order(ReleaseRecord.Columns.createdAt.desc, ReleaseRecord.Columns.id.desc)
            if let limit { request = request.limit(limit) }
            return try request.fetchAll(db)
        }
    }

    /// The newest succeeded release of the plan before `releaseID` — the versions `release rollback` restores.
    public func previousSucceededRelease(before releaseID: String) async throws -> ReleaseRecord? {
        try await writer.read { db in
            let release = try fetchRelease(db, releaseID)
            return try ReleaseRecord
                .filter(ReleaseRecord.Columns.plan == release.plan && ReleaseRecord.Columns.namespace == release.namespace)
                .filter(ReleaseRecord.Columns.environment == release.environment)  // nil: IS NULL
                .filter(ReleaseRecord.Columns.state == ReleaseState.succeeded.rawValue)
                .filter(ReleaseRecord.Columns.createdAt < StoredTime.text(release.createdAt)
                        || (ReleaseRecord.Columns.createdAt == StoredTime.text(release.createdAt) && ReleaseRecord.Columns.id < release.id))
                .order(ReleaseRecord.Columns.createdAt.desc, ReleaseRecord.Columns.id.desc)
                .fetchOne(db)
        }
    }

    /// The newest succeeded release of `plan` in `environment` with exactly `versions`: what a release to an
    /// environment that `requires` this one must have behind it.
    public func succeededRelease(plan: String, environment: String, versions: [String: String]) async throws -> ReleaseRecord? {
        try await writer.read { db in
            try ReleaseRecord
                .filter(ReleaseRecord.Columns.plan == plan && ReleaseRecord.Columns.environment == environment)
                .filter(ReleaseRecord.Columns.state == ReleaseState.succeeded.rawValue)
                .order(ReleaseRecord.Columns.createdAt.desc, ReleaseRecord.Columns.id.desc)
                .fetchAll(db)
                .first { $0.versions == versions }
        }
    }

    func fetchRelease(_ db: Database, _ releaseID: String) throws -> ReleaseRecord {
        guard let release = try ReleaseRecord.fetchOne(db, key: releaseID) else {
            throw StoreError.unknownRelease(id: releaseID, database: location)
        }
        return release
    }

    static func validate(_ new: NewRelease) throws {
        func fail(_ reason: String) -> StoreError { .invalidRelease(reason) }
        if new.plan.name.isEmpty { throw fail("the plan has no name") }
        if new.plan.hash.isEmpty { throw fail("the plan hash is empty") }
        if new.startedBy.trimmingCharacters(in: .whitespaces).isEmpty { throw fail("who started it is unknown; pass --by or set TANDEM_USER") }
        var names = Set<String>()
        for checkpoint in new.checkpoints where !names.insert(checkpoint.name).inserted {
            throw fail("checkpoint \"\(checkpoint.name)\" is declared twice")
        }
        for (ordinal, step) in new.steps.enumerated() {
            if step.kind == .checkpoint {
                guard let name = step.checkpoint, names.contains(name) else {
                    throw fail("checkpoint step \(ordinal) names no declared checkpoint (\(step.checkpoint ?? "none"))")
                }
            }
            if let detail = step.detail, JSONValue(text: detail) == nil {
                throw StoreError.invalidJSON(context: "the detail of step \(ordinal)")
            }
        }
    }
}
