import Foundation
import GRDB
import TandemRelease

/// What a checkpoint's gates answered at one evaluation, as recorded in the audit trail.
public struct GateAnswer: Sendable, Equatable {
    public enum State: String, Sendable, Equatable {
        /// Every gate is satisfied.
        case pass
        /// Not yet: the reason says what the release waits for.
        case wait
        /// Never: the checkpoint is rejected and the release rolls back.
        case reject
        /// A gate cannot be asked in a way waiting fixes (credentials, a malformed answer).
        case error
    }

    public var state: State
    public var reason: String?
    public var at: Date?

    public init(state: State, reason: String?, at: Date? = nil) {
        self.state = state
        self.reason = reason
        self.at = at
    }
}

extension ReleaseStore {
    /// Records the gates' answer at checkpoint `name` in one transaction: a `checkpoint.gate` event only when it
    /// differs from the last one recorded (state or reason), so polling leaves one entry per change. A rejection
    /// also rejects the checkpoint (waiting or approved by people) with the reason as the release's message; the
    /// driving process then rolls the release back. Returns whether the answer changed.
    @discardableResult
    public func recordGateAnswer(_ releaseID: String, checkpoint name: String, _ answer: GateAnswer) async throws -> Bool {
        try await write { db in
            var release = try fetchRelease(db, releaseID)
            var checkpoint = try fetchCheckpoint(db, releaseID, name)
            let last = try latestGateAnswer(db, releaseID, name)
            let changed = last?.state != answer.state || last?.reason != answer.reason
            if changed {
                var data: [String: JSONValue] = ["checkpoint": .string(name), "answer": .string(answer.state.rawValue)]
                data["reason"] = answer.reason.map { .string($0) } ?? .null
                let text: String
                switch answer.state {
                case .pass: text = "the gates of checkpoint \"\(name)\" pass"
                case .wait: text = "checkpoint \"\(name)\" waits for its gates: \(answer.reason ?? "not satisfied yet")"
                case .reject: text = "the gates of checkpoint \"\(name)\" reject the release: \(answer.reason ?? "rejected")"
                case .error: text = "the gates of checkpoint \"\(name)\" cannot be asked: \(answer.reason ?? "error")"
                }
                try appendEvent(db, releaseID: releaseID, kind: EventKind.checkpointGate, message: text, data: JSONValue.object(data).text)
            }
            if answer.state == .reject, checkpoint.state == .waiting || checkpoint.state == .approved {
                let at = now()
                checkpoint.state = .rejected
                checkpoint.decidedAt = at
                try checkpoint.update(db)
                release.message = "rejected at checkpoint \"\(name)\" by its gates: \(answer.reason ?? "rejected")"
                release.updatedAt = at
                try release.update(db)
                try appendEvent(db, releaseID: releaseID, kind: EventKind.checkpointRejected,
                                message: "checkpoint \"\(name)\" rejected by its gates: \(answer.reason ?? "rejected")")
            }
            return changed
        }
    }

    /// A checkpoint that needs no people opens when its gates pass: `waiting` → `approved`. Idempotent.
    public func openCheckpointByGates(_ releaseID: String, name: String) async throws {
        try await write { db in
            var checkpoint = try fetchCheckpoint(db, releaseID, name)
            guard checkpoint.state == .waiting else { return }
            checkpoint.state = .approved
            checkpoint.decidedAt = now()
            try checkpoint.update(db)
            try appendEvent(db, releaseID: releaseID, kind: EventKind.checkpointApproved,
                            message: "checkpoint \"\(name)\" approved by its gates")
        }
    }

    /// The last answer recorded for the gates of checkpoint `name`, if they were ever asked.
    public func latestGateAnswer(_ releaseID: String, checkpoint name: String) async throws -> GateAnswer? {
        try await writer.read { db in try latestGateAnswer(db, releaseID, name) }
    }

    /// Whether the work note of this release was already written to `change` (written once per release and change).
    public func workNoteWritten(_ releaseID: String, change: String) async throws -> Bool {
        try await writer.read { db in
            try EventRecord.filter(EventRecord.Columns.releaseID == releaseID && Column("kind") == EventKind.gateWorkNote.rawValue)
                .fetchAll(db)
                .contains { event in
                    guard case .object(let data)? = event.data.flatMap(JSONValue.init(text:)) else { return false }
                    return data["change"] == .string(change)
                }
        }
    }

    private func latestGateAnswer(_ db: Database, _ releaseID: String, _ name: String) throws -> GateAnswer? {
        let events = try EventRecord.filter(EventRecord.Columns.releaseID == releaseID && Column("kind") == EventKind.checkpointGate.rawValue)
            .order(EventRecord.Columns.id.desc).fetchAll(db)
        for event in events {
            guard case .object(let data)? = event.data.flatMap(JSONValue.init(text:)), data["checkpoint"] == .string(name),
                  case .string(let stateText)? = data["answer"], let state = GateAnswer.State(rawValue: stateText) else { continue }
            var reason: String?
            if case .string(let text)? = data["reason"] { reason = text }
            return GateAnswer(state: state, reason: reason, at: event.at)
        }
        return nil
    }
}
